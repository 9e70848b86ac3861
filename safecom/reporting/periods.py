"""Quarters as people say them ("2026-Q3": July to September 2026). Plain Python."""

from __future__ import annotations

import datetime as dt
import re

_QUARTER = re.compile(r"^(\d{4})-?Q([1-4])$", re.IGNORECASE)


def quarter_of(day: dt.date) -> str:
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def quarter_bounds(quarter: str) -> tuple[dt.date, dt.date]:
    """First and last day; ValueError with a plain message when the text is not a quarter."""
    match = _QUARTER.match(quarter.strip())
    if not match:
        raise ValueError(f"'{quarter}' is not a quarter: write it like 2026-Q3.")
    year, q = int(match.group(1)), int(match.group(2))
    start = dt.date(year, 3 * q - 2, 1)
    end = dt.date(year + (q == 4), (3 * q) % 12 + 1, 1) - dt.timedelta(days=1)
    return start, end


def previous_quarter(day: dt.date) -> str:
    start, _ = quarter_bounds(quarter_of(day))
    return quarter_of(start - dt.timedelta(days=1))
