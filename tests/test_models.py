"""The record model: JSON round trips, enums as values, bad values refused, schemas in sync."""

from __future__ import annotations

import json

import jsonschema
import pytest
from conftest import SAMPLES
from pydantic import ValidationError

from pipeline import schema
from pipeline.models import Edition, Issue, PlanDate, Provenance

EXPECTED = sorted(p for p in SAMPLES.rglob("*.expected.json") if not p.name.startswith("changes-"))


def test_schemas_on_disk_match_the_models() -> None:
    assert schema.drift() == [], "run: plantrack schema --write"


def test_schemas_are_2020_12_and_document_every_field() -> None:
    edition_schema = json.loads((schema.SCHEMA_DIR / "edition.schema.json").read_text())
    assert edition_schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(edition_schema)
    for name, definition in edition_schema["$defs"].items():
        for field, spec in definition.get("properties", {}).items():
            assert spec.get("description"), f"{name}.{field} has no description"


@pytest.mark.parametrize("path", EXPECTED, ids=[p.name for p in EXPECTED])
def test_expected_outputs_validate_against_the_schema_and_round_trip(path) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    jsonschema.validate(data, json.loads((schema.SCHEMA_DIR / "edition.schema.json").read_text()))
    edition = Edition.model_validate(data)
    assert Edition.model_validate_json(edition.model_dump_json()) == edition
    assert edition.model_dump(mode="json")["actions"][0]["delivery_state"] in {
        "not_started",
        "in_progress",
        "ongoing",
        "complete",
        "complete_verified",
        "business_as_usual",
        "suspended",
        "deferred",
        "cancelled",
        "unknown",
    }


@pytest.mark.parametrize(
    ("model", "data"),
    [
        (Provenance, {"page": 0, "source": "ocr", "confidence": 0.5}),
        (Provenance, {"page": 1, "source": "ocr", "confidence": 1.5}),
        (Provenance, {"page": 1, "source": "fax", "confidence": 0.5}),
        (PlanDate, {"raw": "Mar 2024", "precision": "fortnight"}),
        (Issue, {"code": "E123", "severity": "error", "message": "x"}),
        (Issue, {"code": "PT101", "severity": "fatal", "message": "x"}),
        (Provenance, {"page": 1, "source": "ocr", "confidence": 0.5, "colour": "red"}),
    ],
)
def test_bad_values_are_refused(model, data) -> None:
    with pytest.raises(ValidationError):
        model.model_validate(data)
