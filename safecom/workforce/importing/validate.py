"""Checking every row of an import: each cell, then the cells against each other, then the
checks that need the whole file (a reference twice; a date column that mixes day-first and
month-first dates, where the ambiguous ones are refused rather than guessed)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from operator import itemgetter
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


# Values nearly every row has its own of: read each time rather than remembered.
UNIQUE_COLUMNS = frozenset({"staff_reference", "address", "dbs_number", "notes"})
_NEW = object()
_LEVELLED = [(column, level) for column, (_, level) in TRAINING_COLUMNS.items() if level]


class RowValidator:
    def __init__(self, sheet: Sheet, *, today: dt.date):
        self.sheet = sheet
        self.today = today
        self.latest_dob = _years_before(today, MIN_AGE_YEARS)
        # A register repeats its dates and words, so each column but the unique ones
        # remembers what it has read: `good` the values of cells that passed (so a row of
        # such cells is read in one comprehension), `bad` what was wrong with those that did
        # not.
        self.plan: list[tuple[Any, ...]] = [
            (
                index,
                name,
                sheet.headings[name],
                _cell_parser(BY_NAME[name], today=today, latest_dob=self.latest_dob),
                {},
                {},
            )
            for name, index in sheet.positions.items()
        ]
        self.remembered = [p for p in self.plan if p[1] not in UNIQUE_COLUMNS]
        self.unique = [p for p in self.plan if p[1] in UNIQUE_COLUMNS]
        self.names = [p[1] for p in self.remembered] + [p[1] for p in self.unique]
        # A row's remembered cells picked and looked up in C (itemgetter, then map over the
        # caches), not cell by cell in Python: this runs for every cell of every row.
        self.caches = [p[4] for p in self.remembered]
        self.pick = _picker([p[0] for p in self.remembered])
        self.lookups = [(p[0], p[4].get) for p in self.remembered]
        self.column_order = {p[2]: p[0] for p in self.plan}  # heading -> index
        # The unique columns' own parsers, called straight (their problems go the slow way).
        self.direct = [(p[0], _direct(BY_NAME[p[1]]), p) for p in self.unique]
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
        problems: list[RowError] = []
        failed: list[str] = []
        try:
            found = list(map(_LOOK_UP, self.caches, self.pick(cells)))
        except KeyError:  # a value not met before (or not remembered): read those cells
            found = [get(cells[index], _NEW) for index, get in self.lookups]
            for position, value in enumerate(found):
                if value is _NEW:
                    plan = self.remembered[position]
                    found[position] = self._read(number, cells, plan, problems, failed)
        for index, read, plan in self.direct:
            value, problem = read(cells[index])
            found.append(
                value if problem is None else self._read(number, cells, plan, problems, failed)
            )
        if problems:  # in the order of the columns, as they are read
            problems.sort(key=lambda e: self.column_order[e.column])
        values = dict(zip(self.names, found, strict=True))
        for name in failed:
            del values[name]
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

    def _read(
        self,
        number: int,
        cells: list[Any],
        plan: tuple[Any, ...],
        problems: list[RowError],
        failed: list[str],
    ) -> Any:
        """One cell the slow way: parsed, remembered, its problem noted (then None)."""
        index, name, heading, parser, good, bad = plan
        raw = cells[index]
        known = bad.get(raw)
        if known is None:
            value, problem, flag = parser(raw)
        else:
            value, (problem, flag) = None, known
        if problem:
            if known is None and len(bad) < CACHE_LIMIT:
                bad[raw] = (problem, flag)
            if name in PRIVATE_COLUMNS:
                problem = _QUOTED.sub("This value", problem, count=1)
                problem = _SUGGESTION.sub("like 23/04/1988", problem)
            problems.append(RowError(number, heading, problem))
            if flag == parse.MONTH_FIRST:
                self.checks.month_first.setdefault(name, number)
            failed.append(name)
            return None
        if name not in UNIQUE_COLUMNS and len(good) < CACHE_LIMIT:
            good[raw] = value
        return value

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
        check_pairs(values, problem)

    def file_errors(self) -> list[RowError]:
        """Errors only the whole file shows: ambiguous dates in a month-first column.

        A date that reads both ways is fine in a column of day/month dates, so those are
        looked for only when a column turns out to hold a month/day date, in a second look
        at that column (rare, and only when the file is being refused anyway)."""
        out = []
        for name, first_us in self.checks.month_first.items():
            heading = self.sheet.headings[name]
            for number in self._reads_both_ways(name):
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

    def _reads_both_ways(self, name: str) -> Iterator[int]:
        """Rows whose cell in this column is a real day/month date that also reads as
        month/day."""
        assert self.sheet.reopen is not None
        index = self.sheet.positions[name]
        parser = next(p[3] for p in self.plan if p[1] == name)
        for number, cells in self.sheet.reopen():
            if _blank(cells) or index >= len(cells):
                continue
            _, problem, flag = parser(cells[index])
            if flag == parse.DAY_MONTH_BOTH_POSSIBLE and not problem:
                yield number


_LOOK_UP = dict.__getitem__


def _picker(indexes: list[int]) -> Callable[[list[Any]], tuple[Any, ...]]:
    """The cells at these indexes, as a tuple, in one call."""
    if len(indexes) > 1:
        return itemgetter(*indexes)
    if indexes:
        index = indexes[0]
        return lambda cells: (cells[index],)
    return lambda cells: ()


def _direct(column: Column) -> Callable[[Any], tuple[Any, str | None]]:
    if column.kind == "dbs":
        return parse.parse_dbs_number
    assert column.kind == "text", column.name
    return partial(parse.parse_text, max_length=column.max_length)


def read_value(name: str, raw: Any, *, today: dt.date) -> tuple[Any, str | None]:
    """One value of a record read as the import reads its cell (for the record form)."""
    parser = _cell_parser(
        BY_NAME[name], today=today, latest_dob=_years_before(today, MIN_AGE_YEARS)
    )
    value, problem, _ = parser(raw)
    if problem and name in PRIVATE_COLUMNS:
        problem = _SUGGESTION.sub("like 23/04/1988", _QUOTED.sub("This value", problem, count=1))
    return value, problem


def check_pairs(values: dict[str, Any], problem: Callable[[str, str], None]) -> None:
    """The cells of one record against each other (the import and the record form)."""

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
            problem("dbs_status_checked_on", "The Update Service check is before the DBS issue.")
    elif values.get("dbs_status_result"):
        problem("dbs_status_checked_on", "Give the date of the Update Service check.")
    if (
        values.get("right_to_work_type") == "time_limited"
        and "right_to_work_expires" in values
        and not values["right_to_work_expires"]
    ):
        problem("right_to_work_expires", "Give the date a time-limited right to work ends.")
    received = values.get("references_received")
    dates = (1 if values.get("reference_1_on") else 0) + (1 if values.get("reference_2_on") else 0)
    if received is not None and received < dates:
        problem(
            "references_received",
            f"{received} references received, but {dates} reference dates are given.",
        )
    elif received is None and "references_received" in values and dates:
        values["references_received"] = dates
    for column, level_column in _LEVELLED:
        if values.get(level_column) and not values.get(column):
            problem(column, "A training level is given without the date it was completed.")


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
