"""A contract's assurance at a glance, for pages, the API and the dashboards built on it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db.models import Count, Max, Q
from django.utils import timezone

from safecom.assurance.constants import RECENT_MONTHS
from safecom.assurance.models import MonitoringMeeting
from safecom.assurance.selectors.risk import contract_risks
from safecom.contracts.models import Contract
from safecom.rules.assurance import add_months


def contract_assurance_states(
    *,
    contracts: Iterable[Contract],
    today: dt.date | None = None,
    workforce: dict[int, Any] | None = None,
    assessments: dict[int, Any] | None = None,
    frameworks: Any = None,
) -> dict[int, dict[str, Any]]:
    """contract id -> its assurance state, read for all the contracts together (a fixed number
    of queries, whatever their number; see `contract_assurance_state` for the keys)."""
    today = today or timezone.localdate()
    items = list(contracts)
    if not items:
        return {}
    ids = [c.pk for c in items]
    since = add_months(today, -RECENT_MONTHS)
    risks = contract_risks(
        contracts=items,
        today=today,
        workforce=workforce,
        assessments=assessments,
        frameworks=frameworks,
    )
    meetings = {
        row["contract_id"]: row
        for row in MonitoringMeeting.objects.filter(contract_id__in=ids)
        .values("contract_id")
        .annotate(
            last=Max("held_on"),
            without=Count("pk", filter=Q(safeguarding_item="", held_on__gte=since)),
        )
    }
    out: dict[int, dict[str, Any]] = {}
    for c in items:
        risk = risks[c.pk]
        i = risk.inputs
        m: Any = meetings.get(c.pk, {})
        out[c.pk] = {
            "monitoring": {
                "last_meeting": m.get("last"),
                "meetings_without_safeguarding_item": m.get("without", 0),
                "overdue_actions": i.overdue_actions,
            },
            "returns": {
                "late": i.returns_late_12m,
                "missing": i.returns_missing_12m,
                "latest_period": risk.latest_return_period,
            },
            "risk": {
                "score": risk.score,
                "tier": risk.tier,
                "next_check_due": risk.next_check_due,
                "overdue": risk.overdue,
            },
            "allegations": {
                "open": risk.open_allegations,
                "lado_breaches_12m": i.lado_breaches_12m,
            },
            "reviews": {"overdue_recommendations": i.overdue_recommendations},
        }
    return out


def contract_assurance_state(*, contract: Contract, today: dt.date | None = None) -> dict[str, Any]:
    """One contract's assurance state:

    monitoring: last_meeting (date or None), meetings_without_safeguarding_item (last 12
    months), overdue_actions (from meetings and checks); returns: late and missing (due in the
    last 12 months), latest_period (label or None); risk: score, tier, next_check_due (None
    when not in delivery), overdue; allegations: open (not concluded), lado_breaches_12m;
    reviews: overdue_recommendations."""
    return contract_assurance_states(contracts=[contract], today=today)[contract.pk]
