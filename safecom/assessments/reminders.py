"""Reminders from self-assessments: rounds due or overdue, and action-plan items overdue."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from safecom.assessments.models import ActionItem, Assessment
from safecom.notifications.recipients import members_by_organisation
from safecom.notifications.reminders import Due, reminder_collector

DUE_SOON_DAYS = 14


@reminder_collector("assessment_due")
def assessments_due(*, today: dt.date) -> Iterator[Due]:
    rows = list(
        Assessment.objects.filter(
            status=Assessment.Status.DRAFT,
            round__due_date__lte=today + dt.timedelta(days=DUE_SOON_DAYS),
        ).values_list("pk", "provider_id", "round__title", "round__due_date")
    )
    people = members_by_organisation((r[1] for r in rows), ("provider_lead",))
    for pk, provider_id, title, due in rows:
        overdue = due < today
        yield Due(
            kind="assessment_due",
            key=f"assessment:{pk}:{'overdue' if overdue else 'due'}",
            subject=(
                f"Self-assessment overdue: {title}"
                if overdue
                else f"Self-assessment due {due:%d/%m/%Y}: {title}"
            ),
            body=(
                f"The self-assessment “{title}” "
                + (
                    f"was due on {due:%d/%m/%Y} and is not submitted."
                    if overdue
                    else f"is due on {due:%d/%m/%Y}."
                )
            ),
            recipient_ids=people.get(provider_id, ()),
            link=f"/assessments/returns/{pk}/",
        )


@reminder_collector("action_overdue")
def actions_overdue(*, today: dt.date) -> Iterator[Due]:
    rows = list(
        ActionItem.objects.exclude(status=ActionItem.Status.DONE)
        .filter(due_date__lt=today)
        .values_list(
            "pk", "provider_id", "framework_slug", "ref", "description", "owner_name", "due_date"
        )
    )
    people = members_by_organisation((r[1] for r in rows), ("provider_lead",))
    for pk, provider_id, framework, ref, description, owner, due in rows:
        yield Due(
            kind="action_overdue",
            key=f"assessment-action:{pk}:overdue",
            subject=f"Self-assessment action overdue ({framework} {ref})",
            body=f"“{description[:300]}” (owner: {owner}) was due on {due:%d/%m/%Y}.",
            recipient_ids=people.get(provider_id, ()),
            link="/assessments/actions/",
        )
