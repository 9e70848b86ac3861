"""What reminders there are, and where the sweep finds what is due.

Each app that has something to remind people of writes `safecom/<app>/reminders.py` with
functions decorated `@reminder_collector("kind")`. A collector takes the day and yields
`Due` items, set-based (a few queries for the whole portfolio, never one per record).
"""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

KINDS: dict[str, str] = {
    "dbs_recheck": "DBS rechecks due in 60, 30 and 0 days",
    "assessment_due": "Self-assessments due or overdue",
    "return_due": "Quarterly returns due or late",
    "action_overdue": "Actions past their due date",
    "lado_breach": "Allegations not referred to the LADO within one working day",
    "named_role_vacant": "Named safeguarding roles left vacant",
    "briefing_unacknowledged": "Briefings not yet acknowledged",
}
APPS = ("workforce", "assessments", "documents", "assurance")


@dataclass(frozen=True)
class Due:
    """Something due for some people. `key` names the thing and the threshold crossed, so the
    same reminder is made once per person (for example "dbs:staff-41:30d")."""

    kind: str
    key: str
    subject: str
    body: str
    recipient_ids: tuple[int, ...]
    link: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


Collector = Callable[..., Iterable[Due]]
_COLLECTORS: dict[str, list[Collector]] = {}


def reminder_collector(kind: str) -> Callable[[Collector], Collector]:
    if kind not in KINDS:
        raise ValueError(f"unknown reminder kind {kind!r}; add it to KINDS with its label")

    def register(func: Collector) -> Collector:
        _COLLECTORS.setdefault(kind, []).append(func)
        return func

    return register


def collectors() -> dict[str, list[Collector]]:
    for app in APPS:
        try:
            importlib.import_module(f"safecom.{app}.reminders")
        except ModuleNotFoundError as exc:
            if exc.name != f"safecom.{app}.reminders":
                raise
    return _COLLECTORS


def collect_all(*, today: dt.date) -> Iterable[Due]:
    for functions in collectors().values():
        for func in functions:
            yield from func(today=today)
