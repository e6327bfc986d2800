"""Every text-layer sample extracts exactly to its expected output, written from the generator's spec."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from conftest import TEXT_LAYER_SAMPLES, expected, extracted

from pipeline.models import Severity

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "samples"))
from plangen.score import compare  # the evaluator lives beside the generator, not in the package


@pytest.mark.parametrize("stem", TEXT_LAYER_SAMPLES)
def test_sample_matches_expected_field_by_field(stem: str) -> None:
    score = compare(extracted(stem), expected(stem))
    if score.mismatches:
        print(score.table())
    assert score.mismatches == [], "\n".join(score.mismatches[:30])


@pytest.mark.parametrize("stem", TEXT_LAYER_SAMPLES)
def test_every_record_has_provenance_on_a_real_page(stem: str) -> None:
    edition = extracted(stem)
    pages = edition.source.page_count
    for record in [*edition.recommendations, *edition.actions, *edition.indicators]:
        prov = record.provenance
        assert 1 <= prov.page <= pages
        assert prov.bbox is not None and prov.bbox[0] < prov.bbox[2] and prov.bbox[1] < prov.bbox[3]
        assert prov.source.value == "text_layer" and prov.confidence > 0.5


@pytest.mark.parametrize("stem", [s for s in TEXT_LAYER_SAMPLES if not s.endswith("eastmoor-2024-06")])
def test_reconciliation_passes_where_the_stated_totals_are_right(stem: str) -> None:
    edition = extracted(stem)
    assert edition.reconciliation, "stated totals were found and compared"
    assert all(r.ok for r in edition.reconciliation), edition.reconciliation
    assert not [i for i in edition.issues if i.code == "PT401"]


def test_a_wrong_stated_total_is_reported_with_both_numbers_and_data_is_not_changed() -> None:
    edition = extracted("eastmoor/eastmoor-2024-06")
    mismatches = [i for i in edition.issues if i.code == "PT401"]
    assert len(mismatches) == 1
    assert mismatches[0].severity is Severity.ERROR
    assert "states 9 actions complete, extracted 10" in mismatches[0].message
    bad = [r for r in edition.reconciliation if not r.ok]
    assert [(r.entity, r.category, r.stated, r.found) for r in bad] == [("action", "complete", 9, 10)]
    assert sum(a.delivery_state.value == "complete" for a in edition.actions) == 10


def test_the_document_legend_decides_what_blue_means() -> None:
    edition = extracted("eastmoor/eastmoor-2024-03")
    assert edition.legend.source == "document"
    blue = [a for a in edition.actions if a.status_raw and a.delivery_state.value == "complete"]
    assert blue and all(a.status_source.value == "cell_colour" for a in blue)
    assert not [i for i in edition.issues if i.code in ("PT205", "PT215")]


def test_tables_continuing_across_pages_are_stitched_and_reported() -> None:
    edition = extracted("northbridge/northbridge-2024-01")
    stitched = [i for i in edition.issues if i.code == "PT219"]
    assert stitched, "the sample's action tables run over page breaks"
    # rec 3's actions continue without a repeated header, rec 2's with one: both keep their recommendation
    assert {a.key for a in edition.actions if a.recommendation == 3} >= {"R3-a", "R3-b", "R3-c"}


@pytest.mark.parametrize("stem", TEXT_LAYER_SAMPLES)
def test_tables_without_any_rules_are_still_read_from_alignment(stem: str) -> None:
    """Strip every ruling line: header-led column alignment must recover (nearly) the same records."""
    from conftest import SAMPLES

    from pipeline.ingest import load_document
    from pipeline.orchestrate import extract_document

    document = load_document(SAMPLES / f"{stem}.pdf")
    for page in document.pages:
        page.lines = []
    score = compare(extract_document(document), expected(stem))
    print(score.table())
    assert score.ratio() >= 0.99, "\n".join(score.mismatches[:20])
    assert score.ratio("action.ref") == 1.0 and score.ratio("action.due") == 1.0
