"""Reads of briefings: what each user may see, who acknowledged and who has not."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet

from safecom.accounts import roles
from safecom.accounts.tenancy import scope_for
from safecom.assurance.models import Briefing, BriefingRecipient
from safecom.assurance.selectors.access import briefing_filter
from safecom.rules.assurance import chscp_3_briefing_unacknowledged


def briefing_list(*, user: Any) -> QuerySet[Briefing]:
    ids = Briefing.objects.filter(briefing_filter(user)).values("pk")
    return (
        Briefing.objects.filter(pk__in=ids)
        .select_related("partnership")
        .annotate(
            recipient_count=Count("recipients"),
            acknowledged_count=Count(
                "recipients", filter=Q(recipients__acknowledged_on__isnull=False)
            ),
        )
        .order_by("-published_on", "-pk")
    )


def briefing_get(*, user: Any, pk: int) -> Briefing | None:
    return briefing_list(user=user).filter(pk=pk).first()


def briefing_recipients(*, user: Any, briefing: Briefing) -> list[BriefingRecipient]:
    """Who it went to. A provider sees only its own row; the partnership and commissioners
    see every contractor's (a commissioner: those of its own contracts)."""
    scope = scope_for(user)
    qs = briefing.recipients.select_related("provider", "acknowledged_by").order_by(
        "provider__name"
    )
    if scope.ids(roles.PARTNERSHIP) and briefing.partnership_id in scope.ids(roles.PARTNERSHIP):
        return list(qs)
    visible = Q(pk__in=[])
    if ids := scope.ids(roles.COMMISSIONER):
        visible |= Q(provider__provider_contracts__commissioner_id__in=ids)
    if ids := scope.ids(roles.PROVIDER):
        visible |= Q(provider_id__in=ids)
    return list(qs.filter(visible).distinct())


def unacknowledged(recipients: list[BriefingRecipient]) -> list[str]:
    return chscp_3_briefing_unacknowledged(
        recipients=[(r.provider.name, r.acknowledged_on) for r in recipients]
    )


def recipient_for(*, user: Any, briefing: Briefing) -> BriefingRecipient | None:
    """The row of the user's own provider, when the briefing went to it."""
    ids = scope_for(user).ids(roles.PROVIDER)
    return briefing.recipients.filter(provider_id__in=ids).select_related("provider").first()
