"""Checking many documents against one framework, in worker processes if wanted.

Workers receive plain data (requirement specs as dicts, texts) and return small summaries,
so nothing here needs Django and a worker compiles the cues once for all its documents.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict
from typing import Any

from safecom.rules.documents.checker import Checker
from safecom.rules.documents.model import MET, RequirementSpec

_WORKER: dict[str, Any] = {}


def spec_payload(specs: list[RequirementSpec]) -> list[dict[str, Any]]:
    return [asdict(s) for s in specs]


def init_worker(specs: list[dict[str, Any]], framework: str, kind: str, today: str) -> None:
    """Compile the checker once per process."""
    _WORKER["checker"] = Checker(
        [RequirementSpec(**s) for s in specs], framework=framework, kind=kind
    )
    _WORKER["today"] = dt.date.fromisoformat(today)


def check_items(items: list[tuple[int, str, str, list[int]]]) -> list[dict[str, Any]]:
    """[(key, document name, text, page starts)] -> a summary per document."""
    checker: Checker = _WORKER["checker"]
    out = []
    for key, name, text, page_starts in items:
        result = checker.check(
            text, document=name, page_starts=page_starts or [0], today=_WORKER["today"]
        )
        out.append(
            {
                "key": key,
                "all_met": result.all_met,
                "statuses": {f.ref: f.status for f in result.findings},
                "unmet_refs": [f.ref for f in result.findings if f.status != MET],
                "warnings": [w.message for w in result.warnings],
            }
        )
    return out
