"""History: a store of every edition extracted, grouped by plan, and timelines across editions."""

from pipeline.history.store import PlanSummary, Store, StoredEdition, open_store, plan_key
from pipeline.history.timeline import Timeline, TimelineRow, build_timeline

__all__ = [
    "PlanSummary",
    "Store",
    "StoredEdition",
    "Timeline",
    "TimelineRow",
    "build_timeline",
    "open_store",
    "plan_key",
]
