"""JSON Schemas (2020-12) generated from the pydantic models; `plantrack schema` writes and checks them."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from pipeline.models import Edition

SCHEMA_DIR = Path(__file__).resolve().parent.parent / "schemas"
DIALECT = "https://json-schema.org/draft/2020-12/schema"


def _models() -> dict[str, type[BaseModel]]:
    """Top-level documents plantrack writes, by schema file stem."""
    models: dict[str, type[BaseModel]] = {"edition": Edition}
    try:  # the diff models arrive with the diff stage
        from pipeline.models.diff import DiffResult

        models["changes"] = DiffResult
    except ImportError:  # pragma: no cover - before the diff stage exists
        pass
    return models


def schema_for(model: type[BaseModel]) -> dict[str, Any]:
    """The model's JSON Schema in serialisation mode, with the 2020-12 dialect and an $id."""
    schema = model.model_json_schema(mode="serialization")
    name = model.__name__.lower()
    return {"$schema": DIALECT, "$id": f"https://plantrack.invalid/schemas/{name}.schema.json", **schema}


def render_all() -> dict[str, str]:
    """File name -> schema text, exactly as written to disk."""
    return {
        f"{stem}.schema.json": json.dumps(schema_for(model), indent=2, sort_keys=True, ensure_ascii=False)
        + "\n"
        for stem, model in _models().items()
    }


def write(directory: Path = SCHEMA_DIR, writer: Callable[[Path, str], None] | None = None) -> list[Path]:
    """Write every schema; returns the paths written."""
    from pipeline.emit.atomic import write_text

    directory.mkdir(parents=True, exist_ok=True)
    out = []
    for name, text in render_all().items():
        path = directory / name
        (writer or write_text)(path, text)
        out.append(path)
    return out


def drift(directory: Path = SCHEMA_DIR) -> list[str]:
    """Names of schema files that are missing or differ from the models."""
    stale = []
    for name, text in render_all().items():
        path = directory / name
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            stale.append(name)
    return stale
