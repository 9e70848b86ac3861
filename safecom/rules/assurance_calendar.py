"""Calendar and reporting-period helpers for the assurance rules. Plain Python (no Django).

Working days take the bank holidays as an argument, so the rules that use them stay pure.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass

# --- Calendar helpers -------------------------------------------------------------------------


def is_working_day(day: dt.date, bank_holidays: Collection[dt.date]) -> bool:
    return day.weekday() < 5 and day not in bank_holidays


def add_working_days(start: dt.date, days: int, bank_holidays: Collection[dt.date]) -> dt.date:
    """The date `days` working days after `start`; `start` itself does not count."""
    day = start
    counted = 0
    while counted < days:
        day += dt.timedelta(days=1)
        if is_working_day(day, bank_holidays):
            counted += 1
    return day


def working_days_between(start: dt.date, end: dt.date, bank_holidays: Collection[dt.date]) -> int:
    """Working days after `start` up to and including `end` (0 when `end` is not later)."""
    count = 0
    day = start
    while day < end:
        day += dt.timedelta(days=1)
        if is_working_day(day, bank_holidays):
            count += 1
    return count


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later, or the month's last day when it is shorter."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    next_month = dt.date(year + (month == 12), month % 12 + 1, 1)
    last = (next_month - dt.timedelta(days=1)).day
    return dt.date(year, month, min(day.day, last))


def long_date(day: dt.date) -> str:
    return f"{day:%A} {day.day} {day:%B %Y}"


# --- Reporting periods (nel 15.2: quarterly) ----------------------------------------------------

FINANCIAL_YEAR_START_MONTH = 4  # UK public bodies report by financial year, April to March


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date
    label: str


def reporting_period(day: dt.date, interval_months: int) -> Period:
    """The reporting period holding `day`: financial-year periods of `interval_months` months."""
    if interval_months <= 0 or 12 % interval_months:
        raise ValueError("A reporting interval must divide the year: 1, 2, 3, 4, 6 or 12 months.")
    year = day.year if day.month >= FINANCIAL_YEAR_START_MONTH else day.year - 1
    months_in = (day.month - FINANCIAL_YEAR_START_MONTH) % 12
    number = months_in // interval_months + 1
    start = add_months(dt.date(year, FINANCIAL_YEAR_START_MONTH, 1), (number - 1) * interval_months)
    end = add_months(start, interval_months) - dt.timedelta(days=1)
    fy = f"{year}/{(year + 1) % 100:02d}"
    if interval_months == 3:
        label = f"Q{number} {fy}"
    elif interval_months == 6:
        label = f"H{number} {fy}"
    elif interval_months == 12:
        label = fy
    elif interval_months == 1:
        label = f"{start:%B %Y}"
    else:
        label = f"{start:%b %Y} to {end:%b %Y}"
    return Period(start=start, end=end, label=label)


def recent_periods(today: dt.date, interval_months: int, count: int) -> list[Period]:
    """The `count` periods that ended most recently before `today`, newest first."""
    out: list[Period] = []
    current = reporting_period(today, interval_months)
    day = current.start - dt.timedelta(days=1)
    while len(out) < count:
        period = reporting_period(day, interval_months)
        out.append(period)
        day = period.start - dt.timedelta(days=1)
    return out
