"""Numbers the standards set, read from the requirements' parameters (never written in code)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from safecom.contracts.models import Contract
from safecom.standards.models import Requirement


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
    ids = list(contract_ids)
    by_version, current = _values(name)
    fallback = pick(current) if current else None
    own: dict[int, list[Any]] = {}
    through = Contract.frameworks.through.objects.filter(contract_id__in=ids).values_list(
        "contract_id", "frameworkversion_id"
    )
    for contract_id, version_id in through:
        if version_id in by_version:
            own.setdefault(contract_id, []).append(by_version[version_id])
    return {cid: pick(own[cid]) if cid in own else fallback for cid in ids}


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
