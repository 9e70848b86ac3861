"""Reminders from continuous assurance: returns due or late, overdue actions, LADO breaches,
briefings not acknowledged. Each collector reads the whole portfolio in a few queries."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from safecom.assurance.models import Allegation, AssuranceAction, BriefingRecipient
from safecom.assurance.models.returns import SafeguardingReturn
from safecom.assurance.selectors.allegations import lado_timeliness
from safecom.notifications.recipients import members_by_organisation
from safecom.notifications.reminders import Due, reminder_collector

RETURN_WARNING_DAYS = 7
BRIEFING_GRACE_DAYS = 14
PROVIDER_LEADS = ("provider_lead",)
COMMISSIONING = ("commissioner", "qa_officer")


@reminder_collector("return_due")
def returns_due(*, today: dt.date) -> Iterator[Due]:
    rows = list(
        SafeguardingReturn.objects.filter(
            submitted_on__isnull=True, due_on__lte=today + dt.timedelta(days=RETURN_WARNING_DAYS)
        ).values_list("pk", "contract__provider_id", "contract__title", "period_label", "due_on")
    )
    people = members_by_organisation((r[1] for r in rows), PROVIDER_LEADS)
    for pk, provider_id, title, period, due_on in rows:
        late = due_on < today
        yield Due(
            kind="return_due",
            key=f"return:{pk}:{'late' if late else 'due'}",
            subject=(
                f"Quarterly return late: {title}"
                if late
                else f"Quarterly return due {due_on:%d/%m/%Y}: {title}"
            ),
            body=(
                f"The {period} safeguarding return for {title} "
                + (
                    f"was due on {due_on:%d/%m/%Y} and is not in."
                    if late
                    else f"is due on {due_on:%d/%m/%Y}."
                )
            ),
            recipient_ids=people.get(provider_id, ()),
            link=f"/assurance/returns/{pk}/",
        )


@reminder_collector("action_overdue")
def actions_overdue(*, today: dt.date) -> Iterator[Due]:
    rows = list(
        AssuranceAction.objects.filter(done_on__isnull=True, due_on__lt=today).values_list(
            "pk",
            "contract_id",
            "contract__commissioner_id",
            "contract__title",
            "description",
            "owner",
            "due_on",
        )
    )
    people = members_by_organisation((r[2] for r in rows), COMMISSIONING)
    for pk, contract_id, commissioner_id, title, description, owner, due_on in rows:
        yield Due(
            kind="action_overdue",
            key=f"assurance-action:{pk}:overdue",
            subject=f"Action overdue on {title}",
            body=f"“{description}” (owner: {owner}) was due on {due_on:%d/%m/%Y}.",
            recipient_ids=people.get(commissioner_id, ()),
            link=f"/assurance/contracts/{contract_id}/",
        )


@reminder_collector("lado_breach")
def lado_breaches(*, today: dt.date) -> Iterator[Due]:
    rows = list(
        Allegation.objects.filter(made_on__gte=today - dt.timedelta(days=365)).values_list(
            "pk",
            "contract_id",
            "made_on",
            "lado_informed_on",
            "contract__commissioner_id",
            "contract__title",
        )
    )
    timeliness = lado_timeliness(
        ((pk, c, made, told) for pk, c, made, told, _, _ in rows), today=today
    )
    people = members_by_organisation((r[4] for r in rows), COMMISSIONING)
    for pk, _contract, made_on, _told, commissioner_id, title in rows:
        found = timeliness.get(pk)
        if found is None or not found.breach:
            continue
        yield Due(
            kind="lado_breach",
            key=f"lado:{pk}:{found.status}",
            subject=f"LADO referral not made in time: {title}",
            body=f"An allegation made on {made_on:%d/%m/%Y}: {found.explanation}",
            recipient_ids=people.get(commissioner_id, ()),
            link=f"/assurance/allegations/{pk}/",
        )


@reminder_collector("briefing_unacknowledged")
def briefings_unacknowledged(*, today: dt.date) -> Iterator[Due]:
    rows = list(
        BriefingRecipient.objects.filter(acknowledged_on__isnull=True).values_list(
            "pk",
            "briefing_id",
            "provider_id",
            "briefing__title",
            "briefing__published_on",
            "briefing__respond_by",
        )
    )
    people = members_by_organisation((r[2] for r in rows), PROVIDER_LEADS)
    for _pk, briefing_id, provider_id, title, published_on, respond_by in rows:
        deadline = respond_by or published_on + dt.timedelta(days=BRIEFING_GRACE_DAYS)
        if deadline >= today:
            continue
        yield Due(
            kind="briefing_unacknowledged",
            key=f"briefing:{briefing_id}:provider-{provider_id}",
            subject=f"Please acknowledge the briefing: {title}",
            body=f"Published on {published_on:%d/%m/%Y}; acknowledgement was asked for by "
            f"{deadline:%d/%m/%Y}.",
            recipient_ids=people.get(provider_id, ()),
            link=f"/assurance/briefings/{briefing_id}/",
        )
