from __future__ import annotations

from typing import Any

from django.db import models

from safecom.audit.models import AuditEvent


def audit_record(
    *,
    actor: Any,
    action: str,
    obj: models.Model,
    summary: str,
    organisation: Any = None,
    changes: dict[str, Any] | None = None,
    reason: str = "",
) -> AuditEvent:
    """Write one audit event. Call inside the same transaction as the change it describes."""
    user = actor if getattr(actor, "is_authenticated", False) else None
    label = str(user) if user else (str(actor) if actor else "system")
    return AuditEvent.objects.create(
        actor=user,
        actor_label=label[:200],
        organisation=organisation,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        summary=summary[:300],
        changes=changes or {},
        reason=reason,
    )
