"""Typed tables to Parquet with pyarrow: the DataFrame dtypes kept, the same bytes for the same input."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.emit.atomic import write_bytes
from pipeline.emit.frames import to_frames
from pipeline.models import Edition

# Fixed writer settings: nothing in the file depends on the time, the machine or the run.
WRITE_OPTIONS: dict[str, object] = {
    "compression": "snappy",  # what Power BI, DuckDB, Spark and Excel's Power Query all read
    "version": "2.6",
    "use_dictionary": True,
    "write_statistics": True,
}


def arrow_table(frame: pd.DataFrame) -> pa.Table:
    """The frame as an Arrow table: strings as utf8, categoricals as dictionaries (ordered kept),
    datetimes as timestamp[ms], nullable ints as int64; pandas metadata kept so pandas reads it back typed."""
    table = pa.Table.from_pandas(frame, preserve_index=False)
    fields = []
    for f in table.schema:
        if pa.types.is_large_string(f.type):
            f = f.with_type(pa.string())
        elif pa.types.is_dictionary(f.type) and pa.types.is_large_string(f.type.value_type):
            f = f.with_type(pa.dictionary(f.type.index_type, pa.string(), f.type.ordered))
        fields.append(f)
    return table.cast(pa.schema(fields, metadata=table.schema.metadata))


def parquet_bytes(frame: pd.DataFrame) -> bytes:
    """One Parquet file's bytes for a frame."""
    sink = pa.BufferOutputStream()
    pq.write_table(arrow_table(frame), sink, **WRITE_OPTIONS)  # type: ignore[arg-type]
    return bytes(sink.getvalue().to_pybytes())


def write_frames(frames: Mapping[str, pd.DataFrame], folder: Path) -> list[Path]:
    """Write `<name>.parquet` for each frame into `folder`, atomically; returns the files written."""
    written: list[Path] = []
    for name, frame in frames.items():
        path = folder / f"{name}.parquet"
        write_bytes(path, parquet_bytes(frame))
        written.append(path)
    return written


def write_edition_parquet(edition: Edition, folder: Path) -> list[Path]:
    """recommendations, actions, indicators, issues and stated_totals `.parquet` in `folder`."""
    return write_frames(to_frames(edition), folder)
