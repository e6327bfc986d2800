"""What goes in each cell of a house-style plan: shared by the renderer and the expected output.

Every function here works from the style and the content alone (never from a drawn page), and
returns the printed text together with what it means, so the PDF and the expected Edition agree by
construction.
"""

from __future__ import annotations

import calendar
import datetime as dt
import random
from dataclasses import dataclass

from pipeline.models import PlanDate
from plangen import printed
from plangen.content import ActionC, EditionC, IndicatorC, PlanC, RecC
from plangen.printed import SCHEMES, KeyEntry, Reading
from plangen.styles import Style

HEADERS: dict[str, tuple[list[str], list[str]]] = {  # role -> (real wordings, wordings on no list)
    "ref": (["Ref", "Ref No", "No.", "NOS", "Ref no."], ["Line", "Item #"]),
    "action": (
        ["Action", "Actions Required", "Planned Action:", "Specific Actions (dated)", "Description"],
        ["What we will do", "Intervention planned"],
    ),
    "lead": (
        ["Lead Officer(s)", "Led by:", "Person/s Responsible", "Lead", "Owner", "Task Lead"],
        ["Accountable manager", "Named person"],
    ),
    "start": (["Start date", "Start"], ["Commences", "Kick-off"]),
    "due": (
        ["End date:", "Due date", "Target date", "Completion Date", "Deadline", "By when"],
        ["Delivery by", "Finish"],
    ),
    "revised": (["Revised date", "Revised due date"], ["New finish", "Re-profiled"]),
    "status": (
        ["Status", "Current Status", "RAG", "Red/Amber/Green", "BRAG"],
        ["Rating", "How are we doing"],
    ),
    "percent": (["Percentage complete", "% complete"], ["Done so far"]),
    "progress": (
        ["Progress update", "Comments", "Update on progress", "Commentary"],
        ["Position this period"],
    ),
    "success": (["Success Criteria", "Success measures"], ["How we will know"]),
    "evidence": (["Evidence", "Evaluation of impact"], ["Proof of impact"]),
    "resources": (["Resources", "Resource Implication"], ["Budget impact"]),
}
IND_HEADERS: dict[str, tuple[list[str], list[str]]] = {
    "code": (["Ref", "Measurement code", "PI Number", "Code"], ["PI tag"]),
    "description": (["Definition", "Indicator", "Measure", "Agreed measures of progress"], ["What we count"]),
    "lead": (["Owner", "Lead Officer"], ["Data owner"]),
    "target": (["Target", "Year End Target"], ["Aim"]),
    "polarity": (["Polarity"], ["Good is"]),
    "dot": (["Direction of travel (DOT)", "Trend"], ["Heading"]),
    "status": (["RAG", "Status"], ["Rating"]),
}
WIDTH_WEIGHT = {
    "ref": 0.6,
    "action": 3.2,
    "lead": 1.4,
    "start": 0.9,
    "due": 1.0,
    "revised": 0.9,
    "status": 0.9,
    "progress": 2.4,
    "extra": 1.6,
}
ARROWS = {"improving": "\u2191", "declining": "\u2193", "same": "\u2192"}
DOT_WORDS = {"improving": "Improving", "declining": "Declining", "same": "No change"}


@dataclass(frozen=True)
class Column:
    """A table column: its role, and its header as drawn (lines) and as meant (one line)."""

    role: str
    lines: tuple[str, ...]

    @property
    def text(self) -> str:
        """The header as a reader records it (a mid-word split is joined back)."""
        return _join_header(self.lines)


def _join_header(lines: tuple[str, ...]) -> str:
    out = lines[0]
    for line in lines[1:]:
        out += line if out.endswith(MIDWORD) else " " + line
    return out.replace(MIDWORD, "")


MIDWORD = "\u0000"  # marks a mid-word split inside Column.lines


def _rng(style: Style, what: str) -> random.Random:
    return random.Random(f"cells:{style.seed}:{what}")


def _wording(style: Style, pools: tuple[list[str], list[str]], rng: random.Random) -> str:
    real, unlisted = pools
    if style.header_words == "real" or (style.header_words == "mixed" and rng.random() < 0.6):
        return rng.choice(real)
    return rng.choice(unlisted)


def _split_header(style: Style, text: str, rng: random.Random) -> tuple[str, ...]:
    if style.header_split == "wrap" and " " in text:
        head, _, tail = text.partition(" ")
        return (head, tail)
    if style.header_split == "midword":
        longest = max(text.split(), key=len)
        if len(longest) >= 6:
            cut = rng.randint(3, len(longest) - 2)
            i = text.index(longest)
            return (text[: i + cut] + MIDWORD, text[i + cut :])
    return (text,)


def keyed(style: Style) -> bool:
    """Whether the document prints a key a reader can use."""
    return style.key_form != "none"


def entry(style: Style, meaning: str) -> KeyEntry:
    """The key entry of the style's scheme that stands for a meaning."""
    return next(e for e in SCHEMES[style.key_scheme] if e.meaning == meaning)


def status_form(style: Style, record: str) -> str:
    """How status is printed for actions, recommendations (summary) and indicators."""
    if record == "indicator":
        return style.ind_status
    if record == "recommendation" and style.status_form in ("percent", "shape"):
        return "colour_word"
    return style.status_form


def reading(style: Style, record: str, meaning: str, pct: int | None = None) -> Reading:
    """What a careful reader records for a status cell of this record kind."""
    if meaning == "bau":
        return Reading("bau", printed.WORDS["bau"], "text")
    return printed.read_status(status_form(style, record), entry(style, meaning), keyed(style), pct)


def action_columns(style: Style, edition: dt.date) -> list[Column]:
    """The action table's columns in order (the same in every edition, except a dated header)."""
    rng = _rng(style, "action-columns")
    roles = ["ref"] if style.ref_form != "letter" else []
    roles.append("action")
    rest = ["lead", "start", "due"]
    if style.omit_column != "none":
        rest.remove(style.omit_column)
    if style.dense_cells == "two_dates" and "start" in rest:
        rest.remove("start")  # start and due share the due cell
    if style.revised == "column":
        rest.append("revised")
    rest += ["status", "progress"]
    if style.extra_column != "none":
        rest.append(style.extra_column)
    if style.column_order == "status_first":
        rest.remove("status")
        rest.insert(0, "status")
    elif style.column_order == "shuffled":
        rng.shuffle(rest)
    columns = []
    for role in roles + rest:
        pool_role = "percent" if role == "status" and style.status_form == "percent" else role
        text = _wording(style, HEADERS[pool_role], rng)
        if role == "progress" and rng.random() < 0.3:
            text = f"Progress {calendar.month_name[edition.month]} {edition.year}"
        columns.append(Column(role, _split_header(style, text, rng)))
    return columns


def column_role(column: Column) -> str:
    """Success/evidence/resources columns are all 'extra'."""
    return "extra" if column.role in ("success", "evidence", "resources") else column.role


def ref_of(style: Style, rec: int, index: int) -> tuple[str, str]:
    """(printed ref, ref as recorded) of the index-th action of a recommendation."""
    letter = "abcdefghijklmnopqrstuvwxyz"[index]
    n = index + 1
    form = style.ref_form
    if form == "letter":
        return f"{letter}.", letter
    if form == "dotted":
        return f"{rec}.{n}", f"{rec}.{n}"
    if form == "dotted3":
        return f"{rec}.1.{n}", f"{rec}.1.{n}"
    if form == "paren":
        return f"({rec}{letter})", f"{rec}{letter}"
    if form == "r_prefix":
        return f"R{rec}.{n}", f"R{rec}.{n}"
    if form == "a_prefix":
        return f"A{n}", f"A{n}"
    return f"{rec}.01.{n:02d}", f"{rec}.01.{n:02d}"


def due_dates(style: Style, action: ActionC, edition: dt.date) -> tuple[PlanDate | None, PlanDate | None]:
    """(due, revised due) as printed."""
    if isinstance(action.due, str):
        due = printed.open_date(action.due, edition)
    else:
        due = printed.format_date(style.date_format, action.due, edition)
    revised = None
    if action.revised is not None and style.revised != "none":
        revised = printed.format_date(style.date_format, action.revised, edition)
    return due, revised


def start_of(style: Style, action: ActionC, edition: dt.date) -> PlanDate | None:
    """Start date as printed, or None when the style prints none."""
    if action.start is None or (style.omit_column == "start" and style.dense_cells != "two_dates"):
        return None
    if style.omit_column == "start":
        return None
    return printed.start_date(style.start_format, action.start, edition, style.date_format)


def lead_lines(style: Style, leads: list[str]) -> list[str]:
    """A lead cell's lines: two leads share a line (' / ') or are stacked."""
    if len(leads) > 1 and style.seed % 2:
        return leads
    return [" / ".join(leads)]


INTRO_LABEL = {
    "recommendation": "Recommendation",
    "priority": "Priority",
    "area": "Area for improvement",
    "workstream": "Workstream",
    "standard": "Standard",
    "heading_rag": "Recommendation",
}


def rec_heading(style: Style, rec: RecC) -> str | None:
    """The heading that introduces a recommendation, or None when the style has none."""
    if style.intro == "none":
        return None
    if style.intro == "must_should":
        label = "Must do" if rec.number % 3 else "Should do"
    else:
        label = INTRO_LABEL[style.intro]
    sep = " - " if style.intro == "standard" else ": "
    text = f"{label} {rec.number}{sep}{rec.title}"
    if style.rec_lead == "brackets":
        text += f" ({rec.lead.upper()})"
    if style.intro == "heading_rag" and rec.meaning != "bau":
        text += f" - RAG rating: {entry(style, rec.meaning).label.upper()}"
    return text


def rec_lead_line(style: Style, rec: RecC) -> str | None:
    """The line giving the lead under a heading (own line or with a job title)."""
    if style.rec_lead == "own_line":
        return f"Lead officer: {rec.lead}"
    if style.rec_lead == "job_title":
        return f"Lead: {rec.lead}, {rec.job}"
    return None


def rec_lead_raw(style: Style, rec: RecC) -> str:
    """The lead text as printed (after its label)."""
    if style.rec_lead == "brackets":
        return rec.lead.upper()
    if style.rec_lead == "job_title":
        return f"{rec.lead}, {rec.job}"
    return rec.lead


def indicator_value_columns(style: Style, edition: dt.date) -> list[str]:
    """Headers of the value columns (baseline first when printed; the last is the latest)."""
    prev = edition.replace(day=1) - dt.timedelta(days=1)
    cols = [f"Baseline {edition.year - 1}/{edition.year % 100:02d}"] if style.ind_baseline == "yes" else []
    if style.ind_values == "latest":
        cols.append(f"Latest ({printed.MON[prev.month][:3]} {prev.year})")
    elif style.ind_values == "ytd":
        cols.append("Progress YTD")
    elif style.ind_values == "current":
        cols.append("Current")
    elif style.ind_values == "quarters":
        cols += ["Q1", "Q2", "Q3"]
    else:
        months = [(prev.replace(day=1) - dt.timedelta(days=31 * k)).month for k in (2, 1, 0)]
        cols += [calendar.month_abbr[m] for m in months]
    return cols


def period_of(header: str) -> str | None:
    """The period an actual's column header names ('Latest (Aug 2024)' -> 'Aug 2024')."""
    if header.startswith("Latest ("):
        return header[len("Latest (") : -1]
    if header == "Progress YTD":
        return "YTD"
    if header == "Current":
        return None
    return header


def indicator_values(style: Style, ind: IndicatorC) -> tuple[list[float | None], int]:
    """The values printed in the value columns after the baseline, and how many columns stay empty."""
    if style.ind_values in ("quarters", "months"):
        vals = ind.values[-3:]
        return vals, 3 - len(vals)
    return [ind.values[-1]], 0


def dot_text(style: Style, ind: IndicatorC) -> str:
    """Direction of travel as printed."""
    return ARROWS[ind.dot] if style.ind_dot == "arrows" else DOT_WORDS[ind.dot]


def polarity_text(ind: IndicatorC) -> str:
    """The polarity column's wording."""
    return {"higher_better": "Higher is better", "lower_better": "Lower is better"}.get(ind.polarity, "-")


# ------------------------------------------------------------------------------------- stated totals
@dataclass(frozen=True)
class Stat:
    """One stated count: what it counts and its value."""

    entity: str
    category: str
    value: int


def _label(style: Style, meaning: str) -> str:
    if meaning == "bau":
        return "business as usual"
    if keyed(style):
        return entry(style, meaning).label
    return printed.WORDS[meaning].lower()


def _counts(items: list[str]) -> dict[str, int]:
    out: dict[str, int] = {}
    for m in items:
        out[m] = out.get(m, 0) + 1
    return out


def totals_lines(style: Style, plan: PlanC, edition: EditionC) -> list[tuple[str, list[Stat]]]:
    """Sentences (or table cells) stating counts, each with the counts it states, in printed order."""
    if style.totals == "none":
        return []
    meanings = [a.meaning for r in edition.recs for a in r.actions]
    counts = _counts(meanings)
    order = [e.meaning for e in SCHEMES[style.key_scheme] if e.meaning in counts]
    total = len(meanings)
    out: list[tuple[str, list[Stat]]] = []
    rec_meanings = [r.meaning for r in edition.recs]
    if style.totals in ("prose", "bullets_pct") and style.summary != "none":
        rc = _counts(rec_meanings)
        parts = [
            f"{n} {_label(style, m) if m == 'bau' else 'rated ' + _label(style, m)}" for m, n in rc.items()
        ]
        out.append(
            (
                f"The plan answers {len(rec_meanings)} recommendations: " + ", ".join(parts) + ".",
                [Stat("recommendation", "total", len(rec_meanings))]
                + [Stat("recommendation", printed.category(m), n) for m, n in rc.items()],
            )
        )
    if style.totals == "prose":
        parts = [f"{counts[m]} are {_label(style, m)}" for m in order]
        out.append(
            (
                f"Of the {total} actions in the plan, " + ", ".join(parts) + ".",
                [Stat("action", "total", total)]
                + [Stat("action", printed.category(m), counts[m]) for m in order],
            )
        )
    elif style.totals == "bullets_pct":
        out.append((f"There are {total} actions in total:", [Stat("action", "total", total)]))
        for m in order:
            pct = round(100 * counts[m] / total)
            out.append(
                (
                    f"{_label(style, m)} = {counts[m]} ({pct}%)",
                    [Stat("action", printed.category(m), counts[m])],
                )
            )
    elif style.totals == "two_level":
        done = [m for m in order if printed.category(m) not in ("green", "amber", "red", "amber_green")]
        rated = [m for m in order if m not in done]
        n_rated = sum(counts[m] for m in rated)
        first = ", ".join(f"{counts[m]} {_label(style, m)}" for m in done) or "none closed"
        second = ", ".join(f"{counts[m]} {_label(style, m)}" for m in rated)
        stats = [Stat("action", "total", total)] + [
            Stat("action", printed.category(m), counts[m]) for m in done
        ]
        text = f"{total} actions, {first}"
        if rated:
            text += f"; of the {n_rated} in progress {second}"
            stats += [Stat("action", "in_progress", n_rated)]
            stats += [Stat("action", printed.category(m), counts[m]) for m in rated]
        out.append((text + ".", stats))
    elif style.totals == "x_of_y":
        for m in order:
            pct = round(100 * counts[m] / total)
            out.append(
                (
                    f"{counts[m]} of {total} ({pct}%) actions are rated {_label(style, m)}",
                    [Stat("action", printed.category(m), counts[m]), Stat("action", "total", total)],
                )
            )
    return out


def totals_table(style: Style, edition: EditionC) -> list[tuple[str, int, Stat]]:
    """The small table by status: (header label, value, stat) per column, then Total."""
    meanings = [a.meaning for r in edition.recs for a in r.actions]
    counts = _counts(meanings)
    order = [e.meaning for e in SCHEMES[style.key_scheme]]
    cols = [
        (
            _label(style, m).capitalize(),
            counts.get(m, 0),
            Stat("action", printed.category(m), counts.get(m, 0)),
        )
        for m in order
    ]
    return [*cols, ("Total", len(meanings), Stat("action", "total", len(meanings)))]
