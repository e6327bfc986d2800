"""Ruling lines: merge collinear segments so a row border drawn cell by cell becomes one line."""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.models import RuleLine

SNAP = 2.0  # points: segments this close in position are collinear
JOIN = 3.0  # points: gaps this small along a line are bridged


@dataclass(frozen=True)
class Segment:
    """A horizontal (pos = y, span = x0..x1) or vertical (pos = x, span = top..bottom) segment."""

    pos: float
    start: float
    end: float

    @property
    def length(self) -> float:
        """Length along the segment."""
        return self.end - self.start


def _merge(segments: list[Segment]) -> list[Segment]:
    segments = sorted(segments, key=lambda s: (s.pos, s.start))
    groups: list[list[Segment]] = []
    for s in segments:
        if groups and abs(groups[-1][0].pos - s.pos) <= SNAP:
            groups[-1].append(s)
        else:
            groups.append([s])
    merged: list[Segment] = []
    for group in groups:
        pos = sum(s.pos for s in group) / len(group)
        group.sort(key=lambda s: s.start)
        cur_start, cur_end = group[0].start, group[0].end
        for s in group[1:]:
            if s.start <= cur_end + JOIN:
                cur_end = max(cur_end, s.end)
            else:
                merged.append(Segment(pos, cur_start, cur_end))
                cur_start, cur_end = s.start, s.end
        merged.append(Segment(pos, cur_start, cur_end))
    return merged


def split_rules(lines: list[RuleLine]) -> tuple[list[Segment], list[Segment]]:
    """Horizontal and vertical segments, merged; very short ones (< 4 pt) dropped."""
    h, v = [], []
    for ln in lines:
        if ln.horizontal:
            h.append(Segment((ln.top + ln.bottom) / 2, ln.x0, ln.x1))
        else:
            v.append(Segment((ln.x0 + ln.x1) / 2, ln.top, ln.bottom))
    return ([s for s in _merge(h) if s.length >= 4], [s for s in _merge(v) if s.length >= 4])


def covers(v: list[Segment], x: float, top: float, bottom: float, share: float = 0.6) -> bool:
    """True when vertical segments at `x` cover at least `share` of the band top..bottom."""
    height = bottom - top
    if height <= 0:
        return False
    covered = 0.0
    for s in v:
        if abs(s.pos - x) <= SNAP + 1:
            covered += max(0.0, min(s.end, bottom) - max(s.start, top))
    return covered >= share * height
