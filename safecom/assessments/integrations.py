"""Every call this app makes to the workforce and documents apps, in one place.

Each function says plainly when the other app is not there (None, or `available` False)
rather than inventing figures: a gate or a suggested challenge must never rest on data that
does not exist. Tests replace these functions to exercise each case.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from typing import Any


def _selector(module: str, name: str) -> Any:
    try:
        return getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError):
        return None


def workforce_summary(*, provider: Any) -> dict[str, Any] | None:
    """The provider's workforce figures (staff, DBS, training coverage, vacant named roles),
    or None when there are no workforce records here to read."""
    func = _selector("safecom.workforce.selectors", "workforce_summary")
    return None if func is None else dict(func(provider=provider))


def named_role_holders(*, provider: Any) -> dict[str, str | None] | None:
    """Role code -> the holder's name (None when vacant), or None without workforce records."""
    func = _selector("safecom.workforce.selectors", "named_role_holders")
    return None if func is None else dict(func(provider=provider))


@dataclass(frozen=True)
class ClauseCheck:
    available: bool  # False: the document checker is not there
    exists: bool = False
    all_met: bool = False
    checked_at: Any = None
    unmet_refs: tuple[str, ...] = ()
    summary: str = ""
    frameworks: tuple[str, ...] = field(default_factory=tuple)


def clause_check_latest(*, contract: Any) -> ClauseCheck:
    """The contract's latest safeguarding clause check, if the document checker has run one."""
    func = _selector("safecom.documents.selectors", "clause_check_latest")
    if func is None:
        return ClauseCheck(available=False)
    found = func(contract=contract)
    if found is None:
        return ClauseCheck(available=True)
    return ClauseCheck(
        available=True,
        exists=True,
        all_met=bool(found.all_met),
        checked_at=found.checked_at,
        unmet_refs=tuple(str(r) for r in (found.unmet_refs or ())),
        summary=str(found.summary or ""),
        frameworks=tuple(contract.frameworks.values_list("framework__slug", flat=True)),
    )


def unmet_clause_keys(check: ClauseCheck) -> set[str]:
    """Unmet refs as "framework ref" keys; a bare ref is read against each of the contract's
    frameworks, since the check was made against them."""
    keys: set[str] = set()
    for ref in check.unmet_refs:
        if " " in ref.strip():
            keys.add(" ".join(ref.split()))
        else:
            keys |= {f"{slug} {ref.strip()}" for slug in check.frameworks}
    return keys
