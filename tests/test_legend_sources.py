"""Where a key is found: a written key the layout took into a table, and small coloured cells of a
records row that are not a key's swatches (issue 12 item 2)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from pipeline.extract.textlayer import _key_label, _key_pairs

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "samples")]

from plangen.corpus import build_document  # noqa: E402

from pipeline import extract_plan  # noqa: E402


def test_key_labels_are_status_words_not_prose() -> None:
    for label in ("Green", "On track", "Minor slippage", "Complete", "A", "Blue"):
        assert _key_label(label), label
    for label in (
        "A draft has been",
        "Delayed by staff absence; a recovery plan is agreed.",
        "Recruitment is under way; two posts remain vacant.",
    ):
        assert not _key_label(label), label


def test_written_key_pairs() -> None:
    rows = _key_pairs("Red = Off track; Amber = On track; Green = Complete; Blue = Complete and verified.")
    assert [r[0] for r in rows] == ["Red", "Amber", "Green", "Blue"]
    assert _key_pairs("The board received an update; audits continue") == []


def _legend(
    seed: int, tmp_path: Path
) -> tuple[list[tuple[str, str, str | None]], list[tuple[str, str, str | None]]]:
    _, doc = build_document(seed, seed % 2, None)
    pdf = tmp_path / f"{seed}.pdf"
    pdf.write_bytes(doc.pdf)
    got = extract_plan(pdf)

    def entries(legend):  # type: ignore[no-untyped-def]
        if legend.source != "document":
            return []
        return [
            (e.label.lower(), e.rag.value, e.delivery_state.value if e.delivery_state else None)
            for e in legend.entries
        ]

    return entries(got.legend), entries(doc.expected.legend)


@pytest.mark.parametrize(
    "seed",
    [
        4087,  # 'Key: Red = Off track; Amber = On track; ...' under the scorecard, read into its table
        1044,  # swatch key, and coloured status cells of records rows beside progress text
    ],
)
def test_house_style_keys(seed: int, tmp_path: Path) -> None:
    got, want = _legend(seed, tmp_path)
    assert got == want
