"""The diff of the samples' expected editions gives exactly the changes the sample specs made."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.diff import diff_editions
from pipeline.models import DiffResult, Edition

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
CASES = sorted(SAMPLES.glob("*/changes-*--*.expected.json"))


def _edition(folder: Path, stem: str) -> Edition:
    return Edition.model_validate_json((folder / f"{stem}.expected.json").read_text(encoding="utf-8"))


def test_the_samples_have_change_lists() -> None:
    # Guards the parametrised test below against silently running on nothing.
    assert {p.parent.name for p in CASES} >= {"northbridge", "eastmoor"}


def _stems(case: Path) -> tuple[str, str]:
    old_stem, new_stem = case.name.removeprefix("changes-").removesuffix(".expected.json").split("--")
    return old_stem, new_stem


def _assert_exactly_expected(result: DiffResult, case: Path) -> None:
    expected = {
        (c["entity"], c["key"], c["old_key"], c["kind"], c["field"], c["judgement"])
        for c in json.loads(case.read_text(encoding="utf-8"))
    }
    found = {
        (c.entity.value, c.key, c.old_key, c.kind.value, c.field, c.judgement.value if c.judgement else None)
        for c in result.changes
    }
    assert found - expected == set(), "unexpected changes"
    assert expected - found == set(), "missed changes"
    assert len(result.changes) == len(found)  # no change reported twice


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name.removesuffix(".expected.json"))
def test_diff_of_expected_editions_is_exactly_the_expected_changes(case: Path) -> None:
    old_stem, new_stem = _stems(case)
    _assert_exactly_expected(
        diff_editions(_edition(case.parent, old_stem), _edition(case.parent, new_stem)), case
    )


@pytest.mark.slow
@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name.removesuffix(".expected.json"))
def test_diff_of_editions_extracted_from_the_pdfs_is_exactly_the_expected_changes(case: Path) -> None:
    from pipeline.orchestrate import extract

    old_stem, new_stem = _stems(case)
    result = diff_editions(extract(case.parent / f"{old_stem}.pdf"), extract(case.parent / f"{new_stem}.pdf"))
    _assert_exactly_expected(result, case)
