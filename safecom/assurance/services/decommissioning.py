"""Writes for the decommissioning checklist: opened when a contract enters decommissioning."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from safecom.assurance.models import DecommissioningChecklist, DecommissioningItem
from safecom.assurance.models.decommissioning import ITEMS
from safecom.assurance.services._common import (
    Errors,
    add,
    choice,
    raise_if,
    text,
    today,
    user_or_none,
)
from safecom.audit.services import audit_record
from safecom.contracts.models import Contract


@transaction.atomic
def decommissioning_checklist_open(*, actor: Any, contract: Contract) -> DecommissioningChecklist:
    """The contract's checklist, opened with every item to do. Opening again changes nothing
    (a checklist already started keeps its progress)."""
    checklist, created = DecommissioningChecklist.objects.get_or_create(contract=contract)
    have = set(checklist.items.values_list("code", flat=True))
    DecommissioningItem.objects.bulk_create(
        [
            DecommissioningItem(checklist=checklist, code=code, order=n)
            for n, (code, _, _) in enumerate(ITEMS)
            if code not in have
        ]
    )
    if created:
        audit_record(
            actor=actor,
            action="assurance.decommissioning_opened",
            obj=checklist,
            organisation=contract.commissioner,
            summary=f"Opened the decommissioning checklist for {contract.reference}",
        )
    return checklist


@transaction.atomic
def decommissioning_item_resolve(
    *, actor: Any, item: DecommissioningItem, status: str, note: str = ""
) -> DecommissioningItem:
    """Mark an item done (saying how, if wished) or waived (saying why), or open it again."""
    errors: Errors = {}
    choice(
        errors,
        "status",
        status,
        DecommissioningItem.Status.choices,
        "Choose done, waived or to do.",
    )
    note = text(errors, "note", note, limit=5000)
    if status == DecommissioningItem.Status.WAIVED and not note:
        add(errors, "note", f"Say why '{item.label}' is waived.")
    raise_if(errors)
    locked = DecommissioningItem.objects.select_for_update(of=("self",)).get(pk=item.pk)
    before = locked.status
    locked.status, locked.note = status, note
    open_again = status == DecommissioningItem.Status.OPEN
    locked.resolved_on = None if open_again else today()
    locked.resolved_by = None if open_again else user_or_none(actor)
    locked.save()
    item.status, item.note, item.resolved_on = status, note, locked.resolved_on
    contract = locked.checklist.contract
    audit_record(
        actor=actor,
        action="assurance.decommissioning_item",
        obj=locked,
        organisation=contract.commissioner,
        summary=f"{locked.label}: {locked.get_status_display().lower()} on {contract.reference}",
        changes={"status": [before, status]},
        reason=note if status == DecommissioningItem.Status.WAIVED else "",
    )
    return item
