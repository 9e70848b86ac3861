"""Reading one cell: text, UK dates, yes/no, counts and the choice columns.

Each parser returns (value, problem). Dates are day/month/year; a date that could only be
month/day/year is refused, and so is a two-digit year: we never guess. Parsed values are
cached by their text because a register repeats the same dates and words many times.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

BLANKS = frozenset({"", "-", "--", "\u2014", "n/a", "na", "none", "nil", "not applicable"})
FORMULA_STARTS = ("=", "+", "-", "@")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_DMY = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{2,4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]00:00(?::00(?:\.0+)?)?)?$")
_NAMED = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?[\s\-/]+([A-Za-z]{3,9})\.?[\s\-/,]+(\d{4})$")
_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
EARLIEST = dt.date(1900, 1, 1)

# Flags a date can carry for the check across the whole column (see validate.py).
DAY_MONTH_BOTH_POSSIBLE = "both"  # 03/04/2024: a real day-first date, but 4 March is possible
MONTH_FIRST = "month_first"  # 12/31/2024: only possible as month/day/year

_date_cache: dict[str, tuple[dt.date | None, str | None, str]] = {}


def is_blank(raw: Any) -> bool:
    if raw is None:
        return True
    if isinstance(raw, str):
        return raw.strip().lower() in BLANKS
    return False


def parse_text(raw: Any, max_length: int) -> tuple[str, str | None]:
    if raw is None:
        return "", None
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    text = str(raw).strip()
    if text.lower() in BLANKS:
        return "", None
    if "\x00" in text or _CONTROL.search(text):
        return "", "Remove the control characters from the text."
    if text.startswith(FORMULA_STARTS):
        return "", (
            f"It starts with '{text[0]}', so a spreadsheet would run it as a formula. "
            "Remove the leading character."
        )
    if len(text) > max_length:
        return "", f"Use {max_length} characters or fewer (this has {len(text)})."
    return text, None


def _make_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _parse_date_text(text: str) -> tuple[dt.date | None, str | None, str]:
    if m := _DMY.match(text):
        first, second, year_text = (int(g) for g in m.groups())
        if len(m.group(3)) != 4:
            return (
                None,
                (
                    f"'{text}' has a two-digit year, which could be in either century. "
                    "Write the year in full, like 23/04/1988."
                ),
                "",
            )
        day_first = _make_date(year_text, second, first)
        if day_first is None:
            if _make_date(year_text, first, second) is not None:
                return (
                    None,
                    (
                        f"'{text}' reads as month/day/year. Write dates as day/month/year, "
                        f"like {second:02d}/{first:02d}/{year_text}."
                    ),
                    MONTH_FIRST,
                )
            return None, f"'{text}' is not a real date (day/month/year).", ""
        flag = DAY_MONTH_BOTH_POSSIBLE if first <= 12 and second <= 12 and first != second else ""
        return day_first, None, flag
    if m := _ISO.match(text):
        year, month, day = (int(g) for g in m.groups())
        found = _make_date(year, month, day)
        if found is None:
            return None, f"'{text}' is not a real date.", ""
        return found, None, ""
    if m := _NAMED.match(text):
        named = _MONTHS.get(m.group(2).lower())
        found = _make_date(int(m.group(3)), named, int(m.group(1))) if named else None
        if found is None:
            return None, f"'{text}' is not a real date.", ""
        return found, None, ""
    return None, f"'{text[:40]}' is not a date. Write it as day/month/year, like 23/04/1988.", ""


def parse_date(raw: Any) -> tuple[dt.date | None, str | None, str]:
    """(date, problem, flag). Excel date cells arrive as dates; text as day/month/year."""
    if isinstance(raw, dt.datetime):
        return raw.date(), None, ""
    if isinstance(raw, dt.date):
        return raw, None, ""
    if isinstance(raw, (bool, int | float)):
        return (
            None,
            (
                f"{raw:g} is a number, not a date. Format the cell as a date or write "
                "day/month/year, like 23/04/1988."
            ),
            "",
        )
    if raw is None:
        return None, None, ""
    text = str(raw).strip()
    if text.lower() in BLANKS:
        return None, None, ""
    found = _date_cache.get(text)
    if found is None:
        if len(_date_cache) > 100_000:
            _date_cache.clear()
        found = _date_cache[text] = _parse_date_text(text)
    return found


_TRUE = frozenset({"yes", "y", "true", "1", "x", "\u2713", "\u2714", "ticked"})
_FALSE = frozenset({"no", "n", "false", "0"})


def parse_bool(raw: Any) -> tuple[bool | None, str | None]:
    """True/False, or None when blank (keep the default)."""
    if isinstance(raw, bool):
        return raw, None
    if isinstance(raw, int | float) and raw in (0, 1):
        return bool(raw), None
    text = "" if raw is None else str(raw).strip().lower()
    if text in BLANKS and text not in _FALSE:
        return None, None
    if text in _TRUE:
        return True, None
    if text in _FALSE:
        return False, None
    return None, f"'{str(raw)[:40]}' is not yes or no."


_ACTIVE = frozenset({"active", "current", "in post", "employed", "yes", "y", "true", "1"})
_LEFT = frozenset(
    {"left", "leaver", "inactive", "former", "ended", "no", "n", "false", "0", "not active"}
)


def parse_status(raw: Any) -> tuple[bool | None, str | None]:
    text = "" if raw is None else str(raw).strip().lower()
    if text in BLANKS and text not in _LEFT:
        return None, None
    if text in _ACTIVE:
        return True, None
    if text in _LEFT:
        return False, None
    return None, f"'{str(raw)[:40]}' is not a status we know. Write Active or Left."


def parse_int(raw: Any, *, low: int = 0, high: int = 20) -> tuple[int | None, str | None]:
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    if isinstance(raw, int) and not isinstance(raw, bool):
        value = raw
    else:
        text = "" if raw is None else str(raw).strip()
        if text.lower() in BLANKS:
            return None, None
        if not text.isascii() or not text.isdigit():
            return None, f"'{text[:40]}' is not a whole number."
        value = int(text)
    if not low <= value <= high:
        return None, f"{value} is out of range: give a number from {low} to {high}."
    return value, None


def _fold(text: str) -> str:
    text = text.lower().replace("&", " and ").replace("'", "").replace("\u2019", "")
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


def _worker_type(text: str) -> str | None:
    words = set(text.split())
    for code, keys in (
        ("agency", {"agency", "locum", "supply", "bank"}),
        ("volunteer", {"volunteer", "voluntary", "unpaid"}),
        ("trustee", {"trustee", "trustees", "board"}),
        ("governor", {"governor", "governors"}),
        ("contractor", {"contractor", "consultant", "self", "freelance", "sessional"}),
        ("employee", {"employee", "staff", "employed", "paid", "permanent", "fixed", "worker"}),
    ):
        if words & keys:
            return code
    return None


def _dbs_level(text: str) -> tuple[str | None, str | None]:
    if "basic" in text:
        return "basic", None
    if "standard" in text:
        return "standard", None
    if "enhanced" not in text:
        return None, None
    children = "child" in text
    adults = "adult" in text or "vulnerable" in text
    barred = "barred" in text or "list" in text or "+" in text
    if (children and adults) or "both" in text:
        return "enhanced_barred_both", None
    if children:
        return "enhanced_barred_children", None
    if adults:
        return "enhanced_barred_adults", None
    if barred:
        return None, (
            "Say which barred list was checked: children's, adults' or both "
            "(for example 'Enhanced with children's barred list')."
        )
    return "enhanced", None


def _workforce(text: str) -> str | None:
    children = "child" in text
    adults = "adult" in text
    if children and adults:
        return "child_and_adult"
    if children:
        return "child"
    if adults:
        return "adult"
    return "other" if "other" in text else None


def _right_to_work(text: str) -> str | None:
    if any(
        k in text for k in ("time limited", "limited leave", "visa", "pre settled", "temporary")
    ):
        return "time_limited"
    if any(
        k in text
        for k in ("unlimited", "british", "irish", "settled", "indefinite", "ilr", "citizen")
    ):
        return "unlimited"
    return None


def _status_result(text: str) -> str | None:
    if "not current" in text or "no longer" in text or "new info" in text or "changed" in text:
        return "not_current"
    if "current" in text or "no change" in text or "clear" in text:
        return "current"
    return None


_choice_cache: dict[tuple[str, str], tuple[str | None, str | None]] = {}


def parse_choice(column: str, raw: Any, choices: tuple[str, ...]) -> tuple[str, str | None]:
    text = "" if raw is None else str(raw).strip()
    if text.lower() in BLANKS:
        return "", None
    key = (column, text)
    found = _choice_cache.get(key)
    if found is None:
        folded = _fold(text)
        problem: str | None = None
        if folded.replace(" ", "_") in choices:
            value: str | None = folded.replace(" ", "_")
        elif column == "worker_type":
            value = _worker_type(folded)
        elif column == "dbs_level":
            value, problem = _dbs_level(text.lower())
        elif column == "dbs_workforce":
            value = _workforce(folded)
        elif column == "right_to_work_type":
            value = _right_to_work(folded)
        elif column == "dbs_status_result":
            value = _status_result(folded)
        else:
            value = None
        if value is None and problem is None:
            problem = f"'{text[:40]}' is not one of the values this column takes."
        found = (value, problem)
        if len(_choice_cache) < 10_000:
            _choice_cache[key] = found
    value, problem = found
    return value or "", problem


def parse_dbs_number(raw: Any) -> tuple[str, str | None]:
    """Twelve digits, as text. A number cell that lost its leading zeros is refused, not
    padded: we cannot know it was a zero that was lost."""
    if isinstance(raw, float):
        if not raw.is_integer():
            return "", "A DBS certificate number is 12 digits, not a decimal number."
        raw = int(raw)
    if isinstance(raw, int) and not isinstance(raw, bool):
        text = str(raw)
        if len(text) < 12:
            return "", (
                f"This number has {len(text)} digits; a DBS certificate number has 12. If the "
                "spreadsheet dropped leading zeros, format the column as text and type it again."
            )
    else:
        text = "" if raw is None else str(raw).strip()
    if text.lower() in BLANKS:
        return "", None
    compact = text.replace(" ", "").replace("-", "")
    if not compact.isascii() or not compact.isdigit():
        return "", "A DBS certificate number is 12 digits, with no letters or symbols."
    if len(compact) != 12:
        return "", f"A DBS certificate number has 12 digits; this one has {len(compact)}."
    return compact, None
