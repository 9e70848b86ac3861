"""Reminders from workforce records: DBS rechecks due in 60, 30 and 0 days, and named
safeguarding roles left vacant. Staff are named by their reference only: e-mail is not the
place for personal details."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator

from django.db.models import Q

from safecom.notifications.recipients import members_by_organisation
from safecom.notifications.reminders import Due, reminder_collector
from safecom.organisations.models import Organisation
from safecom.rules.workforce import add_years
from safecom.workforce.models import NamedRoleCode, StaffMember
from safecom.workforce.policy import workforce_policies
from safecom.workforce.selectors import named_role_holders_of

THRESHOLDS = (0, 30, 60)  # days before the recheck date
WORKFORCE_PEOPLE = ("provider_hr", "provider_lead")


def _threshold(days_left: int) -> int | None:
    return next((t for t in THRESHOLDS if days_left <= t), None)


@reminder_collector("dbs_recheck")
def dbs_rechecks(*, today: dt.date) -> Iterator[Due]:
    providers = list(Organisation.objects.filter(staff__isnull=False).distinct())
    by_years: dict[int, list[int]] = defaultdict(list)
    # Every provider's policy from one read of the standards, not a few queries each.
    for pk, policy in workforce_policies(providers=providers).items():
        if policy.dbs_recheck_years:
            by_years[int(policy.dbs_recheck_years)].append(pk)
    slugs = {p.pk: p.slug for p in providers}
    people = members_by_organisation(
        (p for ids in by_years.values() for p in ids), WORKFORCE_PEOPLE
    )
    regulated = Q(regulated_children=True) | Q(regulated_adults=True)
    for years, provider_ids in by_years.items():
        latest_start = add_years(today + dt.timedelta(days=max(THRESHOLDS)), -years)
        rows = (
            StaffMember.objects.filter(
                regulated,
                provider_id__in=provider_ids,
                is_active=True,
                dbs_current_from__isnull=False,
                dbs_current_from__lte=latest_start,
            )
            .exclude(dbs_number_last4="")
            .values_list("pk", "provider_id", "staff_reference", "dbs_current_from")
        )
        for pk, provider_id, reference, current_from in rows:
            if current_from is None:
                continue
            due = add_years(current_from, years)
            threshold = _threshold((due - today).days)
            if threshold is None:
                continue
            when = "is overdue" if due < today else f"is due on {due:%d/%m/%Y}"
            yield Due(
                kind="dbs_recheck",
                key=f"dbs:{pk}:{current_from:%Y%m%d}:{threshold}d",
                subject=f"DBS recheck {when}: staff reference {reference}",
                body=(
                    f"The DBS check of staff reference {reference} {when} (every {years} "
                    "years, or keep it current through the Update Service)."
                ),
                recipient_ids=people.get(provider_id, ()),
                link=f"/workforce/{slugs[provider_id]}/",
            )


@reminder_collector("named_role_vacant")
def named_roles_vacant(*, today: dt.date) -> Iterator[Due]:
    """Every role a provider must fill (nel SC32.2, C9) with nobody in post, as the workforce
    pages show it: a required role never recorded, or held by someone who has left."""
    providers = list(Organisation.objects.filter(staff__isnull=False).distinct())
    people = members_by_organisation((p.pk for p in providers), ("provider_lead",))
    labels = dict(NamedRoleCode.choices)
    holders = named_role_holders_of(providers=providers)
    for provider in providers:
        for code, holder in holders[provider.pk].items():
            if holder is not None:
                continue
            label = labels.get(code, code)
            yield Due(
                kind="named_role_vacant",
                key=f"role:{provider.pk}:{code}:vacant:{today:%Y-%m}",
                subject=f"Named safeguarding role vacant: {label}",
                body=(
                    f"Your {label} is vacant. Name who holds it; commissioners must be kept "
                    "informed at all times of who holds these roles."
                ),
                recipient_ids=people.get(provider.pk, ()),
                link=f"/workforce/{provider.slug}/",
            )
