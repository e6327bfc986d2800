"""Issue 15: nothing lost, nothing stale, nothing injected, nothing hangs."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from test_batch_runner import DOCS, Quiet, config, fake_task, make_inputs

from pipeline.batch import run_batch
from pipeline.batch.cache import EditionCache, cache_key, file_sha256
from pipeline.history import open_store
from pipeline.options import ExtractOptions

Capsys = pytest.CaptureFixture[str]
MP = pytest.MonkeyPatch


def _stored_shas(db: Path) -> set[str]:
    store = open_store(db)
    try:
        return {s.edition.source.sha256 for p in store.plans() for s in store.stored(p.plan_key)}
    finally:
        store.close()


# 1. History silently lost


@pytest.mark.parametrize("how", ["deleted", "new_db", "no_store_first"])
def test_cache_served_editions_are_in_the_store(tmp_path: Path, how: str) -> None:
    inputs = make_inputs(tmp_path / "in", DOCS)
    out = tmp_path / "out"
    db = out / "plantrack.db"
    first_db = None if how == "no_store_first" else db
    run_batch(inputs, config(out, db=first_db, executor="inline"), Quiet(), task=fake_task)
    if how == "deleted":
        db.unlink()
    if how == "new_db":
        db = tmp_path / "elsewhere.db"
    second = run_batch(inputs, config(out, db=db, executor="inline"), Quiet(), task=fake_task)
    assert second.stats["cached"] == 3
    assert _stored_shas(db) == {file_sha256(p) for p in inputs}


# 4. Cache entries trusted blindly


def test_cache_entry_of_another_document_is_not_served(tmp_path: Path) -> None:
    inputs = make_inputs(tmp_path / "in", {"a.txt": "alpha\n", "b.txt": "beta\n"})
    out = tmp_path / "out"
    run_batch(inputs, config(out, executor="inline"), Quiet(), task=fake_task)
    cache = EditionCache(out)
    options = ExtractOptions()
    key_a = cache_key(file_sha256(inputs[0]) or "", options)
    key_b = cache_key(file_sha256(inputs[1]) or "", options)
    shutil.copy(cache._path(key_b), cache._path(key_a))  # b's edition under a's key
    second = run_batch(inputs, config(out, executor="inline"), Quiet(), task=fake_task)
    assert second.stats["extracted"] == 1 and second.stats["cached"] == 1
    assert "alpha" in (out / "a" / "edition.json").read_text(encoding="utf-8")
