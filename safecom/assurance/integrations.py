"""Every call this app makes to other capabilities' data, in one place.

- `safecom.workforce.selectors.workforce_summary(*, provider)`: staff records in figures
  (return pre-fill, the workforce risk factor);
- `safecom.assessments.selectors.provider_assessment_state(*, provider)`: the provider's
  self-assessment (the self-assessment risk factor);
- their set-based forms `workforce.portfolio.workforce_summaries` and `assessments.portfolio.
  provider_assessment_states` for many providers at once.

Where a capability is not installed (or does not offer the function yet) these answer None,
which the callers show as "no data" and score neutrally: nothing is made up. Tests may
monkeypatch these functions.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from typing import Any

from safecom.organisations.models import Organisation


def _find(module_name: str, name: str) -> Callable[..., Any] | None:
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name != module_name:  # a real fault inside the module must surface
            raise
        return None
    return getattr(module, name, None)


def workforce_summary(*, provider: Organisation) -> dict[str, Any] | None:
    """The provider's workforce figures, or None when the service holds none."""
    found = _find("safecom.workforce.selectors", "workforce_summary")
    return found(provider=provider) if found else None


def provider_assessment_state(*, provider: Organisation) -> dict[str, Any] | None:
    """The provider's self-assessment state, or None when the service holds none."""
    found = _find("safecom.assessments.selectors", "provider_assessment_state")
    return found(provider=provider) if found else None


def workforce_summaries(*, providers: Iterable[Organisation]) -> dict[int, dict[str, Any] | None]:
    """One summary per distinct provider, read for all of them together."""
    unique = list({p.pk: p for p in providers}.values())
    found = _find("safecom.workforce.portfolio", "workforce_summaries")
    if found is None:
        return {p.pk: workforce_summary(provider=p) for p in unique}
    return dict(found(providers=unique))


def assessment_states(
    *, providers: Iterable[Organisation], workforce: dict[int, Any] | None = None
) -> dict[int, dict[str, Any] | None]:
    """One self-assessment state per distinct provider, read for all of them together
    (reusing their workforce summaries when the caller has them)."""
    unique = list({p.pk: p for p in providers}.values())
    found = _find("safecom.assessments.portfolio", "provider_assessment_states")
    if found is None:
        return {p.pk: provider_assessment_state(provider=p) for p in unique}
    return dict(found(providers=unique, workforce=workforce))
