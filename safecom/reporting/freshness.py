"""Which kept dashboard rows (ContractStatus) are out of date and must be worked out again.

A row is out of date when it is missing, judged for an earlier day, older than the page's
keeping time (SAFECOM_DASHBOARD_CACHE_SECONDS), older than its contract's last change, or
older than an audited change that concerns it. Every write in Safe Commissioning records an
audit event in the same transaction as the change, naming the organisation and the object, so
the audit trail says what changed since a row was worked out:

- an event about a record that belongs to a contract (a meeting, a return, an allegation...)
  dates that contract's row;
- an event about a contract itself dates every contract of its provider too: the frameworks
  a provider's contracts are let under set its workforce policy;
- an event about a provider's record (staff, training, named roles, self-assessment answers)
  dates every contract of that provider;
- any other event of a commissioner or partnership (its DBS recheck interval, say) dates
  every contract it commissions or oversees and every contract of the providers it uses,
  whose workforce policy it may have changed;
- an event with no organisation (a framework or mapping loaded) dates every row.

An event is written before its transaction commits, and a row worked out in between would
not see the change: rows are dated by events up to COMMIT_MARGIN after they were worked out.
More than MAX_EVENTS events in the window date every row, rather than reading them all.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.apps import apps
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db.models import F, Max, Q, QuerySet

from safecom.audit.selectors import record_changes_after
from safecom.contracts.models import Contract
from safecom.organisations.models import Organisation

# Longer than any transaction that writes a safeguarding record (imports included).
COMMIT_MARGIN = dt.timedelta(seconds=60)
MAX_EVENTS = 2000
# How a record finds what it belongs to, tried in order: (field, path to its id, kind).
LINKS = (
    ("contract", "contract_id", "contract"),
    ("provider", "provider_id", "provider"),
    ("assessment", "assessment__provider_id", "provider"),
    ("staff", "staff__provider_id", "provider"),
)

Times = dict[int, dt.datetime]


def keeping_time() -> dt.timedelta:
    return dt.timedelta(seconds=max(settings.SAFECOM_DASHBOARD_CACHE_SECONDS, 0))


def _later(into: Times, key: int, at: dt.datetime) -> None:
    if key not in into or into[key] < at:
        into[key] = at


@dataclass
class Changes:
    """What changed since a time, each with its latest change."""

    contracts: Times = field(default_factory=dict)
    providers: Times = field(default_factory=dict)
    organisations: Times = field(default_factory=dict)  # commissioner, partnership or other
    everything: dt.datetime | None = None

    def add_everything(self, at: dt.datetime) -> None:
        self.everything = at if self.everything is None else max(self.everything, at)


def _link_of(object_type: str) -> tuple[str, str]:
    """(path to the owner's id, kind of owner) for records of this type, or ("", "")."""
    if object_type == "contracts.contract":
        return "pk", "self"
    try:
        model = apps.get_model(object_type)
    except (LookupError, ValueError):
        return "", ""
    for name, path, kind in LINKS:
        try:
            model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        return path, kind
    return "", ""


def changes_since(since: dt.datetime) -> Changes:
    """Every contract, provider and organisation changed after `since`."""
    events = list(
        record_changes_after(since).values_list(
            "organisation_id", "object_type", "object_id", "at"
        )[: MAX_EVENTS + 1]
    )
    out = Changes()
    if len(events) > MAX_EVENTS:
        latest = record_changes_after(since).aggregate(latest=Max("at"))["latest"]
        out.add_everything(latest)
        return out
    by_type: dict[str, list[tuple[int | None, int, dt.datetime]]] = defaultdict(list)
    for org, object_type, object_id, at in events:
        path, _ = _link_of(object_type)
        if path and object_id.isdigit():
            by_type[object_type].append((org, int(object_id), at))
        elif org is not None:
            _later(out.organisations, org, at)
        else:
            out.add_everything(at)
    for object_type, found in by_type.items():
        path, kind = _link_of(object_type)
        model = apps.get_model(object_type)
        owners = dict(
            model._default_manager.filter(pk__in={pk for _, pk, _ in found}).values_list("pk", path)
        )
        for event_org, object_pk, event_at in found:
            owner = owners.get(object_pk)
            if owner is None:  # removed since, or tied to none: date its organisation
                if event_org is not None:
                    _later(out.organisations, event_org, event_at)
                else:
                    out.add_everything(event_at)
            elif kind in ("self", "contract"):
                _later(out.contracts, owner, event_at)
            else:
                _later(out.providers, owner, event_at)
    _widen(out, contracts_changed={pk for _, pk, _ in by_type.get("contracts.contract", [])})
    return out


def _widen(out: Changes, *, contracts_changed: set[int]) -> None:
    """Changes of contracts and of commissioners reach the providers they concern."""
    if contracts_changed:
        for pk, provider in Contract.objects.filter(pk__in=contracts_changed).values_list(
            "pk", "provider_id"
        ):
            _later(out.providers, provider, out.contracts[pk])
    if not out.organisations:
        return
    # A partnership's change is a change of each commissioner in its area.
    members = Organisation.partnerships.through.objects.filter(
        to_organisation_id__in=list(out.organisations)
    ).values_list("to_organisation_id", "from_organisation_id")
    for partnership, member in members:
        _later(out.organisations, member, out.organisations[partnership])
    # A commissioner's change may change the workforce policy of each provider it uses.
    used = (
        Contract.objects.filter(commissioner_id__in=list(out.organisations))
        .values_list("commissioner_id", "provider_id")
        .distinct()
    )
    for commissioner, provider in used:
        _later(out.providers, provider, out.organisations[commissioner])


def _candidates(changes: Changes, *, today: dt.date, oldest: dt.datetime) -> Q:
    """The rows that may be out of date, as a filter: the database returns these few and the
    exact test below decides, rather than every row of a portfolio coming back to Python."""
    q = (
        Q(status__isnull=True)
        | Q(status__day__lt=today)
        | Q(status__day__gt=today)
        | Q(status__worked_out_at__lt=F("updated_at"))
        | Q(status__worked_out_at__lte=oldest)
    )
    if changes.everything is not None:
        q |= Q(status__worked_out_at__lt=changes.everything + COMMIT_MARGIN)
    if changes.contracts:
        q |= Q(pk__in=list(changes.contracts))
    if changes.providers:
        q |= Q(provider_id__in=list(changes.providers))
    if changes.organisations:
        orgs = list(changes.organisations)
        q |= Q(provider_id__in=orgs) | Q(commissioner_id__in=orgs)
    return q


def outdated(contracts: QuerySet[Contract], *, today: dt.date, now: dt.datetime) -> list[int]:
    """The ids of these contracts whose kept row must be worked out again now."""
    oldest = now - keeping_time()
    changes = changes_since(oldest - COMMIT_MARGIN)
    rows = (
        contracts.filter(_candidates(changes, today=today, oldest=oldest))
        .order_by()
        .values_list(
            "pk",
            "provider_id",
            "commissioner_id",
            "updated_at",
            "status__day",
            "status__worked_out_at",
        )
    )
    out = []
    for pk, provider, commissioner, updated_at, day, worked_out_at in rows:
        if (
            worked_out_at is None
            or day != today
            or worked_out_at < updated_at
            or worked_out_at <= oldest
        ):
            out.append(pk)
            continue
        times = (
            changes.everything,
            changes.contracts.get(pk),
            changes.providers.get(provider),
            changes.organisations.get(provider),
            changes.organisations.get(commissioner),
        )
        latest = max((t for t in times if t is not None), default=None)
        if latest is not None and worked_out_at < latest + COMMIT_MARGIN:
            out.append(pk)
    return out
