"""A provider's own obligations on one page: what is due, when, and what is missing."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from safecom.assessments.selectors import provider_assessment_state
from safecom.assurance.models import BriefingRecipient
from safecom.assurance.models.returns import SafeguardingReturn
from safecom.organisations.models import Organisation
from safecom.rules import dashboard as rules
from safecom.workforce.policy import workforce_policy
from safecom.workforce.selectors import workforce_summary

ORDER = {"red": 0, "amber": 1, "grey": 2, "green": 3}


@dataclass(frozen=True)
class Obligation:
    title: str
    due: dt.date | None
    rag: str
    reason: str
    link: str = ""


def provider_obligations(*, provider: Organisation, today: dt.date) -> list[Obligation]:
    out: list[Obligation] = []
    summary = workforce_summary(provider=provider)
    coverage_min = workforce_policy(provider=provider).training_coverage_min or 0.85
    rag, reason = rules.workforce_rag(summary, coverage_min)
    out.append(
        Obligation(
            "Staff records, DBS checks, training and named roles",
            None,
            rag,
            reason,
            f"/workforce/{provider.slug}/",
        )
    )
    state: dict[str, Any] = provider_assessment_state(provider=provider)
    if state.get("due_date") or state.get("submitted_in_date"):
        rag, reason = rules.assessment_rag(state, today)
        out.append(
            Obligation(
                "Safeguarding self-assessment", state.get("due_date"), rag, reason, "/assessments/"
            )
        )
    for r in SafeguardingReturn.objects.filter(
        contract__provider=provider, submitted_on__isnull=True
    ).select_related("contract"):
        late = r.due_on < today
        out.append(
            Obligation(
                f"Quarterly return {r.period_label}: {r.contract.title}",
                r.due_on,
                "red" if late else ("amber" if (r.due_on - today).days <= 14 else "green"),
                "Late: it was due and is not in." if late else "Not yet submitted.",
                f"/assurance/returns/{r.pk}/",
            )
        )
    for b in BriefingRecipient.objects.filter(
        provider=provider, acknowledged_on__isnull=True
    ).select_related("briefing"):
        due = b.briefing.respond_by
        out.append(
            Obligation(
                f"Acknowledge the briefing: {b.briefing.title}",
                due,
                "red" if due and due < today else "amber",
                "Say you have read it and how many staff it reached.",
                f"/assurance/briefings/{b.briefing_id}/",
            )
        )
    return sorted(out, key=lambda o: (ORDER[o.rag], o.due or dt.date.max))
