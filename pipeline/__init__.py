"""plantrack: improvement-plan PDFs to validated, structured records, and what changed between editions.

    >>> from pipeline import extract
    >>> edition = extract("samples/northbridge/northbridge-2024-01.pdf")
    >>> [a.key for a in edition.actions if a.rag.value == "red"]
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from pipeline.orchestrate import extract as extract


def __getattr__(name: str) -> Any:
    # Lazy, so `import pipeline` stays cheap (camelot's lesson) and the CLI starts fast.
    if name == "extract":
        from pipeline.orchestrate import extract

        return extract
    raise AttributeError(name)


__all__ = ["__version__", "extract"]
