from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from safecom.audit.models import AuditEvent


def audit_events_for_object(*, object_type: str, object_id: str) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(object_type=object_type, object_id=str(object_id))


def audit_events_for_organisations(*, organisation_ids: set[int]) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(organisation_id__in=organisation_ids).select_related("actor")


def audit_events_visible_to(
    *, user: object, action: str = "", search: str = ""
) -> QuerySet[AuditEvent]:
    """Events of the organisations where the user holds a role that may read the audit trail."""
    from safecom.accounts import roles
    from safecom.accounts.tenancy import organisations_where

    qs = audit_events_for_organisations(
        organisation_ids=organisations_where(user, roles.AUDIT_VIEW)
    ).select_related("organisation")
    if action:
        qs = qs.filter(action=action)
    if search:
        qs = qs.filter(summary__icontains=search)
    return qs


# Records of these apps never change what a safeguarding page shows: reading and reporting
# leave events (reports made, reminders sent, sign-ins) that must not date whole portfolios.
IGNORED_APPS = frozenset({"reporting", "notifications", "accounts", "audit", "core"})
# Events that record someone reading, not changing, a record.
READING_ACTIONS = frozenset({"workforce.exported", "workforce.record_opened", "workforce.revealed"})


def record_changes_after(since: Any) -> QuerySet[AuditEvent]:
    """The events after `since` that record a change to safeguarding records: not sign-ins,
    reports, reminders or someone reading a record. Unordered."""
    ignored = r"^(" + "|".join(sorted(IGNORED_APPS)) + r")\."
    return (
        AuditEvent.objects.filter(at__gt=since)
        .exclude(object_type__regex=ignored)
        .exclude(action__in=READING_ACTIONS)
        .order_by()
    )
