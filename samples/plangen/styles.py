"""Seeded house styles: `style(seed)` draws every dimension of how a council lays out its plan.

Each dimension is drawn independently (a few combinations a real document cannot have are
re-drawn: with no recommendation headings the refs must carry the recommendation number, and the
titles must be printed somewhere, in a summary table). The values are listed in `DIMENSIONS`, so a
test can check that a few hundred seeds reach all of them, and the benchmark can count failures per
dimension value. `python samples/plangen/styles.py SEED [--out DIR]` writes one seed's PDFs, expected
editions and change list.
"""

from __future__ import annotations

import random
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

DIMENSIONS: dict[str, tuple[str, ...]] = {
    # page
    "orientation": ("portrait", "landscape"),
    "font": ("helvetica", "times", "courier", "dejavu"),
    "bullet": ("helvetica_cid", "symbol", "zapf", "dash", "dejavu_clean", "none"),
    "running_header": ("none", "title", "title_version"),
    "running_footer": ("none", "page_n_of_m", "page_n", "final_stamp"),
    "cover": ("none", "cover"),
    "board_cover": ("no", "yes"),
    "blank_page": ("no", "yes"),
    # sections
    "intro": (
        "recommendation",
        "priority",
        "area",
        "workstream",
        "standard",
        "must_should",
        "heading_rag",
        "none",
    ),
    "layout": ("per_rec", "long"),
    "summary": ("none", "table", "table_with_progress"),
    "rec_lead": ("own_line", "column", "brackets", "job_title"),
    # tables
    "rules": ("grid", "horizontal", "none"),
    "header_fill": ("none", "shaded"),
    "zebra": ("no", "yes"),
    "header_words": ("real", "unlisted", "mixed"),
    "header_split": ("none", "wrap", "midword"),
    "header_rows": ("one", "two"),
    "repeat_header": ("yes", "no"),
    "split_rows": ("no", "yes"),
    "merged_cells": ("no", "yes"),
    "dense_cells": ("no", "two_leads", "two_dates"),
    "column_order": ("standard", "status_first", "shuffled"),
    "omit_column": ("none", "lead", "start"),
    "extra_column": ("none", "success", "evidence", "resources"),
    # refs
    "ref_form": ("letter", "dotted", "dotted3", "paren", "r_prefix", "a_prefix", "padded"),
    "indicator_code": ("ni", "bvpi", "aese", "csc", "scc", "cp", "pi_dash"),
    # status
    "status_form": ("letter_fill", "fill_only", "word", "word_meaning", "colour_word", "percent", "shape"),
    "key_scheme": ("standard", "darlington", "nhs", "district", "four", "grey_bau"),
    "key_form": ("table", "swatches", "caption", "none"),
    "key_position": ("front", "guidance", "end"),
    # dates
    "date_format": (
        "mon_yyyy",
        "month_yyyy",
        "d.m.yy",
        "dd/mm/yy",
        "dd.mm.yyyy",
        "dd/mm/yyyy",
        "d_month_yyyy",
        "end_mon_yy",
        "by_mon_yyyy",
        "by_end_of_mon_yy",
        "by_the_end_of_month",
        "quarter_words",
        "q_fy",
        "q_calendar",
        "fy",
    ),
    "open_dates": ("none", "ongoing", "tbc", "term", "mixed"),
    "revised": ("none", "column", "stacked"),
    "start_format": ("same", "from_mon_yy"),
    # indicators
    "indicators": ("none", "with_recs"),
    "ind_values": ("latest", "quarters", "months", "ytd", "current"),
    "ind_baseline": ("no", "yes"),
    "ind_polarity": ("no", "yes"),
    "ind_dot": ("none", "arrows", "words"),
    "ind_status": ("fill_only", "letter_fill", "word"),
    # stated totals and furniture
    "totals": ("none", "prose", "bullets_pct", "two_level", "table", "x_of_y"),
    "data_as_of": ("no", "yes"),
}


@dataclass(frozen=True)
class Style:
    """One house style: a value for every dimension, plus the seed that drew it."""

    seed: int
    orientation: str
    font: str
    bullet: str
    running_header: str
    running_footer: str
    cover: str
    board_cover: str
    blank_page: str
    intro: str
    layout: str
    summary: str
    rec_lead: str
    rules: str
    header_fill: str
    zebra: str
    header_words: str
    header_split: str
    header_rows: str
    repeat_header: str
    split_rows: str
    merged_cells: str
    dense_cells: str
    column_order: str
    omit_column: str
    extra_column: str
    ref_form: str
    indicator_code: str
    status_form: str
    key_scheme: str
    key_form: str
    key_position: str
    date_format: str
    open_dates: str
    revised: str
    start_format: str
    indicators: str
    ind_values: str
    ind_baseline: str
    ind_polarity: str
    ind_dot: str
    ind_status: str
    totals: str
    data_as_of: str

    def dimensions(self) -> dict[str, str]:
        """Dimension -> value (everything but the seed)."""
        out = asdict(self)
        out.pop("seed")
        return out


REFS_WITH_NUMBER = ("dotted", "dotted3", "paren", "r_prefix", "padded")


def style(seed: int) -> Style:
    """The house style of `seed`: every dimension drawn independently from its own stream."""
    rng = random.Random(f"style:{seed}")
    values = {name: rng.choice(options) for name, options in DIMENSIONS.items()}
    # The few combinations no document can have are re-drawn from the same stream.
    if values["intro"] == "none":
        # Without headings the ref is the only link, so it must carry the number; the titles are in the
        # summary table, and the leads cannot be in a heading.
        if values["ref_form"] not in REFS_WITH_NUMBER:
            values["ref_form"] = rng.choice(REFS_WITH_NUMBER)
        if values["summary"] == "none":
            values["summary"] = rng.choice(("table", "table_with_progress"))
        values["rec_lead"] = "column"
    if values["rec_lead"] == "column" and values["summary"] == "none":
        values["rec_lead"] = rng.choice(("own_line", "brackets", "job_title"))
    return Style(seed=seed, **values)


def main(argv: list[str] | None = None) -> int:
    """Write one seed's editions (PDF + expected JSON) and their change list, for debugging."""
    import argparse
    import json

    here = Path(__file__).resolve().parent
    sys.path[:0] = [str(here.parent), str(here.parent.parent)]
    from plangen.corpus import build_plan

    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("seed", type=int)
    parser.add_argument("--out", type=Path, default=Path("."))
    args = parser.parse_args(argv)
    plan = build_plan(args.seed)
    args.out.mkdir(parents=True, exist_ok=True)
    for doc in plan.documents:
        (args.out / doc.name).write_bytes(doc.pdf)
        (args.out / doc.name.replace(".pdf", ".expected.json")).write_text(
            json.dumps(doc.expected.model_dump(mode="json"), indent=2, ensure_ascii=False) + "\n",
            encoding="utf-8",
        )
    (args.out / f"style-{args.seed}.changes.expected.json").write_text(
        json.dumps(plan.changes, indent=2) + "\n", encoding="utf-8"
    )
    (args.out / f"style-{args.seed}.style.json").write_text(
        json.dumps(plan.style.dimensions(), indent=2) + "\n", encoding="utf-8"
    )
    print("\n".join(str(args.out / d.name) for d in plan.documents))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
