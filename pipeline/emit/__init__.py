"""Emit stage: records to JSON, CSV and XLSX files, always written atomically."""
