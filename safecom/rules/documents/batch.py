"""Checking many documents against one framework, in worker processes if wanted.

Workers receive plain data (requirement specs as dicts, texts) and return small summaries,
so nothing here needs Django and a worker compiles the cues once for all its documents.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import asdict
from typing import Any

from safecom.rules.documents.checker import Checker
from safecom.rules.documents.model import MET, RequirementSpec

_WORKER: dict[str, Any] = {}


def chunk_sizes(documents: int, *, workers: int, largest: int, smallest: int = 3) -> list[int]:
    """How many documents each chunk sent to a worker holds, in order. With several workers,
    a share of what is left (an eighth of it per worker's turn, at most `largest`, so memory
    stays bounded): chunks shrink towards the end, so the workers finish together instead of
    one checking the last big chunk while the other waits; never below `smallest`, as each
    chunk costs a query and a round trip. One worker simply takes `largest` at a time."""
    sizes: list[int] = []
    left = documents
    while left > 0:
        size = largest
        if workers > 1:
            size = min(largest, max(smallest, math.ceil(left / (4 * workers))))
        sizes.append(min(size, left))
        left -= sizes[-1]
    return sizes


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
