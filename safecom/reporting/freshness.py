"""Which kept dashboard rows (ContractStatus) are out of date and must be worked out again.

A row is out of date when it is missing, judged for an earlier day, older than the page's
keeping time (SAFECOM_DASHBOARD_CACHE_SECONDS), older than its contract's last change, or
older than an audited change that concerns it. Every write in Safe Commissioning records an
audit event in the same transaction as the change, naming the organisation and the object, so
the audit trail says what changed since a row was worked out:

- an event about a contract, or about a record that belongs to one (a meeting, a return, an
  allegation...), dates that contract's row;
- an event about a provider's record that belongs to no contract (staff, training, policies,
  self-assessments) dates every contract of that provider;
- any other event of a commissioner or partnership (a published standard, say) dates every
  contract it commissions or oversees.

An event is written before its transaction commits, and a row worked out in between would
not see the change: rows are dated by events up to COMMIT_MARGIN after they were worked out.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.apps import apps
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db.models import F, Q, QuerySet

from safecom.audit.models import AuditEvent
from safecom.contracts.models import Contract
from safecom.organisations.models import Organisation

# Longer than any transaction that writes a safeguarding record (imports included).
COMMIT_MARGIN = dt.timedelta(seconds=60)
# Records of these apps never change a contract's status: reading and reporting leave
# events (reports made, reminders sent, sign-ins) that must not date whole portfolios.
IGNORED_APPS = frozenset({"reporting", "notifications", "accounts", "audit", "core"})
# Events that record someone reading, not changing, a record.
READING_ACTIONS = frozenset({"workforce.exported", "workforce.record_opened", "workforce.revealed"})
# More events than this in the window: date by organisation only, not event by event.
MAX_EVENTS = 2000


def keeping_time() -> dt.timedelta:
    return dt.timedelta(seconds=max(settings.SAFECOM_DASHBOARD_CACHE_SECONDS, 0))


def _link_of(object_type: str) -> str:
    """How records of this type find their contract: "self", "contract", "provider" or ""."""
    if object_type == "contracts.contract":
        return "self"
    try:
        model = apps.get_model(object_type)
    except (LookupError, ValueError):
        return ""
    for name in ("contract", "provider"):
        try:
            model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        return name
    return ""


def _changes_since(since: dt.datetime) -> tuple[dict[int, dt.datetime], dict[int, dt.datetime]]:
    """Contracts and organisations changed after `since`, each with its latest change."""
    events = list(
        AuditEvent.objects.filter(at__gt=since)
        .exclude(object_type__regex=r"^(" + "|".join(sorted(IGNORED_APPS)) + r")\.")
        .exclude(action__in=READING_ACTIONS)
        .order_by()
        .values_list("organisation_id", "object_type", "object_id", "at")[: MAX_EVENTS + 1]
    )
    contracts: dict[int, dt.datetime] = {}
    organisations: dict[int, dt.datetime] = {}

    def later(into: dict[int, dt.datetime], key: int, at: dt.datetime) -> None:
        if key not in into or into[key] < at:
            into[key] = at

    by_type: dict[str, list[tuple[int | None, int, dt.datetime]]] = defaultdict(list)
    for org, object_type, object_id, at in events:
        link = _link_of(object_type) if len(events) <= MAX_EVENTS else ""
        if link == "self" and object_id.isdigit():
            later(contracts, int(object_id), at)
        elif link and object_id.isdigit():
            by_type[object_type].append((org, int(object_id), at))
        elif org is not None:
            later(organisations, org, at)
    for object_type, found in by_type.items():
        link = _link_of(object_type)
        model = apps.get_model(object_type)
        owner = dict(
            model._default_manager.filter(pk__in={pk for _, pk, _ in found}).values_list(
                "pk", f"{link}_id"
            )
        )
        for event_org, object_pk, event_at in found:
            target = owner.get(object_pk)
            if target is None:  # removed since, or not tied to one: date its organisation
                if event_org is not None:
                    later(organisations, event_org, event_at)
            elif link == "contract":
                later(contracts, target, event_at)
            else:
                later(organisations, target, event_at)
    return contracts, organisations


def outdated(contracts: QuerySet[Contract], *, today: dt.date, now: dt.datetime) -> list[int]:
    """The ids of these contracts whose kept row must be worked out again now."""
    oldest = now - keeping_time()
    stale = (
        Q(status__isnull=True)
        | ~Q(status__day=today)
        | Q(status__worked_out_at__lt=F("updated_at"))
        | Q(status__worked_out_at__lte=oldest)
    )
    changed_contracts, changed_orgs = _changes_since(oldest - COMMIT_MARGIN)
    for pk, at in changed_contracts.items():
        stale |= Q(pk=pk, status__worked_out_at__lt=at + COMMIT_MARGIN)
    if changed_orgs:
        partners = _partnership_members(set(changed_orgs))
        for org, at in changed_orgs.items():
            before = Q(status__worked_out_at__lt=at + COMMIT_MARGIN)
            members = partners.get(org, [])
            stale |= before & (
                Q(provider_id=org) | Q(commissioner_id=org) | Q(commissioner_id__in=members)
            )
    return list(contracts.filter(stale).order_by().values_list("pk", flat=True))


def _partnership_members(organisations: set[int]) -> dict[int, list[int]]:
    """For each of these organisations that is a partnership, the commissioners in it."""
    rows = Organisation.partnerships.through.objects.filter(
        to_organisation_id__in=organisations
    ).values_list("to_organisation_id", "from_organisation_id")
    out: dict[int, list[int]] = defaultdict(list)
    for partnership, commissioner in rows:
        out[partnership].append(commissioner)
    return out
