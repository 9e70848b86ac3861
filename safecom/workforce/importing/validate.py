"""Checking every row of an import: each cell, then the cells against each other, then the
checks that need the whole file (a reference twice; a date column that mixes day-first and
month-first dates, where the ambiguous ones are refused rather than guessed)."""

from __future__ import annotations

import datetime as dt
import re
from array import array
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from safecom.workforce.importing import parse
from safecom.workforce.importing.columns import BY_NAME, TRAINING_COLUMNS, Column
from safecom.workforce.importing.reader import RowError, Sheet

# Dates that may lie ahead: a starter recorded before day one, notice given, a visa's end.
FUTURE_ALLOWED = frozenset({"start_date", "leaving_date", "right_to_work_expires"})
MIN_AGE_YEARS = 14
# Their values are never repeated in a message: messages are shown on pages and kept in jobs.
PRIVATE_COLUMNS = frozenset({"date_of_birth", "dbs_number"})
_QUOTED = re.compile(r"'[^']*'")
_SUGGESTION = re.compile(r"like \d{1,2}/\d{1,2}/\d{4}")


@dataclass
class ValidRow:
    number: int
    values: dict[str, Any]  # staff field -> value, only for columns the file has
    training: list[tuple[str, dt.date, str]]  # (kind, completed on, level)


@dataclass
class FileChecks:
    """What the whole-file checks remember while the rows stream past."""

    first_row_of: dict[str, int] = field(default_factory=dict)
    month_first: dict[str, int] = field(default_factory=dict)  # column -> first such row
    ambiguous: dict[str, array] = field(default_factory=dict)  # column -> rows


def _cell_parser(
    column: Column, *, today: dt.date, latest_dob: dt.date
) -> Callable[[Any], tuple[Any, str | None, str]]:
    kind = column.kind
    if kind == "text":
        limit = column.max_length
        return lambda raw: (*parse.parse_text(raw, limit), "")
    if kind == "date":
        return _date_parser(column.name, today=today, latest_dob=latest_dob)
    if kind == "bool":
        return lambda raw: (*parse.parse_bool(raw), "")
    if kind == "status":
        return lambda raw: (*parse.parse_status(raw), "")
    if kind == "int":
        return lambda raw: (*parse.parse_int(raw, low=0, high=10), "")
    if kind == "dbs":
        return lambda raw: (*parse.parse_dbs_number(raw), "")
    name, choices = column.name, column.choices
    return lambda raw: (*parse.parse_choice(name, raw, choices), "")


def _date_parser(
    name: str, *, today: dt.date, latest_dob: dt.date
) -> Callable[[Any], tuple[Any, str | None, str]]:
    """A date, and whether it can be right for this column (cached with the reading)."""
    future_allowed = name in FUTURE_ALLOWED
    private = name in PRIVATE_COLUMNS

    def read(raw: Any) -> tuple[Any, str | None, str]:
        value, problem, flag = parse.parse_date(raw)
        if value is None:
            return value, problem, flag
        shown = "The date" if private else f"{value:%d/%m/%Y}"
        if value < parse.EARLIEST:
            return None, f"{shown} is before 1900.", ""
        if value > today and not future_allowed:
            return None, f"{shown} is in the future.", ""
        if name == "date_of_birth" and value > latest_dob:
            return (
                None,
                (f"The date would make them younger than {MIN_AGE_YEARS}: check the year."),
                "",
            )
        return value, None, flag

    return read


CACHE_LIMIT = 50_000  # distinct values remembered per column


class RowValidator:
    def __init__(self, sheet: Sheet, *, today: dt.date):
        self.sheet = sheet
        self.today = today
        self.latest_dob = _years_before(today, MIN_AGE_YEARS)
        # (index, column, heading, parser, cache): a register repeats its dates and words, so
        # each column but free text remembers what it has read.
        self.plan: list[tuple[Any, ...]] = [
            (
                index,
                name,
                sheet.headings[name],
                _cell_parser(BY_NAME[name], today=today, latest_dob=self.latest_dob),
                None if BY_NAME[name].kind in {"text", "dbs"} else {},
            )
            for name, index in sheet.positions.items()
        ]
        self.width = max(sheet.positions.values()) + 1
        self.checks = FileChecks()

    def rows(self, errors: list[RowError]) -> Iterator[ValidRow]:
        """Every valid row; problems are appended to `errors` as they are found."""
        for number, cells in self.sheet.rows:
            if _blank(cells):
                continue  # blank lines at the end of a register are not rows
            row = self.check(number, cells, errors)
            if row is not None:
                yield row

    def check(self, number: int, cells: list[Any], errors: list[RowError]) -> ValidRow | None:
        if len(cells) < self.width:
            cells = list(cells) + [""] * (self.width - len(cells))
        values: dict[str, Any] = {}
        problems: list[RowError] = []
        for index, name, heading, parser, cache in self.plan:
            raw = cells[index]
            if cache is None:
                value, problem, flag = parser(raw)
            else:
                found = cache.get(raw)
                if found is None:
                    found = parser(raw)
                    if len(cache) < CACHE_LIMIT:
                        cache[raw] = found
                value, problem, flag = found
            if problem:
                if name in PRIVATE_COLUMNS:
                    problem = _QUOTED.sub("This value", problem, count=1)
                    problem = _SUGGESTION.sub("like 23/04/1988", problem)
                problems.append(RowError(number, heading, problem))
                if flag == parse.MONTH_FIRST:
                    self.checks.month_first.setdefault(name, number)
                continue
            if flag:
                self.checks.ambiguous.setdefault(name, array("i")).append(number)
            values[name] = value
        self._check_row(number, values, problems)
        if problems:
            errors.extend(problems)
            return None
        training = []
        for column, (kind, level_column) in TRAINING_COLUMNS.items():
            done = values.pop(column, None)
            level = values.pop(level_column, "") if level_column else ""
            if done is not None:
                training.append((kind, done, level or ""))
        return ValidRow(number, values, training)

    def _check_row(self, number: int, values: dict[str, Any], problems: list[RowError]) -> None:
        heading = self.sheet.headings.get

        def problem(column: str, message: str) -> None:
            problems.append(RowError(number, heading(column) or BY_NAME[column].heading, message))

        reference = values.get("staff_reference", "")
        if not reference and "staff_reference" in values:
            problem("staff_reference", "Give the person's staff reference.")
        elif reference:
            first = self.checks.first_row_of.setdefault(reference, number)
            if first != number:
                problem(
                    "staff_reference",
                    f"Staff reference {reference} is also on row {first}. Each person once.",
                )
        for name in ("first_name", "last_name"):
            if name in values and not values[name]:
                problem(name, f"Give the person's {BY_NAME[name].heading.lower()}.")
        if "worker_type" in values and not values["worker_type"]:
            problem("worker_type", "Give the worker type: employee, volunteer, agency, ...")
        self._check_pairs(values, problem)

    def _check_pairs(self, values: dict[str, Any], problem: Callable[[str, str], None]) -> None:
        def both(a: str, b: str) -> bool:
            return a in values and b in values

        start, leaving = values.get("start_date"), values.get("leaving_date")
        if start and leaving and leaving < start:
            problem("leaving_date", "The leaving date is before the start date.")
        if both("dbs_number", "dbs_issue_date"):
            if values["dbs_number"] and not values["dbs_issue_date"]:
                problem("dbs_issue_date", "Give the date the DBS certificate was issued.")
            if values["dbs_issue_date"] and not values["dbs_number"]:
                problem("dbs_number", "Give the DBS certificate number for this issue date.")
        if both("dbs_number", "dbs_level") and values["dbs_number"] and not values["dbs_level"]:
            problem("dbs_level", "Give the level of the DBS check.")
        checked = values.get("dbs_status_checked_on")
        if checked:
            if values.get("dbs_update_service") is False:
                problem(
                    "dbs_status_checked_on",
                    "An Update Service check is recorded but 'DBS Update Service' says no.",
                )
            if "dbs_status_result" in values and not values["dbs_status_result"]:
                problem("dbs_status_result", "Give the result of the Update Service check.")
            issued = values.get("dbs_issue_date")
            if issued and checked < issued:
                problem(
                    "dbs_status_checked_on", "The Update Service check is before the DBS issue."
                )
        elif values.get("dbs_status_result"):
            problem("dbs_status_checked_on", "Give the date of the Update Service check.")
        if (
            values.get("right_to_work_type") == "time_limited"
            and "right_to_work_expires" in values
            and not values["right_to_work_expires"]
        ):
            problem("right_to_work_expires", "Give the date a time-limited right to work ends.")
        received = values.get("references_received")
        dates = sum(1 for n in ("reference_1_on", "reference_2_on") if values.get(n))
        if received is not None and received < dates:
            problem(
                "references_received",
                f"{received} references received, but {dates} reference dates are given.",
            )
        elif received is None and "references_received" in values and dates:
            values["references_received"] = dates
        for column, (_, level_column) in TRAINING_COLUMNS.items():
            if level_column and values.get(level_column) and not values.get(column):
                problem(column, "A training level is given without the date it was completed.")

    def file_errors(self) -> list[RowError]:
        """Errors only the whole file shows: ambiguous dates in a month-first column."""
        out = []
        for name, first_us in self.checks.month_first.items():
            heading = self.sheet.headings[name]
            for number in self.checks.ambiguous.get(name, ()):
                out.append(
                    RowError(
                        number,
                        heading,
                        "This date reads both as day/month and as month/day, and this column "
                        f"also has month/day dates (row {first_us}), so it is not guessed. "
                        "Write every date as day/month/year.",
                    )
                )
        return out


def _blank(cells: list[Any]) -> bool:
    try:
        return not "".join(cells).strip()  # a CSV row: all text
    except TypeError:
        return not any(
            cell not in (None, "") and not (isinstance(cell, str) and not cell.strip())
            for cell in cells
        )


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)
