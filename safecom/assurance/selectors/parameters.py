"""Numbers the standards set, read from the requirements' parameters (never written in code)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.db.models import Q

from safecom.contracts.models import Contract
from safecom.standards.models import Requirement
from safecom.standards.portfolio import PortfolioFrameworks


def _values(name: str) -> tuple[dict[int, Any], list[Any]]:
    """(framework version id -> value, values in current editions)."""
    by_version: dict[int, Any] = {}
    current: list[Any] = []
    rows = Requirement.objects.filter(parameters__has_key=name).values_list(
        "framework_version_id", "framework_version__is_current", "parameters"
    )
    for version_id, is_current, params in rows:
        value = params[name]
        by_version.setdefault(version_id, value)
        if is_current:
            current.append(value)
    return by_version, current


def parameter_current(name: str, pick: Callable[[Iterable[Any]], Any] = min) -> Any:
    """The value the current standards give (the strictest, by `pick`), or None if none does."""
    _, current = _values(name)
    return pick(current) if current else None


def parameter_for_contracts(
    name: str, contract_ids: Iterable[int], pick: Callable[[Iterable[Any]], Any] = min
) -> dict[int, Any]:
    """Per contract: the value its own framework versions give (the strictest, by `pick`);
    where none of them sets it, the value the current standards give; None if none does."""
    return parameters_for_contracts({name: pick}, contract_ids)[name]


def parameters_for_contracts(
    picks: dict[str, Callable[[Iterable[Any]], Any]],
    contract_ids: Iterable[int],
    frameworks: PortfolioFrameworks | None = None,
) -> dict[str, dict[int, Any]]:
    """`parameter_for_contracts` for several parameters (name -> pick): two queries, or none
    given the portfolio's `frameworks` already read."""
    ids = list(contract_ids)
    by_version: dict[str, dict[int, Any]] = {name: {} for name in picks}
    current: dict[str, list[Any]] = {name: [] for name in picks}
    versions: dict[int, list[int]] = {}
    if frameworks is not None:
        rows: Iterable[tuple[int, bool, dict[str, Any]]] = [
            (vid, frameworks.versions[vid].is_current, r.parameters)
            for vid, requirements in frameworks.requirements.items()
            for r in requirements
            if r.parameters
        ]
        for cid in ids:
            versions[cid] = [v.pk for v in frameworks.contract_versions.get(cid, [])]
    else:
        has_any = Q()
        for name in picks:
            has_any |= Q(parameters__has_key=name)
        rows = Requirement.objects.filter(has_any).values_list(
            "framework_version_id", "framework_version__is_current", "parameters"
        )
        for contract_id, version_id in Contract.frameworks.through.objects.filter(
            contract_id__in=ids
        ).values_list("contract_id", "frameworkversion_id"):
            versions.setdefault(contract_id, []).append(version_id)
    for version_id, is_current, params in rows:
        for name in picks:
            if name in params:
                by_version[name].setdefault(version_id, params[name])
                if is_current:
                    current[name].append(params[name])
    out: dict[str, dict[int, Any]] = {}
    for name, pick in picks.items():
        fallback = pick(current[name]) if current[name] else None
        out[name] = {}
        for cid in ids:
            own = [by_version[name][v] for v in versions.get(cid, ()) if v in by_version[name]]
            out[name][cid] = pick(own) if own else fallback
    return out


def parameter_for_framework(name: str, framework_id: int | None) -> Any:
    """The value the framework's current edition gives; else the current standards' value."""
    if framework_id is not None:
        found = (
            Requirement.objects.filter(
                parameters__has_key=name,
                framework_version__framework_id=framework_id,
                framework_version__is_current=True,
            )
            .values_list("parameters", flat=True)
            .first()
        )
        if found is not None:
            return found[name]
    return parameter_current(name)
