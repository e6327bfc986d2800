"""Builders and Hypothesis strategies of small editions for the diff, history, report and XLSX tests."""

from __future__ import annotations

import datetime as dt
import hashlib
import string

from hypothesis import given
from hypothesis import strategies as st

from pipeline.models import (
    Action,
    Actual,
    DatePrecision,
    DeliveryState,
    Edition,
    Indicator,
    Legend,
    LegendEntry,
    Measure,
    PageSource,
    PlanDate,
    Polarity,
    Provenance,
    Rag,
    Recommendation,
    SourceInfo,
    StatedTotal,
)

PROV = Provenance(page=1, source=PageSource.TEXT_LAYER, confidence=1.0)
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def month_date(year: int, month: int) -> PlanDate:
    """A month-precision plan date as printed 'Mar 2024', ending on the month's last day."""
    end = (dt.date(year + month // 12, month % 12 + 1, 1)) - dt.timedelta(days=1)
    return PlanDate(
        raw=f"{MONTHS[month - 1]} {year}",
        value=dt.date(year, month, 1),
        end=end,
        precision=DatePrecision.MONTH,
    )


def action(
    rec: int,
    ref: str,
    text: str,
    *,
    rag: Rag = Rag.GREEN,
    state: DeliveryState = DeliveryState.IN_PROGRESS,
    due: PlanDate | None = None,
    leads: list[str] | None = None,
    page: int = 1,
) -> Action:
    """An action keyed 'R<rec>-<ref>'."""
    return Action(
        key=f"R{rec}-{ref}",
        recommendation=rec,
        ref=ref,
        text=text,
        rag=rag,
        delivery_state=state,
        due=due,
        leads=leads or ["Jane Doe"],
        provenance=PROV.model_copy(update={"page": page}),
    )


def recommendation(
    number: int,
    title: str,
    *,
    rag: Rag = Rag.GREEN,
    state: DeliveryState = DeliveryState.IN_PROGRESS,
    leads: list[str] | None = None,
) -> Recommendation:
    """A recommendation."""
    return Recommendation(
        number=number,
        title=title,
        rag=rag,
        delivery_state=state,
        leads=leads or ["Jane Doe"],
        provenance=PROV,
    )


def indicator(
    rec: int,
    code: str,
    actual: float | None,
    *,
    target: float = 90.0,
    polarity: Polarity = Polarity.HIGHER_BETTER,
    rag: Rag = Rag.GREEN,
) -> Indicator:
    """An indicator keyed 'R<rec>-<code>' with percentage target and actual."""
    act = Actual(
        raw=f"{actual:g}%" if actual is not None else "-",
        value=actual,
        unit="%" if actual is not None else None,
    )
    return Indicator(
        key=f"R{rec}-{code}",
        recommendation=rec,
        code=code,
        description=f"Measure {code}",
        target=Measure(raw=f"{target:g}%", value=target, unit="%"),
        actual=act,
        polarity=polarity,
        rag=rag,
        provenance=PROV,
    )


DEFAULT_LEGEND = Legend(
    source="document",
    page=3,
    entries=[
        LegendEntry(label="Completed", token="C", rag=Rag.NONE, delivery_state=DeliveryState.COMPLETE),
        LegendEntry(label="Red", token="R", rag=Rag.RED),
        LegendEntry(label="Amber", token="A", rag=Rag.AMBER),
        LegendEntry(label="Green", token="G", rag=Rag.GREEN),
    ],
)


def edition(
    name: str,
    *,
    recommendations: list[Recommendation] | None = None,
    actions: list[Action] | None = None,
    indicators: list[Indicator] | None = None,
    label: str = "December 2017",
    date: dt.date | None = dt.date(2017, 12, 1),
    version: str | None = "3",
    totals: list[StatedTotal] | None = None,
    legend: Legend | None = None,
    organisation: str = "Testshire County Council",
    title: str = "Improvement Plan",
) -> Edition:
    """An edition whose source hash is derived from its name (distinct names, distinct editions)."""
    sha = hashlib.sha256(name.encode()).hexdigest()
    return Edition(
        source=SourceInfo(name=name, sha256=sha, page_count=3),
        organisation=organisation,
        plan_title=title,
        plan_version=version,
        edition_label=label,
        edition_date=date,
        legend=legend or DEFAULT_LEGEND,
        stated_totals=totals or [],
        recommendations=recommendations or [],
        actions=actions or [],
        indicators=indicators or [],
    )


# Words of action texts: each action draws its own disjoint words, so two different actions are never
# similar enough to be confused, which is what the properties need (ambiguous matches have no right answer).
WORDS = [f"{a}{b}{c}" for a in "bcdfg" for b in "aeiou" for c in "klmnprst"]

rags = st.sampled_from([Rag.RED, Rag.AMBER_RED, Rag.AMBER, Rag.AMBER_GREEN, Rag.GREEN, Rag.NONE])
states = st.sampled_from(list(DeliveryState))
dues = st.one_of(st.none(), st.builds(month_date, st.integers(2017, 2020), st.integers(1, 12)))


@st.composite
def editions(draw: st.DrawFn, name: str = "a.pdf") -> Edition:
    """A random edition: up to 3 recommendations with up to 4 actions and 2 indicators each."""
    numbers = draw(st.lists(st.integers(1, 9), min_size=1, max_size=3, unique=True))
    words = iter(draw(st.permutations(WORDS)))
    recs, acts, inds = [], [], []
    for n in numbers:
        recs.append(
            recommendation(
                n,
                f"Recommendation {n} " + " ".join(next(words) for _ in range(4)),
                rag=draw(rags),
                state=draw(states),
            )
        )
        for k in range(draw(st.integers(0, 4))):
            text = " ".join(next(words) for _ in range(5))
            acts.append(
                action(
                    n,
                    string.ascii_lowercase[k],
                    text,
                    rag=draw(rags),
                    state=draw(states),
                    due=draw(dues),
                    leads=[draw(st.sampled_from(["Jane Doe", "Ravi Patel"]))],
                )
            )
        for code in draw(st.lists(st.sampled_from(["PI 1", "PI 2", "CSC 340a"]), max_size=2, unique=True)):
            inds.append(
                indicator(
                    n,
                    code,
                    draw(st.one_of(st.none(), st.integers(0, 100).map(float))),
                    polarity=draw(st.sampled_from(list(Polarity))),
                    rag=draw(rags),
                )
            )
    return edition(name, recommendations=recs, actions=acts, indicators=inds)


@given(editions())
def test_generated_editions_are_valid_and_round_trip(ed: Edition) -> None:
    assert Edition.model_validate_json(ed.model_dump_json()) == ed
    assert len({a.key for a in ed.actions}) == len(ed.actions)
