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


@pytest.mark.dask
@pytest.mark.ocr
@pytest.mark.slow
def test_a_scans_pages_are_ocr_tasks_of_the_cluster_and_read_the_same() -> None:
    """One large scan is spread over the cluster's workers, page by page, with the same result."""
    import distributed

    from pipeline.ingest.ocr import ocr_pdf_pages
    from pipeline.options import ExtractOptions

    data = (REPO / "samples" / "eastmoor" / "eastmoor-2024-06-scan.pdf").read_bytes()
    local = ocr_pdf_pages(data, [1, 2, 3], ExtractOptions(dpi=150, ocr_workers=1))
    on_cluster = ExtractOptions(dpi=150, ocr_workers=1, ocr_on_cluster=True)
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=40
        ) as cluster,
        distributed.Client(cluster) as client,
        distributed.get_task_stream(client) as stream,
    ):
        remote = client.submit(ocr_pdf_pages, data, [1, 2, 3], on_cluster, pure=False).result()
    page_tasks = [t for t in stream.data if str(t["key"]).startswith("_cluster_page")]
    assert len(page_tasks) == 3
    assert [p.model_dump() for p in remote] == [p.model_dump() for p in local]
