"""Coverage models: how much of each page and table ended up in the records (what was not read)."""

from __future__ import annotations

from pydantic import Field

from pipeline.models.common import Model


class PageCoverage(Model):
    """How many of a page's words were read into records or recognised text."""

    number: int = Field(ge=1, description="1-based page number.")
    words: int = Field(ge=0, description="Words on the page (tokens with a letter or digit).")
    read: int = Field(
        ge=0,
        description="Words that ended up in a record field, or in a legend, stated total, heading, "
        "running header or table header that was recognised.",
    )
    left_over: int = Field(ge=0, description="Words that were not read: words - read.")
    table_words: int = Field(default=0, ge=0, description="Words inside tables on this page.")
    table_left_over: int = Field(default=0, ge=0, description="Of those, words that were not read.")


class TableCoverage(Model):
    """One table of the layout (stitched across pages) and how many of its rows became records."""

    pages: list[int] = Field(description="Pages the table occupies.")
    header: str = Field(description="Header cells as printed, joined by ' | ' (empty when none found).")
    kind: str = Field(description="What layout took it for: summary, actions, indicators, legend, unknown.")
    rows: int = Field(ge=0, description="Body rows with text (repeated header rows not counted).")
    records: int = Field(ge=0, description="Rows that became a record (recommendation, action, indicator).")
    words: int = Field(ge=0, description="Words in the table's rows.")
    read: int = Field(ge=0, description="Of those, words that were read (a record field, legend, total).")
    unread: bool = Field(
        default=False,
        description="True when a coverage warning names the table: its rows (or most of its text) were "
        "not read (PT501, PT502).",
    )


class Coverage(Model):
    """What was and was not read: every page and every table, and the pages a reader should check."""

    words: int = Field(ge=0, description="Words in the document.")
    read: int = Field(ge=0, description="Words read (see PageCoverage.read).")
    share: float = Field(ge=0.0, le=1.0, description="read / words, 0-1 (1.0 for a document without words).")
    pages: list[PageCoverage] = Field(default_factory=list, description="Per page, in page order.")
    tables: list[TableCoverage] = Field(
        default_factory=list, description="Per table, in reading order (empty for plain-text input)."
    )
    partly_read: list[int] = Field(
        default_factory=list,
        description=(
            "Pages named by a coverage warning (PT5xx) or not read at all (PT101-PT103, PT105): "
            "empty when the document was fully read."
        ),
    )

    @property
    def pages_to_check(self) -> str:
        """The partly read pages as a reader writes them: 'page 3', 'pages 2, 6-9' ('' when none)."""
        return page_ranges(self.partly_read)


def page_ranges(pages: list[int]) -> str:
    """'page 3', 'pages 2, 6-9, 11'; '' for no pages."""
    ps = sorted(set(pages))
    if not ps:
        return ""
    runs: list[list[int]] = []
    for p in ps:
        if runs and p == runs[-1][-1] + 1:
            runs[-1].append(p)
        else:
            runs.append([p])
    text = ", ".join(f"{r[0]}-{r[-1]}" if len(r) > 2 else ", ".join(map(str, r)) for r in runs)
    return ("page " if len(ps) == 1 else "pages ") + text
