"""Diff stage: what changed between two editions of a plan (pure functions over Edition records)."""

from pipeline.diff.changes import diff_editions, edition_ref, recommendation_key
from pipeline.diff.matching import match_actions, match_indicators

__all__ = ["diff_editions", "edition_ref", "match_actions", "match_indicators", "recommendation_key"]
