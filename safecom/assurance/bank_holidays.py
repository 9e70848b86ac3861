"""Bank holidays in England and Wales, from the `holidays` package.

England and Wales share one set of bank holidays (Scotland and Northern Ireland differ), so
the package's "GB" calendar with subdivision "ENG" is the one used for LADO working days.
"""

from __future__ import annotations

import datetime as dt
from functools import cache

import holidays


@cache
def _year(year: int) -> dict[dt.date, str]:
    return dict(holidays.country_holidays("GB", subdiv="ENG", years=year))


def bank_holidays_between(start: dt.date, end: dt.date) -> dict[dt.date, str]:
    """England and Wales bank holidays from `start`'s year to the year after `end` (a deadline
    counted from late December runs into January)."""
    out: dict[dt.date, str] = {}
    for year in range(start.year, max(start.year, end.year) + 2):
        out |= _year(year)
    return out
