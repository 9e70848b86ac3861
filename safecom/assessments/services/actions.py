"""Action plans: an item (owner, due date, status) for every rating short of met."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from safecom.assessments.models import ActionItem, Answer
from safecom.assessments.services.common import check_text, raise_if, user_or_none
from safecom.audit.services import audit_record


@transaction.atomic
def action_create(
    *,
    actor: Any,
    answer: Answer,
    description: str,
    owner_name: str,
    due_date: dt.date | None,
) -> ActionItem:
    errors: dict[str, list[str]] = {}
    check_text(errors, "description", description, limit=2000, required="Say what will be done.")
    check_text(errors, "owner_name", owner_name, limit=120, required="Name who owns the action.")
    if due_date is None:
        errors["due_date"] = ["Enter the date the action is due."]
    elif due_date < timezone.localdate():
        errors["due_date"] = ["The due date must be today or later."]
    raise_if(errors)
    assert due_date is not None
    req = answer.requirement
    action = ActionItem.objects.create(
        provider=answer.assessment.provider,
        answer=answer,
        framework_slug=req.framework_version.framework.slug,
        ref=req.ref,
        description=description.strip(),
        owner_name=owner_name.strip(),
        due_date=due_date,
        created_by=user_or_none(actor),
    )
    audit_record(
        actor=actor,
        action="assessment.action_created",
        obj=action,
        organisation=action.provider,
        summary=f"Action for {answer.key}, owner {action.owner_name}, due {due_date:%d/%m/%Y}",
    )
    return action


@transaction.atomic
def action_update(
    *,
    actor: Any,
    action: ActionItem,
    status: str,
    due_date: dt.date | None = None,
    owner_name: str | None = None,
) -> ActionItem:
    errors: dict[str, list[str]] = {}
    if status not in ActionItem.Status.values:
        errors["status"] = ["Choose not started, in progress or done."]
    if owner_name is not None:
        check_text(errors, "owner_name", owner_name, limit=120, required="Name who owns it.")
    raise_if(errors)
    locked = ActionItem.objects.select_for_update(of=("self",)).get(pk=action.pk)
    changes: dict[str, Any] = {}
    if status != locked.status:
        changes["status"] = [locked.status, status]
        locked.status = status
        locked.completed_at = timezone.now() if status == ActionItem.Status.DONE else None
    if due_date is not None and due_date != locked.due_date:
        changes["due_date"] = [locked.due_date.isoformat(), due_date.isoformat()]
        locked.due_date = due_date
    if owner_name is not None and owner_name.strip() != locked.owner_name:
        changes["owner_name"] = [locked.owner_name, owner_name.strip()]
        locked.owner_name = owner_name.strip()
    if changes:
        locked.save()
        audit_record(
            actor=actor,
            action="assessment.action_updated",
            obj=locked,
            organisation=locked.provider,
            summary=f"Updated the action for {locked.framework_slug} {locked.ref}",
            changes=changes,
        )
    for name in ("status", "completed_at", "due_date", "owner_name"):
        setattr(action, name, getattr(locked, name))
    return locked
