"""Hypothesis invariants of diff_editions: identity, symmetry under swapping, re-lettering is renumbering."""

from __future__ import annotations

import string

from hypothesis import given, settings
from hypothesis import strategies as st
from test_diff_factory import WORDS, action, dues, editions, rags, states

from pipeline.diff import diff_editions
from pipeline.models import Change, ChangeKind, Edition, Judgement

INVERSE = {
    Judgement.IMPROVED: {Judgement.WORSENED},
    Judgement.WORSENED: {Judgement.IMPROVED},
    Judgement.SLIPPED: {Judgement.BROUGHT_FORWARD},
    Judgement.BROUGHT_FORWARD: {Judgement.SLIPPED},
    Judgement.TOWARDS_TARGET: {Judgement.AWAY_FROM_TARGET},
    Judgement.AWAY_FROM_TARGET: {Judgement.TOWARDS_TARGET},
    # Closing and reopening are each other's reverse; complete <-> business as usual is either closing.
    Judgement.COMPLETED: {Judgement.REOPENED, Judgement.MOVED_TO_BAU},
    Judgement.MOVED_TO_BAU: {Judgement.REOPENED, Judgement.COMPLETED},
    Judgement.REOPENED: {Judgement.COMPLETED, Judgement.MOVED_TO_BAU},
}
SWAP_KIND = {ChangeKind.ADDED: ChangeKind.REMOVED, ChangeKind.REMOVED: ChangeKind.ADDED}


@st.composite
def edited(draw: st.DrawFn, ed: Edition) -> Edition:
    """A later edition of `ed`: statuses, dates, leads and actuals edited, actions dropped and added."""
    actions = []
    for a in ed.actions:
        if draw(st.integers(0, 5)) == 0:
            continue  # dropped
        update = {}
        if draw(st.booleans()):
            update["rag"] = draw(rags)
        if draw(st.booleans()):
            update["delivery_state"] = draw(states)
        if draw(st.booleans()):
            update["due"] = draw(dues)
        if draw(st.integers(0, 3)) == 0:
            update["leads"] = ["Someone Else"]
        actions.append(a.model_copy(update=update))
    spare = iter(
        w for w in WORDS if all(w not in a.text for a in ed.actions) and w not in str(ed.recommendations)
    )
    for r in ed.recommendations:
        for _ in range(draw(st.integers(0, 1))):
            text = " ".join(next(spare) for _ in range(5))
            actions.append(action(r.number, "new", text))
    indicators = [
        i.model_copy(
            update={
                "actual": i.actual.model_copy(update={"value": draw(st.floats(0, 100))})
                if i.actual and draw(st.booleans())
                else i.actual
            }
        )
        for i in ed.indicators
    ]
    recs = [
        r.model_copy(update={"rag": draw(rags), "delivery_state": draw(states)}) if draw(st.booleans()) else r
        for r in ed.recommendations
    ]
    return ed.model_copy(
        update={
            "actions": actions,
            "indicators": indicators,
            "recommendations": recs,
            "source": ed.source.model_copy(update={"name": "b.pdf", "sha256": "b" * 64}),
        }
    )


@given(editions())
def test_diff_of_an_edition_with_itself_is_empty(ed: Edition) -> None:
    result = diff_editions(ed, ed)
    assert result.changes == []
    assert result.counts == {"total": 0}
    assert not result.rebased


@settings(max_examples=150)
@given(st.data())
def test_swapping_editions_swaps_added_and_removed_and_inverts_directions(data: st.DataObject) -> None:
    a = data.draw(editions())
    b = data.draw(edited(a))
    forward = diff_editions(a, b).changes
    backward = diff_editions(b, a).changes
    assert len(forward) == len(backward)
    # Record identity: a change keyed by the new edition's key forward is keyed by the old key backward.
    back_by_id: dict[tuple[object, ...], Change] = {}
    for c in backward:
        ident = (c.entity, c.field, c.key, c.old_key)
        back_by_id[ident] = c
    for c in forward:
        if c.kind in SWAP_KIND:
            twin = back_by_id[(c.entity, c.field, c.key, c.key if c.kind == ChangeKind.ADDED else None)]
            assert twin.kind == SWAP_KIND[c.kind]
            continue
        twin = back_by_id[(c.entity, c.field, c.old_key, c.key)]
        assert twin.kind == c.kind
        assert (twin.old, twin.new) == (c.new, c.old)
        if c.judgement in INVERSE:
            assert twin.judgement in INVERSE[c.judgement], (c.summary, twin.summary)
        else:
            assert twin.judgement == c.judgement, (c.summary, twin.summary)
        if c.magnitude and c.magnitude.days is not None:
            assert twin.magnitude is not None and twin.magnitude.days == -c.magnitude.days


@given(editions(), st.randoms(use_true_random=False))
def test_relettering_refs_alone_yields_only_renumbered(ed: Edition, rnd) -> None:  # type: ignore[no-untyped-def]
    actions = []
    by_rec: dict[int, list[int]] = {}
    for i, a in enumerate(ed.actions):
        by_rec.setdefault(a.recommendation, []).append(i)
    new_ref: dict[int, str] = {}
    for idx in by_rec.values():
        letters = list(string.ascii_lowercase[: len(idx) + 2])
        rnd.shuffle(letters)
        new_ref.update(zip(idx, letters, strict=False))
    for i, a in enumerate(ed.actions):
        ref = new_ref[i]
        actions.append(a.model_copy(update={"ref": ref, "key": f"R{a.recommendation}-{ref}"}))
    relettered = ed.model_copy(update={"actions": actions})
    changes = diff_editions(ed, relettered).changes
    assert {c.kind for c in changes} <= {ChangeKind.RENUMBERED}
    moved = sum(1 for a, b in zip(ed.actions, actions, strict=True) if a.ref != b.ref)
    assert len(changes) == moved
