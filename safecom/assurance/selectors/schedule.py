"""The thematic check schedule: contracts in delivery by risk, with what is due and overdue."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.utils import timezone

from safecom.assurance.constants import DELIVERY_STAGES
from safecom.assurance.models import ThematicCheck
from safecom.assurance.selectors.risk import ContractRisk, contract_risks
from safecom.contracts.models import Contract

DUE_SOON_DAYS = 30  # "due soon" on the schedule: within a month


def schedule_rows(
    *, contracts: Iterable[Contract], today: dt.date | None = None
) -> list[dict[str, Any]]:
    """One row per contract in delivery: overdue first, then by next check date, then by score."""
    today = today or timezone.localdate()
    items = [c for c in contracts if c.stage in DELIVERY_STAGES]
    risks = contract_risks(contracts=items, today=today)
    latest: dict[int, ThematicCheck] = {}
    for check in ThematicCheck.objects.filter(contract_id__in=[c.pk for c in items]).order_by(
        "contract_id", "-carried_out_on", "-pk"
    ):
        latest.setdefault(check.contract_id, check)
    rows: list[dict[str, Any]] = []
    for c in items:
        risk = risks[c.pk]
        due = risk.next_check_due
        status = (
            "overdue"
            if risk.overdue
            else "due_soon"
            if due and (due - today).days <= DUE_SOON_DAYS
            else "scheduled"
        )
        rows.append({"contract": c, "risk": risk, "status": status, "last": latest.get(c.pk)})
    order = {"overdue": 0, "due_soon": 1, "scheduled": 2}
    rows.sort(
        key=lambda r: (
            order[r["status"]],
            r["risk"].next_check_due or dt.date.max,
            -r["risk"].score,
            r["contract"].title,
        )
    )
    return rows


def schedule_row_as_dict(row: dict[str, Any]) -> dict[str, Any]:
    c: Contract = row["contract"]
    risk: ContractRisk = row["risk"]
    last = row["last"]
    return {
        "contract": {
            "id": c.pk,
            "reference": c.reference,
            "title": c.title,
            "provider": c.provider.slug,
            "commissioner": c.commissioner.slug,
            "stage": c.stage,
        },
        "risk_score": risk.score,
        "tier": risk.tier,
        "factors": [
            {
                "code": f.code,
                "label": f.label,
                "points": f.points,
                "max_points": f.max_points,
                "explanation": f.explanation,
                "has_data": f.has_data,
            }
            for f in risk.factors
        ],
        "last_check": (
            {
                "on": last.carried_out_on.isoformat(),
                "theme": last.theme,
                "method": last.method,
                "rag": last.rag,
            }
            if last
            else None
        ),
        "next_check_due": risk.next_check_due.isoformat() if risk.next_check_due else None,
        "status": row["status"],
        "overdue": risk.overdue,
    }
