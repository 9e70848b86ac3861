"""Reads of one contract's assurance records, and single records through the user's tenancy."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from safecom.assurance import metric_library
from safecom.assurance.models import (
    AssuranceAction,
    BriefingRecipient,
    ContractMetric,
    DecommissioningChecklist,
    DecommissioningItem,
    MetricValue,
    MonitoringMeeting,
    Recommendation,
    Review,
    ThematicCheck,
)
from safecom.assurance.selectors.access import visible_contract_ids
from safecom.contracts.models import Contract
from safecom.rules.assurance import (
    chscp_5_meeting_has_safeguarding_item,
    chscp_5_metric_rag,
    nel_8_1_3_recommendation_overdue,
)

RAG_CLASSES = {"red": "govuk-tag--red", "amber": "govuk-tag--orange", "green": "govuk-tag--green"}


def meetings_of(*, contract: Contract) -> list[MonitoringMeeting]:
    """Meetings, newest first, each with `.has_safeguarding_item` and its actions."""
    items = list(
        MonitoringMeeting.objects.filter(contract=contract)
        .select_related("recorded_by")
        .prefetch_related("actions")
    )
    for m in items:
        m.has_safeguarding_item = chscp_5_meeting_has_safeguarding_item(  # type: ignore[attr-defined]
            safeguarding_item=m.safeguarding_item
        )
    return items


def mark_overdue(actions: Any, today: dt.date | None = None) -> list[AssuranceAction]:
    today = today or timezone.localdate()
    out = list(actions)
    for a in out:
        a.overdue = a.done_on is None and a.due_on < today  # type: ignore[attr-defined]
    return out


def open_actions_of(*, contract: Contract) -> list[AssuranceAction]:
    return mark_overdue(
        AssuranceAction.objects.filter(contract=contract, done_on__isnull=True).select_related(
            "meeting", "thematic_check"
        )
    )


def metrics_of(*, contract: Contract) -> list[ContractMetric]:
    """The contract's metrics, each with `.kind`, `.latest` value, its `.rag` and `.history`."""
    items = list(
        ContractMetric.objects.filter(contract=contract).prefetch_related(
            Prefetch("values", queryset=MetricValue.objects.order_by("-period_start"))
        )
    )
    for m in items:
        kind = metric_library.BY_CODE[m.metric]
        history = list(m.values.all())
        m.kind = kind  # type: ignore[attr-defined]
        m.history = history[:8]  # type: ignore[attr-defined]
        m.latest = history[0] if history else None  # type: ignore[attr-defined]
        m.rag = chscp_5_metric_rag(  # type: ignore[attr-defined]
            value=history[0].value if history else None,
            target=m.target,
            amber_tolerance=m.amber_tolerance,
            direction=kind.direction,
        )
        m.rag_class = RAG_CLASSES.get(m.rag or "", "govuk-tag--grey")  # type: ignore[attr-defined]
    return items


def checks_of(*, contract: Contract) -> list[ThematicCheck]:
    return list(
        ThematicCheck.objects.filter(contract=contract)
        .select_related("recorded_by")
        .prefetch_related("actions")
    )


def reviews_of(*, contract: Contract, today: dt.date | None = None) -> list[Review]:
    """Reviews, each with its recommendations marked `.overdue` and `.overdue_count`."""
    items = list(Review.objects.filter(contract=contract).prefetch_related("recommendations"))
    return [_mark_review(r, today or timezone.localdate()) for r in items]


def _mark_review(review: Review, today: dt.date) -> Review:
    recs = list(review.recommendations.all())
    for rec in recs:
        rec.overdue = nel_8_1_3_recommendation_overdue(  # type: ignore[attr-defined]
            due_on=rec.due_on, completed_on=rec.completed_on, today=today
        )
    review.recs = recs  # type: ignore[attr-defined]
    review.overdue_count = sum(rec.overdue for rec in recs)  # type: ignore[attr-defined]
    return review


def decommissioning_of(*, contract: Contract) -> DecommissioningChecklist | None:
    checklist = (
        DecommissioningChecklist.objects.filter(contract=contract)
        .prefetch_related("items", "items__resolved_by")
        .first()
    )
    if checklist:
        items = list(checklist.items.all())
        checklist.item_list = items  # type: ignore[attr-defined]
        checklist.open_count = sum(  # type: ignore[attr-defined]
            i.status == DecommissioningItem.Status.OPEN for i in items
        )
    return checklist


def briefings_received(*, contract: Contract, since: dt.date) -> list[BriefingRecipient]:
    """Briefings sent to the contract's provider since `since` by the partnerships the
    contract's commissioner sits in."""
    return list(
        BriefingRecipient.objects.filter(
            provider_id=contract.provider_id,
            briefing__partnership__area_members=contract.commissioner_id,
            briefing__published_on__gte=since,
        )
        .select_related("briefing", "briefing__partnership")
        .order_by("-briefing__published_on")
        .distinct()
    )


# --- single records, through the user's tenancy ------------------------------------------------


def _scoped(qs: Any, user: Any, path: str = "contract_id") -> QuerySet:  # type: ignore[type-arg]
    return qs.filter(**{f"{path}__in": visible_contract_ids(user)})


def meeting_get(*, user: Any, pk: int) -> MonitoringMeeting | None:
    found = (
        _scoped(MonitoringMeeting.objects, user)
        .select_related("contract", "contract__commissioner", "contract__provider", "recorded_by")
        .filter(pk=pk)
        .first()
    )
    if found:
        found.has_safeguarding_item = chscp_5_meeting_has_safeguarding_item(  # type: ignore[attr-defined]
            safeguarding_item=found.safeguarding_item
        )
    return found


def check_get(*, user: Any, pk: int) -> ThematicCheck | None:
    return (
        _scoped(ThematicCheck.objects, user)
        .select_related("contract", "contract__commissioner", "contract__provider", "recorded_by")
        .filter(pk=pk)
        .first()
    )


def action_get(*, user: Any, pk: int) -> AssuranceAction | None:
    return (
        _scoped(AssuranceAction.objects, user)
        .select_related("contract", "contract__commissioner")
        .filter(pk=pk)
        .first()
    )


def metric_get(*, user: Any, pk: int) -> ContractMetric | None:
    return (
        _scoped(ContractMetric.objects, user)
        .select_related("contract", "contract__commissioner", "contract__provider")
        .filter(pk=pk)
        .first()
    )


def review_get(*, user: Any, pk: int) -> Review | None:
    found = (
        _scoped(Review.objects, user)
        .select_related("contract", "contract__commissioner", "contract__provider")
        .prefetch_related("recommendations")
        .filter(pk=pk)
        .first()
    )
    return _mark_review(found, timezone.localdate()) if found else None


def recommendation_get(*, user: Any, pk: int) -> Recommendation | None:
    return (
        _scoped(Recommendation.objects, user, "review__contract_id")
        .select_related("review", "review__contract", "review__contract__commissioner")
        .filter(pk=pk)
        .first()
    )


def decommissioning_item_get(*, user: Any, pk: int) -> DecommissioningItem | None:
    return (
        _scoped(DecommissioningItem.objects, user, "checklist__contract_id")
        .select_related("checklist", "checklist__contract", "checklist__contract__commissioner")
        .filter(pk=pk)
        .first()
    )


def review_list(*, user: Any, overdue_only: bool = False) -> list[Review]:
    today = timezone.localdate()
    items = list(
        _scoped(Review.objects, user)
        .select_related("contract", "contract__provider")
        .prefetch_related("recommendations")
        .order_by("-notified_on", "-pk")
    )
    items = [_mark_review(r, today) for r in items]
    if overdue_only:
        items = [r for r in items if r.overdue_count]  # type: ignore[attr-defined]
    return items
