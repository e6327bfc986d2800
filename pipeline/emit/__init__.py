"""Emit stage: records to JSON, CSV, XLSX and Parquet (and typed DataFrames), always written atomically."""
