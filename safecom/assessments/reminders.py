"""Reminders from self-assessments: rounds due or overdue, action-plan items overdue, and the
Child Safeguarding Statement due for review."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from safecom.assessments.models import ActionItem, Assessment, ChildSafeguardingStatement
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


STATEMENT_DUE_DAYS = 30


@reminder_collector("assessment_due")
def statements_due(*, today: dt.date) -> Iterator[Due]:
    """The Child Safeguarding Statement in force (each provider's latest) due for review within
    30 days, or past its review date: once for each, to the provider's safeguarding lead."""
    latest: dict[int, tuple[int, dt.date, str]] = {}
    for pk, provider_id, review_date, slug in ChildSafeguardingStatement.objects.order_by(
        "provider_id", "-recorded_at", "-pk"
    ).values_list("pk", "provider_id", "review_date", "provider__slug"):
        latest.setdefault(provider_id, (pk, review_date, slug))
    due = {
        provider_id: found
        for provider_id, found in latest.items()
        if found[1] <= today + dt.timedelta(days=STATEMENT_DUE_DAYS)
    }
    people = members_by_organisation(due, ("provider_lead",))
    for provider_id, (pk, review_date, slug) in due.items():
        passed = review_date < today
        yield Due(
            kind="assessment_due",
            key=f"statement:{pk}:{'overdue' if passed else 'due'}",
            subject=(
                "Child Safeguarding Statement past its review date"
                if passed
                else f"Child Safeguarding Statement due for review {review_date:%d/%m/%Y}"
            ),
            body=(
                f"Your Child Safeguarding Statement was due for review on {review_date:%d/%m/%Y}. "
                "Review it and record the new statement: BSCP asks for it with the "
                "self-assessment, and contracts under BSCP cannot go live without it."
                if passed
                else f"Your Child Safeguarding Statement is due for review on "
                f"{review_date:%d/%m/%Y}. Record the reviewed statement before then."
            ),
            recipient_ids=people.get(provider_id, ()),
            link=f"/assessments/providers/{slug}/",
        )
