from __future__ import annotations

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
