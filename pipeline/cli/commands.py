"""Imports every command module so that each registers itself on the app."""

from pipeline.cli import doctor_cmd, extract_cmd, schema_cmd  # noqa: F401

try:  # commands of later stages register themselves when present
    from pipeline.cli import diff_cmd  # noqa: F401
except ImportError:  # pragma: no cover
    pass
try:
    from pipeline.cli import history_cmd  # noqa: F401
except ImportError:  # pragma: no cover
    pass
