"""The house-style corpus generator: deterministic, valid, covering every dimension, independent."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "samples"))
from plangen import content, styles  # the generator lives beside the samples, not in the package
from plangen.corpus import build_plan
from plangen.score import compare

from pipeline.models import Edition, StatedTotal

PLANGEN = Path(__file__).resolve().parents[1] / "samples" / "plangen"
CORPUS_MODULES = [
    "styles",
    "content",
    "printed",
    "cells",
    "sflow",
    "render_style",
    "style_expected",
    "corpus",
    "score",
]


def test_same_seed_gives_byte_identical_pdfs_and_expected_json() -> None:
    a, b = build_plan(7), build_plan(7)
    for x, y in zip(a.documents, b.documents, strict=True):
        assert x.pdf == y.pdf
        assert x.expected.model_dump_json() == y.expected.model_dump_json()
    assert a.changes == b.changes
    assert build_plan(8).documents[0].pdf != a.documents[0].pdf


def test_expected_editions_validate_and_have_changes_between_them() -> None:
    for seed in (1, 2, 3):
        plan = build_plan(seed)
        for doc in plan.documents:
            edition = Edition.model_validate_json(doc.expected.model_dump_json())
            assert edition.actions and edition.recommendations
            assert 1 <= edition.source.page_count <= 12
        assert plan.changes, "the second edition differs from the first"


def test_dimension_draws_cover_every_value_over_200_seeds() -> None:
    seen: dict[str, set[str]] = {name: set() for name in styles.DIMENSIONS}
    for seed in range(200):
        for name, value in styles.style(seed).dimensions().items():
            seen[name].add(value)
    missing = {n: set(v) - seen[n] for n, v in styles.DIMENSIONS.items() if set(v) - seen[n]}
    assert not missing


def test_content_is_modest() -> None:
    for seed in range(20):
        plan = content.plan(seed, styles.style(seed))
        assert 3 <= len(plan.editions[0].recs) <= 8


def test_the_generator_imports_nothing_from_pipeline_but_its_models() -> None:
    for module in CORPUS_MODULES:
        tree = ast.parse((PLANGEN / f"{module}.py").read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for name in names:
                if name == "pipeline" or name.startswith("pipeline."):
                    assert name == "pipeline.models", f"{module}.py imports {name}"


def test_an_extra_stated_total_lowers_precision() -> None:
    want = build_plan(3).documents[0].expected
    perfect = compare(want, want)
    assert perfect.f1() == 1.0 and perfect.total().precision == 1.0
    got = want.model_copy(deep=True)
    got.stated_totals.append(StatedTotal(entity="action", category="red", value=99, raw="99 red", page=1))
    score = compare(got, want)
    assert score.total("totals").precision < 1.0
    assert score.total().precision < 1.0 and score.total().recall == 1.0


def test_nothing_extracted_scores_zero_and_empty_fields_are_not_counted() -> None:
    want = build_plan(3).documents[0].expected
    empty = want.model_copy(update={"recommendations": [], "actions": [], "indicators": []})
    assert compare(empty, want).f1("action") == 0.0
    nothing = compare(empty, empty)
    assert "action.text" not in nothing.fields  # no expected and no extracted action: not a free 1.0
