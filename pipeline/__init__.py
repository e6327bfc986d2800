"""plantrack: improvement-plan PDFs to validated, structured records, and what changed between editions.

    >>> import pipeline
    >>> edition = pipeline.extract_plan("samples/northbridge/northbridge-2024-01.pdf")
    >>> [a.key for a in edition.actions if a.rag.value == "red"]
    ['R7-a', 'R7-b']

(`extract_plan`, not `extract`: `pipeline.extract` is the extraction stage's package.)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from pipeline.diff import diff_editions as diff_editions
    from pipeline.emit.frames import to_frames as to_frames
    from pipeline.orchestrate import extract as extract_plan


def __getattr__(name: str) -> Any:
    # Lazy, so `import pipeline` stays cheap (camelot's lesson) and the CLI starts fast.
    if name == "extract_plan":
        from pipeline.orchestrate import extract

        return extract
    if name == "diff_editions":
        from pipeline.diff import diff_editions

        return diff_editions
    if name == "to_frames":
        from pipeline.emit.frames import to_frames

        return to_frames
    raise AttributeError(name)


__all__ = ["__version__", "diff_editions", "extract_plan", "to_frames"]
