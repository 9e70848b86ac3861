from __future__ import annotations

from django.db.models import QuerySet

from safecom.audit.models import AuditEvent


def audit_events_for_object(*, object_type: str, object_id: str) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(object_type=object_type, object_id=str(object_id))


def audit_events_for_organisations(*, organisation_ids: set[int]) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(organisation_id__in=organisation_ids).select_related("actor")
