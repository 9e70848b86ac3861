"""Every call this app makes to the workforce, documents and assurance apps, in one place.

Each function says plainly when the other app is not there (None, or `available` False)
rather than inventing figures: a gate or a suggested challenge must never rest on data that
does not exist. Tests replace these functions to exercise each case.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db.models import Q

from safecom.contracts.models import Contract
from safecom.rules import assessments as rules


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


def workforce_summaries(*, providers: list[Any]) -> dict[int, dict[str, Any]] | None:
    """`workforce_summary` for many providers at once, or None without workforce records."""
    func = _selector("safecom.workforce.portfolio", "workforce_summaries")
    return None if func is None else dict(func(providers=providers))


def named_role_holders_of(*, providers: list[Any]) -> dict[int, dict[str, str | None]] | None:
    """`named_role_holders` for many providers at once, or None without workforce records."""
    func = _selector("safecom.workforce.selectors", "named_role_holders_of")
    return None if func is None else dict(func(providers=providers))


def clause_checks_latest(*, contracts: list[Any]) -> dict[int, Any] | None:
    """contract id -> its latest clause check (left out when never checked), or None when the
    document checker is not there."""
    func = _selector("safecom.documents.selectors", "clause_checks_latest")
    return None if func is None else dict(func(contracts=contracts))


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


# --- Quarterly returns and policy checks -------------------------------------------------------
# Neither app offers a read of these that takes no user and many contracts, so they are read
# here through the contract's own relations, one query each, and nowhere else in this app.


def _number(value: str) -> float | None:
    try:
        return float(value.strip().rstrip("%").replace(",", ""))
    except (AttributeError, ValueError):
        return None


@dataclass(frozen=True)
class ReturnsRead:
    """What a contract's quarterly returns say: the latest submitted one's figures (with its
    period end), and how many due in the last 12 months came late or are missing."""

    latest: tuple[Any, rules.ReturnFigures] | None
    record: rules.ReturnsRecord


def returns_read(*, contracts: Iterable[Any], today: Any) -> dict[int, ReturnsRead]:
    """contract id -> `ReturnsRead`, in one query for all the contracts.

    Figures come from the latest submitted return whose period ended in the last 12 months
    (an older one does not speak for today), by each item's `prefill`: the workforce figure
    the item reports. Late and missing are the assurance rule's words, over returns due in
    the 12 months before `today`, as the assurance app counts them. Read here rather than
    from the assurance app's contract state, which itself reads self-assessments."""
    ids = [c.pk for c in contracts]
    if not ids or not apps.is_installed("safecom.assurance"):
        return {}
    from safecom.rules.assurance import nel_15_2_return_status

    since = rules.add_months(today, -12)
    rows = Contract.objects.filter(
        Q(safeguarding_returns__due_on__gte=since) | Q(safeguarding_returns__period_end__gte=since),
        pk__in=ids,
    ).values_list(
        "pk",
        "safeguarding_returns__pk",
        "safeguarding_returns__period_end",
        "safeguarding_returns__period_label",
        "safeguarding_returns__due_on",
        "safeguarding_returns__submitted_on",
        "safeguarding_returns__answers__item__prefill",
        "safeguarding_returns__answers__item__kind",
        "safeguarding_returns__answers__value",
    )
    returns: dict[int, dict[int, dict[str, Any]]] = {}
    for contract_id, return_id, end, label, due, submitted, figure, kind, value in rows:
        if return_id is None:
            continue
        found = returns.setdefault(contract_id, {}).setdefault(
            return_id,
            {"end": end, "label": label, "due": due, "submitted": submitted, "values": {}},
        )
        number = _number(value or "") if figure else None
        if number is None:
            continue
        if figure == "training_coverage" and (kind == "percent" or number > 1):
            number = number / 100
        found["values"][figure] = number
    out = {}
    for contract_id in ids:
        by_return = returns.get(contract_id, {})
        counts = {"late": 0, "missing": 0}
        for r in by_return.values():
            if r["due"] is not None and since <= r["due"] < today:
                status = nel_15_2_return_status(
                    due_on=r["due"], submitted_on=r["submitted"], today=today
                )
                counts[status] = counts.get(status, 0) + 1
        with_figures = [
            (r["end"], pk)
            for pk, r in by_return.items()
            if r["submitted"] is not None and r["values"] and r["end"] >= since
        ]
        latest = None
        if with_figures:
            r = by_return[max(with_figures)[1]]
            latest = (r["end"], rules.ReturnFigures(str(r["label"]), r["submitted"], r["values"]))
        out[contract_id] = ReturnsRead(
            latest, rules.ReturnsRecord(late=counts["late"], missing=counts["missing"])
        )
    return out


@dataclass(frozen=True)
class PolicyCheck:
    contract_id: int
    framework: str
    document: str
    checked_at: Any
    unmet_keys: tuple[str, ...]  # "dorset 1.1.2"


def policy_checks_latest(*, contracts: Iterable[Any]) -> dict[int, list[PolicyCheck]]:
    """contract id -> the latest check of the provider's policies under each framework (a
    newer check against a framework supersedes an older one, as for clause checks)."""
    ids = [c.pk for c in contracts]
    if not ids or not apps.is_installed("safecom.documents"):
        return {}
    rows = Contract.objects.filter(pk__in=ids, document_checks__kind=rules.POLICY).values_list(
        "pk",
        "document_checks__pk",
        "document_checks__kind",
        "document_checks__framework_version__framework__slug",
        "document_checks__document_name",
        "document_checks__checked_at",
        "document_checks__unmet_refs",
    )
    latest: dict[tuple[int, str], tuple[Any, int, PolicyCheck]] = {}
    for contract_id, check_id, kind, slug, name, checked_at, unmet in rows:
        if kind != rules.POLICY or check_id is None:
            continue
        check = PolicyCheck(
            contract_id,
            slug,
            str(name or ""),
            checked_at,
            tuple(f"{slug} {ref}" for ref in (unmet or ())),
        )
        known = latest.get((contract_id, slug))
        if known is None or (checked_at, check_id) > known[:2]:
            latest[(contract_id, slug)] = (checked_at, check_id, check)
    out: dict[int, list[PolicyCheck]] = {}
    for (contract_id, _), (_, _, check) in sorted(latest.items()):
        out.setdefault(contract_id, []).append(check)
    return out
