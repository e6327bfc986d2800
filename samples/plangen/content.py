"""Seeded plan content for the house-style corpus: recommendations, actions, indicators, two editions.

The content says what the author means (an action is on track, due in March); the style decides how
it is printed. The second edition is the first plus edits (statuses move, a date slips, an action is
completed, one added, one removed so the later ones are re-lettered, an indicator moves, a lead
changes), each action keeping a never-printed uid so the change list is exact.
"""

from __future__ import annotations

import copy
import datetime as dt
import random
from dataclasses import dataclass, field

from plangen.printed import SCHEMES
from plangen.styles import Style

ORGS = [
    "Ashdown Borough Council",
    "Kelvedon County Council",
    "Marlow Vale Council",
    "Riverside Metropolitan Borough Council",
    "Thornbury City Council",
    "North Harrow Healthcare NHS Trust",
    "Wyeside Youth Justice Partnership",
]
TITLES = [
    "Children's Services Improvement Plan",
    "SEND Written Statement of Action",
    "Post-Inspection Action Plan",
    "Quality Improvement Plan",
    "Youth Justice Improvement Plan",
]
PEOPLE = [
    "Jane Smith",
    "Omar Patel",
    "Priya Sharma",
    "Tom Evans",
    "Grace Okafor",
    "Martin Graham",
    "Helen Wu",
    "David Price",
    "Sarah Connolly",
    "Amara Bell",
    "Kevin Walsh",
    "Lucy Fernandes",
    "Rhys Morgan",
    "Fiona Campbell",
]
JOBS = [
    "Head of Service",
    "Director of Children's Services",
    "Assistant Director, Early Help",
    "Principal Social Worker",
    "Head of Quality Assurance",
]
THEMES = [
    ("the quality of social work practice", "supervision", "case audits"),
    ("the timeliness of assessments", "assessment tracking", "the 20-week timescale"),
    ("the voice of the child in planning", "direct work", "child participation"),
    ("placement sufficiency and stability", "foster carer recruitment", "placement moves"),
    ("management oversight of frontline work", "team manager oversight", "escalation"),
    ("multi-agency working at the front door", "the MASH", "strategy discussions"),
    ("support for care leavers", "pathway plans", "staying put"),
    ("the workforce and caseloads", "agency staffing", "recruitment and retention"),
    ("education outcomes for children in care", "personal education plans", "virtual school"),
    ("the local offer for families", "co-production", "the parent carer forum"),
]
VERBS = [
    "Introduce",
    "Embed",
    "Review",
    "Deliver",
    "Establish",
    "Audit",
    "Publish",
    "Recruit to",
    "Train staff on",
]
OBJECTS = [
    "a practice standard for {b}",
    "monthly reporting on {b}",
    "a dip-sample audit of {c}",
    "a revised protocol for {c}",
    "training on {b} for all team managers",
    "a quality assurance framework covering {c}",
    "a dashboard of {b} reviewed by the board",
    "a joint action with partners on {c}",
    "peer review of {b}",
    "an improvement workshop on {c}",
]
BULLETS = [
    "agree the scope with partners",
    "report findings to the improvement board",
    "share learning with all teams",
    "review impact after three months",
    "update the procedures manual",
]
PROGRESS = [
    "Work has started and the first milestone has been met.",
    "A draft has been shared with partners for comment.",
    "Staff briefings are complete; audits continue monthly.",
    "Recruitment is under way; two posts remain vacant.",
    "The board received an update at its last meeting.",
    "Delayed by staff absence; a recovery plan is agreed.",
]
EXTRA = [
    "Audit shows improved compliance",
    "Board minutes and audit report",
    "Within existing budget",
    "Two additional posts funded",
    "Feedback from young people",
]
INDICATORS = [  # description, polarity, unit kind
    ("% of assessments completed within 45 working days", "higher_better", "percent"),
    ("% of children seen within 5 working days of referral", "higher_better", "percent"),
    ("% of re-referrals within 12 months", "lower_better", "percent"),
    ("Number of children looked after", "unknown", "count"),
    ("% of agency social workers", "lower_better", "percent"),
    ("Average days between entering care and adoption", "lower_better", "days"),
    ("Spend on external placements", "lower_better", "money"),
    ("% of care leavers in education, employment or training", "higher_better", "percent"),
    ("Number of foster carers recruited", "higher_better", "count"),
    ("% of EHC plans issued within 20 weeks", "higher_better", "percent"),
]
CODE_FORMS = {
    "ni": lambda r: f"NI {r.randint(40, 180)}",
    "bvpi": lambda r: f"BVPI {r.randint(40, 200)}",
    "aese": lambda r: f"AESE{r.randint(1, 9)}",
    "csc": lambda r: f"CSC {r.randint(10, 400):03d}{r.choice(['', 'a', 'b'])}",
    "scc": lambda r: f"SCC/{r.randint(1, 60):03d}{r.choice(['', 'a', 'b'])}",
    "cp": lambda r: f"CP{r.randint(1, 30):02d}",
    "pi_dash": lambda r: f"PI-{r.randint(1, 99):02d}",
}


@dataclass
class ActionC:
    """An action as its author means it."""

    uid: str
    text: str
    leads: list[str]
    due: dt.date | str  # a date, or 'Ongoing' / 'TBC' / a term name ('Autumn')
    meaning: str
    start: dt.date | None = None
    revised: dt.date | None = None
    bullets: list[str] = field(default_factory=list)
    pct: int | None = None
    progress: str = ""
    extra: str = ""


@dataclass
class IndicatorC:
    """A performance indicator: values in order (the last filled one is the latest)."""

    code: str
    description: str
    lead: str
    polarity: str
    kind: str
    baseline: float | None
    target: float | None
    values: list[float | None]
    meaning: str
    dot: str  # improving, declining, same


@dataclass
class RecC:
    """A recommendation."""

    number: int
    title: str
    lead: str
    job: str
    meaning: str  # green/amber/red meaning, or 'bau'
    progress: list[str]
    actions: list[ActionC]
    indicators: list[IndicatorC]


@dataclass
class EditionC:
    """One edition's content."""

    index: int
    date: dt.date  # first of the edition's month
    version: str
    recs: list[RecC]


@dataclass
class PlanC:
    """The plan and its editions."""

    organisation: str
    title: str
    editions: list[EditionC]


def _add_months(d: dt.date, n: int) -> dt.date:
    m = d.month - 1 + n
    return dt.date(d.year + m // 12, m % 12 + 1, 1)


def _due(rng: random.Random, edition: dt.date, style: Style) -> dt.date | str:
    specials = {
        "none": [],
        "ongoing": ["Ongoing"],
        "tbc": ["TBC"],
        "term": ["Autumn", "Spring", "Summer"],
        "mixed": ["Ongoing", "TBC", "Summer"],
    }[style.open_dates]
    if specials and rng.random() < 0.25:
        return rng.choice(specials)
    month = _add_months(edition, rng.randint(1, 11))
    day = rng.choice([1, 15, 28, 30]) if month.month != 2 else rng.choice([1, 15, 28])
    return month.replace(day=day)


def _action(rng: random.Random, uid: str, edition: dt.date, style: Style, meanings: list[str]) -> ActionC:
    theme = rng.choice(THEMES)
    text = f"{rng.choice(VERBS)} {rng.choice(OBJECTS).format(b=theme[1], c=theme[2])}."
    n_leads = 2 if style.dense_cells == "two_leads" and rng.random() < 0.35 else 1
    meaning = rng.choices(meanings, weights=[3 if m == "green" else 1 for m in meanings])[0]
    pct = None
    if style.status_form == "percent":
        pct = _pct(rng, meaning)
    return ActionC(
        uid=uid,
        text=text,
        leads=rng.sample(PEOPLE, n_leads),
        due=_due(rng, edition, style),
        meaning=meaning,
        start=_add_months(edition, -rng.randint(1, 6)),
        bullets=rng.sample(BULLETS, rng.randint(1, 2))
        if style.bullet != "none" and rng.random() < 0.3
        else [],
        pct=pct,
        progress=rng.choice(PROGRESS),
        extra=rng.choice(EXTRA),
    )


def _indicator(rng: random.Random, style: Style, meanings: list[str]) -> IndicatorC:
    description, polarity, kind = rng.choice(INDICATORS)
    scale = {"percent": (20, 95), "count": (10, 400), "days": (20, 600), "money": (50, 2000)}[kind]
    target = float(rng.randint(*scale))
    values: list[float | None] = [float(rng.randint(*scale)) for _ in range(rng.randint(1, 3))]
    if rng.random() < 0.15:
        target_opt: float | None = None
    else:
        target_opt = target
    if rng.random() < 0.1:
        values[-1] = None
    return IndicatorC(
        code=CODE_FORMS[style.indicator_code](rng),
        description=description,
        lead=rng.choice(PEOPLE),
        polarity=polarity,
        kind=kind,
        baseline=float(rng.randint(*scale)),
        target=target_opt,
        values=values,
        meaning=rng.choice(meanings),
        dot=rng.choice(["improving", "declining", "same"]),
    )


def plan(seed: int, style: Style) -> PlanC:
    """The plan content of `seed` (drawn from its own stream, so a style change keeps most content)."""
    rng = random.Random(f"content:{seed}")
    scheme = SCHEMES[style.key_scheme]
    meanings = [e.meaning for e in scheme]
    rag_meanings = [m for m in meanings if m in ("green", "amber", "red", "amber_green")]
    start = dt.date(rng.randint(2023, 2025), rng.randint(1, 12), 1)
    n_recs = rng.randint(3, 6)
    recs: list[RecC] = []
    uid = 0
    for number in range(1, n_recs + 1):
        bau = style.summary != "none" and number > 1 and rng.random() < 0.15
        actions = []
        if not bau:
            for _ in range(rng.randint(2, 4)):
                uid += 1
                actions.append(_action(rng, f"u{uid}", start, style, meanings))
            if style.merged_cells == "yes":  # the first two actions share a lead, drawn as one merged cell
                actions[1].leads = list(actions[0].leads)
        indicators = []
        if style.indicators == "with_recs" and not bau and rng.random() < 0.6:
            indicators = [_indicator(rng, style, rag_meanings) for _ in range(rng.randint(1, 2))]
            codes = {i.code for i in indicators}
            if len(codes) < len(indicators):
                indicators = indicators[:1]
        theme = rng.choice(THEMES)
        recs.append(
            RecC(
                number=number,
                title=f"Improve {theme[0]}, so that {theme[1]} is consistently good.",
                lead=rng.choice(PEOPLE),
                job=rng.choice(JOBS),
                meaning="bau" if bau else rng.choice(rag_meanings),
                progress=rng.sample(PROGRESS, 2),
                actions=actions,
                indicators=indicators,
            )
        )
    first = EditionC(0, start, str(rng.randint(1, 4)), recs)
    second = _evolve(rng, first, style, meanings, rag_meanings, uid)
    return PlanC(rng.choice(ORGS), rng.choice(TITLES), [first, second])


def _evolve(
    rng: random.Random, old: EditionC, style: Style, meanings: list[str], rag_meanings: list[str], uid: int
) -> EditionC:
    new = copy.deepcopy(old)
    new.index = 1
    new.date = _add_months(old.date, rng.randint(1, 3))
    actions = [a for r in new.recs for a in r.actions]
    for a in rng.sample(actions, min(3, len(actions))):  # statuses move
        a.meaning = rng.choice(meanings)
        if style.status_form == "percent":
            a.pct = _pct(rng, a.meaning)
    dated = [a for a in actions if isinstance(a.due, dt.date)]
    if dated and style.revised != "none":  # a date slips
        a = rng.choice(dated)
        assert isinstance(a.due, dt.date)
        a.revised = _add_months(a.due, rng.randint(2, 4)).replace(day=a.due.day if a.due.day <= 28 else 28)
    active = [r for r in new.recs if r.actions]
    if active:  # an action is added, and one removed (the later ones re-lettered)
        rec = rng.choice(active)
        rec.actions.append(_action(rng, f"u{uid + 1}", new.date, style, meanings))
        rec = rng.choice(active)
        if len(rec.actions) > 2:
            rec.actions.pop(0)
    for rec in new.recs:
        for ind in rec.indicators:
            ind.values = [
                *ind.values[:-1],
                ind.values[-1] if ind.values[-1] is None else ind.values[-1] + rng.choice([-3.0, 2.0, 5.0]),
            ]
    rec = rng.choice(new.recs)
    rec.lead = rng.choice([p for p in PEOPLE if p != rec.lead])
    rated = [r for r in new.recs if r.meaning != "bau"]
    if rated:
        rng.choice(rated).meaning = rng.choice(rag_meanings)
    return new


def _pct(rng: random.Random, meaning: str) -> int:
    """Percentage complete a percent-form plan prints for a meaning."""
    if meaning.startswith("complete"):
        return 100
    return 0 if meaning == "not_started" else rng.randint(1, 9) * 10
