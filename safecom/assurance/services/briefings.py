"""Writes for partnership briefings, updates and training offers (chscp/bscp 3, hips 2)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone

from safecom.accounts import roles
from safecom.assurance.models import Briefing, BriefingRecipient
from safecom.assurance.services._common import (
    Errors,
    add,
    choice,
    past_date,
    raise_if,
    text,
    today,
    user_or_none,
)
from safecom.audit.services import audit_record
from safecom.contracts.models import Contract
from safecom.organisations.models import Organisation


def briefing_audience(*, partnership: Organisation) -> list[Organisation]:
    """The contractors and sub-contractors a partnership's briefing goes to: providers with a
    contract (not ended) let by a commissioner in the area, and their sub-contractors."""
    ids = set(
        Contract.objects.filter(commissioner__partnerships=partnership)
        .exclude(stage="ended")
        .values_list("provider_id", flat=True)
    )
    subs = Organisation.objects.filter(head_provider_id__in=ids).values_list("pk", flat=True)
    ids |= set(subs)
    return list(Organisation.objects.filter(pk__in=ids, kind=roles.PROVIDER).order_by("name"))


@transaction.atomic
def briefing_publish(
    *,
    actor: Any,
    partnership: Organisation,
    kind: str,
    title: str,
    summary: str,
    link: str = "",
    respond_by: dt.date | None = None,
    published_on: dt.date | None = None,
) -> Briefing:
    """Publish a briefing and notify every contractor in the area (each gets a recipient
    record to acknowledge)."""
    errors: Errors = {}
    if partnership.kind != roles.PARTNERSHIP:
        add(errors, "__all__", f"{partnership} is not a safeguarding partnership.")
    choice(
        errors, "kind", kind, Briefing.Kind.choices, "Choose briefing, update or training offer."
    )
    title = text(errors, "title", title, limit=200, required="Enter a title.")
    summary = text(errors, "summary", summary, limit=10000, required="Enter what it says.")
    link = text(errors, "link", link, limit=500)
    if link:
        try:
            URLValidator(schemes=["https"])(link)
        except ValidationError:
            add(errors, "link", "Enter a full web address starting https://")
    published_on = published_on or today()
    past_date(errors, "published_on", published_on, label="the publication date")
    if respond_by is not None and respond_by < published_on:
        add(errors, "respond_by", "The date to acknowledge by cannot be before it is published.")
    raise_if(errors)
    briefing = Briefing.objects.create(
        partnership=partnership,
        kind=kind,
        title=title,
        summary=summary,
        link=link,
        published_on=published_on,
        respond_by=respond_by,
        published_by=user_or_none(actor),
    )
    now = timezone.now()
    audience = briefing_audience(partnership=partnership)
    BriefingRecipient.objects.bulk_create(
        [BriefingRecipient(briefing=briefing, provider=p, notified_at=now) for p in audience]
    )
    audit_record(
        actor=actor,
        action="assurance.briefing_published",
        obj=briefing,
        organisation=partnership,
        summary=f"Published '{title}' to {len(audience)} providers",
    )
    return briefing


@transaction.atomic
def briefing_acknowledge(
    *,
    actor: Any,
    recipient: BriefingRecipient,
    staff_reached: int | None = None,
    cascade_note: str = "",
    acknowledged_on: dt.date | None = None,
) -> BriefingRecipient:
    """A provider acknowledges a briefing and says how it was cascaded. Acknowledging again
    updates the cascade evidence and keeps the first date."""
    errors: Errors = {}
    if staff_reached is not None and not 0 <= staff_reached <= 1_000_000:
        add(errors, "staff_reached", "Enter how many staff it reached, from 0 to 1,000,000.")
    cascade_note = text(errors, "cascade_note", cascade_note, limit=5000)
    when = acknowledged_on or today()
    past_date(
        errors,
        "acknowledged_on",
        when,
        label="the date of acknowledgement",
        not_before=(recipient.briefing.published_on, "the briefing was published"),
    )
    raise_if(errors)
    locked = BriefingRecipient.objects.select_for_update(of=("self",)).get(pk=recipient.pk)
    first = locked.acknowledged_on is None
    if first:
        locked.acknowledged_on = when
        locked.acknowledged_by = user_or_none(actor)
    locked.staff_reached = staff_reached
    locked.cascade_note = cascade_note
    locked.save()
    recipient.acknowledged_on = locked.acknowledged_on
    recipient.staff_reached, recipient.cascade_note = staff_reached, cascade_note
    audit_record(
        actor=actor,
        action="assurance.briefing_acknowledged" if first else "assurance.cascade_updated",
        obj=locked,
        organisation=locked.provider,
        summary=f"{locked.provider} {'acknowledged' if first else 'updated the cascade of'} "
        f"'{locked.briefing.title}'",
        changes={"staff_reached": staff_reached},
    )
    return recipient
