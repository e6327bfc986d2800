"""Batch extraction: many inputs in parallel, cached, isolated per document, with index and failures files."""

from pipeline.batch.discover import discover_inputs
from pipeline.batch.outcome import BatchResult, Outcome
from pipeline.batch.runner import BatchConfig, exit_code_for, run_batch

__all__ = ["BatchConfig", "BatchResult", "Outcome", "discover_inputs", "exit_code_for", "run_batch"]
