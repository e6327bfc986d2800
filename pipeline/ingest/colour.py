"""PDF colour values (gray, RGB, CMYK tuples) to '#rrggbb'."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


def to_hex(value: Any) -> str | None:
    """Convert a pdfplumber colour (number, 1/3/4-tuple in 0-1) to '#rrggbb'; None for patterns or junk."""
    if value is None:
        return None
    if isinstance(value, int | float):
        value = (value,)
    if not isinstance(value, Sequence) or isinstance(value, str):
        return None
    try:
        comps = [float(c) for c in value]
    except (TypeError, ValueError):
        return None
    if len(comps) == 1:
        r = g = b = comps[0]
    elif len(comps) == 3:
        r, g, b = comps
    elif len(comps) == 4:
        c, m, y, k = comps
        r, g, b = (1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k)
    else:
        return None

    def byte(x: float) -> int:
        return max(0, min(255, round(x * 255)))

    return f"#{byte(r):02x}{byte(g):02x}{byte(b):02x}"
