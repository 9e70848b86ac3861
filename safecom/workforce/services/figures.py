"""The kept copy of providers' workforce figures (see `WorkforceFigures`): stored when the
dashboard has counted them, forgotten by every write that could change them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from safecom.workforce.models import WorkforceFigures


def workforce_figures_forget(*, provider_ids: Iterable[int]) -> None:
    """Called inside the transaction of every write to staff, training or named roles, so the
    next dashboard view counts the provider again."""
    WorkforceFigures.objects.filter(provider_id__in=list(provider_ids)).delete()


def workforce_figures_store(
    *, day: dt.date, entries: dict[int, tuple[list[Any], dict[str, Any], dict[str, Any]]]
) -> None:
    """provider id -> (policy key, figures, named role holders), as counted on `day`."""
    if not entries:
        return
    WorkforceFigures.objects.bulk_create(
        [
            WorkforceFigures(
                provider_id=pk, day=day, policy=policy, figures=figures, holders=holders
            )
            for pk, (policy, figures, holders) in entries.items()
        ],
        update_conflicts=True,
        unique_fields=["provider"],
        update_fields=["day", "policy", "figures", "holders", "computed_at"],
    )
