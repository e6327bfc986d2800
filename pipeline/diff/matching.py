"""Pairing records of two editions: recommendations by number, indicators by code, actions by content."""

from __future__ import annotations

import re
from collections.abc import Sequence

from rapidfuzz import fuzz

from pipeline.models import Action, Indicator

# A pair is eligible when its texts are this similar (0-100) whatever the refs say: refs are re-lettered
# when actions are added or dropped, and OCR loses them, so the text is the stronger evidence.
ANY_REF_THRESHOLD = 70.0
# With the same ref, a weaker text match still counts: the author edited the wording of the same action.
SAME_REF_THRESHOLD = 45.0
# Small bonuses break ties between equally similar texts; smaller than the gap between a verbatim and a
# lightly edited text, so they never override the wording.
REF_BONUS = 4.0
LEAD_BONUS = 2.0

_SPACE = re.compile(r"\s+")


def normalise_text(text: str | None) -> str:
    """Casefolded text with whitespace collapsed: what counts as 'the same wording'."""
    return _SPACE.sub(" ", (text or "").casefold()).strip()


def normalise_code(code: str) -> str:
    """Indicator code as a match key: 'CSC 340a', 'csc340A' and 'CSC  340a' are one indicator."""
    return re.sub(r"[\s._/-]+", "", code.casefold())


def text_similarity(a: str, b: str) -> float:
    """0-100 similarity of two action texts: mean of token-set ratio (robust to added words) and ratio."""
    a, b = normalise_text(a), normalise_text(b)
    if a == b:
        return 100.0
    return (fuzz.token_set_ratio(a, b) + fuzz.ratio(a, b)) / 2.0


def _leads_overlap(a: Sequence[str], b: Sequence[str]) -> bool:
    return bool({normalise_text(x) for x in a} & {normalise_text(x) for x in b})


def pair_score(old: Action, new: Action) -> float | None:
    """Score of pairing two actions of one recommendation, or None when they are not eligible."""
    sim = text_similarity(old.text, new.text)
    same_ref = (
        old.ref is not None and new.ref is not None and normalise_text(old.ref) == normalise_text(new.ref)
    )
    if sim < ANY_REF_THRESHOLD and not (same_ref and sim >= SAME_REF_THRESHOLD):
        return None
    return (
        sim + (REF_BONUS if same_ref else 0.0) + (LEAD_BONUS if _leads_overlap(old.leads, new.leads) else 0.0)
    )


def max_weight_assignment(weights: list[list[float | None]]) -> list[tuple[int, int]]:
    """Pairs (row, column) maximising the total weight; None marks a pair that must not be made.

    The Hungarian method (Kuhn-Munkres with potentials) on a square matrix padded with zero-weight
    dummies, so rows and columns may stay unmatched. Deterministic for a given matrix.
    """
    n_rows = len(weights)
    n_cols = len(weights[0]) if weights else 0
    if not n_rows or not n_cols:
        return []
    n = max(n_rows, n_cols)
    top = max((w for row in weights for w in row if w is not None), default=0.0)

    def cost(i: int, j: int) -> float:
        w = weights[i][j] if i < n_rows and j < n_cols else None
        # Ineligible and dummy cells weigh 0: leaving a row unmatched is never worse than a forbidden pair.
        return top - (w if w is not None else 0.0)

    inf = float("inf")
    u = [0.0] * (n + 1)
    v = [0.0] * (n + 1)
    p = [0] * (n + 1)  # p[j] = row (1-based) assigned to column j
    way = [0] * (n + 1)
    for i in range(1, n + 1):
        p[0] = i
        j0 = 0
        minv = [inf] * (n + 1)
        used = [False] * (n + 1)
        while True:
            used[j0] = True
            i0, delta, j1 = p[j0], inf, 0
            for j in range(1, n + 1):
                if not used[j]:
                    cur = cost(i0 - 1, j - 1) - u[i0] - v[j]
                    if cur < minv[j]:
                        minv[j], way[j] = cur, j0
                    if minv[j] < delta:
                        delta, j1 = minv[j], j
            for j in range(n + 1):
                if used[j]:
                    u[p[j]] += delta
                    v[j] -= delta
                else:
                    minv[j] -= delta
            j0 = j1
            if p[j0] == 0:
                break
        while j0:
            j1 = way[j0]
            p[j0] = p[j1]
            j0 = j1
    pairs = []
    for j in range(1, n + 1):
        i = p[j] - 1
        if i < n_rows and j - 1 < n_cols and weights[i][j - 1] is not None:
            pairs.append((i, j - 1))
    return sorted(pairs)


def match_actions(old: Sequence[Action], new: Sequence[Action]) -> list[tuple[Action | None, Action | None]]:
    """Pair the actions of two editions: within each recommendation, one global assignment by content.

    Returns (old, new) pairs in the new edition's order, then the unmatched old actions (removed) in the
    old edition's order; a None side means added or removed.
    """
    by_rec_old: dict[int, list[int]] = {}
    by_rec_new: dict[int, list[int]] = {}
    for i, a in enumerate(old):
        by_rec_old.setdefault(a.recommendation, []).append(i)
    for j, a in enumerate(new):
        by_rec_new.setdefault(a.recommendation, []).append(j)
    partner: dict[int, int] = {}  # new index -> old index
    for rec, new_idx in by_rec_new.items():
        old_idx = by_rec_old.get(rec, [])
        weights = [[pair_score(old[i], new[j]) for j in new_idx] for i in old_idx]
        for r, c in max_weight_assignment(weights):
            partner[new_idx[c]] = old_idx[r]
    matched_old = set(partner.values())
    pairs: list[tuple[Action | None, Action | None]] = [
        (old[partner[j]] if j in partner else None, a) for j, a in enumerate(new)
    ]
    pairs.extend((a, None) for i, a in enumerate(old) if i not in matched_old)
    return pairs


def indicator_key(indicator: Indicator) -> tuple[int, str]:
    """Match key of an indicator: codes repeat across recommendations, so the recommendation is part of it."""
    return indicator.recommendation, normalise_code(indicator.code)


def match_indicators(
    old: Sequence[Indicator], new: Sequence[Indicator]
) -> list[tuple[Indicator | None, Indicator | None]]:
    """Pair indicators by recommendation and code; the first of a repeated code pairs with the first."""
    pool: dict[tuple[int, str], list[int]] = {}
    for i, ind in enumerate(old):
        pool.setdefault(indicator_key(ind), []).append(i)
    pairs: list[tuple[Indicator | None, Indicator | None]] = []
    matched: set[int] = set()
    for ind in new:
        candidates = pool.get(indicator_key(ind))
        if candidates:
            matched.add(candidates[0])
            pairs.append((old[candidates.pop(0)], ind))
        else:
            pairs.append((None, ind))
    pairs.extend((ind, None) for i, ind in enumerate(old) if i not in matched)
    return pairs
