"""Named safeguarding roles: who holds each, every change kept (nel SC32.2)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from safecom.audit.services import audit_record
from safecom.organisations.models import Organisation
from safecom.workforce.models import NamedRole, NamedRoleChange, NamedRoleCode, StaffMember
from safecom.workforce.services.figures import workforce_figures_forget


@transaction.atomic
def named_role_assign(
    *,
    actor: Any,
    provider: Organisation,
    code: str,
    holder: StaffMember | None = None,
    holder_name: str = "",
    contact: str = "",
    since: dt.date | None = None,
    reason: str = "",
) -> NamedRole:
    """Give a role a holder (a person on the record, or a name for someone who is not), or
    leave it vacant with neither."""
    errors: dict[str, list[str]] = {}
    if code not in NamedRoleCode.values:
        errors["code"] = ["Choose a named role."]
    if holder is not None and holder.provider_id != provider.pk:
        errors["holder"] = ["Choose someone from this provider's staff."]
    if holder is not None and not holder.is_active:
        errors["holder"] = ["That person has left: choose someone still in post."]
    if len(holder_name.strip()) > 200 or len(contact.strip()) > 200:
        errors["holder_name"] = ["Keep the name and contact to 200 characters each."]
    if errors:
        raise ValidationError(errors)
    name = holder.display_name if holder is not None else holder_name.strip()
    role = (
        NamedRole.objects.select_for_update(of=("self",))
        .filter(provider=provider, code=code)
        .first()
    )
    before = role.holder_name if role else ""
    if role is None:
        role = NamedRole(provider=provider, code=code)
    same = role.pk and role.holder_id == (holder.pk if holder else None) and before == name
    role.holder = holder
    role.holder_name = name
    role.contact = contact.strip()
    role.since = since
    role.save()
    workforce_figures_forget(provider_ids=[provider.pk])
    if not same:
        NamedRoleChange.objects.create(
            provider=provider,
            code=code,
            from_name=before,
            to_name=name,
            reason=reason.strip(),
            changed_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
    audit_record(
        actor=actor,
        action="workforce.named_role_changed",
        obj=role,
        organisation=provider,
        summary=f"{role.get_code_display()}: {before or 'vacant'} → {name or 'vacant'}",
        changes={"holder": [before, name]},
        reason=reason.strip(),
    )
    return role
