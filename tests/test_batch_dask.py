"""The dask executor on a real LocalCluster of processes gives the same bytes as the local pool."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from pipeline.batch import BatchConfig, run_batch
from pipeline.batch.progress import LineProgress

REPO = Path(__file__).resolve().parent.parent


def records(out: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(out)): p.read_bytes()
        for p in sorted(out.rglob("*"))
        if p.suffix in (".json", ".csv") and ".cache" not in p.parts and p.name != "run.json"
    }


@pytest.mark.dask
def test_dask_local_cluster_matches_local_pool(tmp_path: Path) -> None:
    inputs = sorted(p for p in (REPO / "samples").rglob("*.pdf") if not p.stem.endswith("-scan"))[:4]
    assert len(inputs) >= 2
    quiet = LineProgress(io.StringIO(), quiet=True)
    local = run_batch(
        inputs, BatchConfig(out=tmp_path / "local", formats=("json", "csv"), workers=2, db=None), quiet
    )
    dask = run_batch(
        inputs,
        BatchConfig(out=tmp_path / "dask", formats=("json", "csv"), workers=2, db=None, executor="dask"),
        quiet,
    )
    assert local.stats == dask.stats == {"extracted": len(inputs), "cached": 0, "failed": 0, "removed": 0}
    assert records(tmp_path / "local") == records(tmp_path / "dask")
