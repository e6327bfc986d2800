"""Layout models: what the layout stage hands to extraction (lines, cells, rows, tables, document flow)."""

from __future__ import annotations

from pydantic import Field

from pipeline.models.common import Model, PageSource


class TextLine(Model):
    """Words on one baseline within one cell or prose region, left to right."""

    text: str = Field(description="Words joined by single spaces.")
    page: int = Field(description="1-based page.")
    x0: float = Field(description="Left.")
    top: float = Field(description="Top.")
    x1: float = Field(description="Right.")
    bottom: float = Field(description="Bottom.")
    size: float = Field(default=0.0, description="Median font size.")
    bold: bool = Field(default=False, description="All words bold.")
    confidence: float = Field(default=1.0, description="Minimum word confidence.")
    source: PageSource = Field(default=PageSource.TEXT_LAYER, description="How the words were read.")


class Cell(Model):
    """One table cell: its lines of text, position and fill."""

    lines: list[TextLine] = Field(default_factory=list, description="Text lines, top to bottom.")
    page: int = Field(description="1-based page.")
    x0: float = Field(description="Left.")
    top: float = Field(description="Top.")
    x1: float = Field(description="Right.")
    bottom: float = Field(description="Bottom.")
    col_start: int = Field(description="First column index covered.")
    col_end: int = Field(description="Last column index covered (> col_start when the cell spans).")
    fill: str | None = Field(default=None, description="Fill colour '#rrggbb' when shaded.")

    @property
    def text(self) -> str:
        """Lines joined by newlines."""
        return "\n".join(line.text for line in self.lines)

    @property
    def flat(self) -> str:
        """Lines joined by spaces."""
        return " ".join(line.text for line in self.lines).strip()

    @property
    def confidence(self) -> float:
        """Lowest line confidence (1.0 for an empty cell)."""
        return min((line.confidence for line in self.lines), default=1.0)


class Row(Model):
    """A table row: one cell per column or a spanning cell."""

    page: int = Field(description="Page of the row.")
    top: float = Field(description="Top.")
    bottom: float = Field(description="Bottom.")
    cells: list[Cell] = Field(default_factory=list, description="Cells left to right.")

    def cell_for(self, column: int) -> Cell | None:
        """The cell covering `column`."""
        for cell in self.cells:
            if cell.col_start <= column <= cell.col_end:
                return cell
        return None

    @property
    def spans_all(self) -> bool:
        """True when one cell holds all the row's text and it spans more than one column."""
        filled = [c for c in self.cells if c.lines]
        return len(filled) == 1 and filled[0].col_end > filled[0].col_start


class Column(Model):
    """A table column and the role its header was recognised as."""

    index: int = Field(description="0-based column index.")
    header: str = Field(description="Header text as printed (may be empty).")
    role: str | None = Field(default=None, description="Role from the synonym table, or None if unknown.")
    x0: float = Field(description="Left boundary.")
    x1: float = Field(description="Right boundary.")


class Table(Model):
    """A table, stitched across pages when it continues."""

    pages: list[int] = Field(description="Pages it occupies.")
    columns: list[Column] = Field(description="Columns with their header roles.")
    rows: list[Row] = Field(default_factory=list, description="Body rows (repeated headers removed).")
    header_text: str = Field(default="", description="All header cells joined, for kind detection.")
    kind: str = Field(default="unknown", description="summary, indicators, actions, legend or unknown.")
    ruled: bool = Field(default=True, description="Vertical rules were found.")
    top: float = Field(description="Top of the table on its first page.")
    bottom: float = Field(default=0.0, description="Bottom on its last page.")

    def role_index(self, role: str) -> int | None:
        """Index of the first column with `role`."""
        for col in self.columns:
            if col.role == role:
                return col.index
        return None


class FlowItem(Model):
    """One item in document order: a prose line or a table."""

    page: int = Field(description="Page.")
    top: float = Field(description="Top.")
    line: TextLine | None = Field(default=None, description="A prose line outside tables.")
    table: Table | None = Field(default=None, description="A table (first page position).")


class Layout(Model):
    """The document as an ordered flow of prose lines and tables."""

    flow: list[FlowItem] = Field(default_factory=list, description="Items in reading order.")
    page_sources: dict[int, PageSource] = Field(default_factory=dict, description="Page -> source.")
    furniture: list[TextLine] = Field(
        default_factory=list, description="Running header/footer lines, kept out of the flow."
    )
