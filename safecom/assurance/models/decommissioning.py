from __future__ import annotations

from django.conf import settings
from django.db import models

# The items every checklist holds: code, what must be done, and what "done" looks like.
ITEMS: tuple[tuple[str, str, str], ...] = (
    (
        "records_transfer",
        "Records transferred",
        "Case records of children and families, and any staff records an open allegation needs, "
        "transferred securely to the next provider or the commissioner, or kept as agreed.",
    ),
    (
        "continuity",
        "Continuity for children and families",
        "Every child and family has a plan for the service they move to, with safeguarding "
        "information shared before the service ends.",
    ),
    (
        "notifications",
        "Notifications made",
        "Children, families, referrers, the safeguarding partnership, the designated "
        "professionals and, for any open allegation, the LADO told of the change.",
    ),
    (
        "subcontractor_exit",
        "Sub-contractor exit",
        "Sub-contracts ended safely, with each sub-contractor meeting the same records and "
        "continuity duties.",
    ),
)
ITEM_TEXT = {code: (label, hint) for code, label, hint in ITEMS}


class DecommissioningChecklist(models.Model):
    """What must be settled for a safe exit, opened when a contract enters decommissioning."""

    contract = models.OneToOneField(
        "contracts.Contract", on_delete=models.CASCADE, related_name="decommissioning_checklist"
    )
    opened_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Decommissioning checklist ({self.contract.reference})"


class DecommissioningItem(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "To do"
        DONE = "done", "Done"
        WAIVED = "waived", "Waived"

    checklist = models.ForeignKey(
        DecommissioningChecklist, on_delete=models.CASCADE, related_name="items"
    )
    code = models.CharField(max_length=30)
    order = models.PositiveSmallIntegerField(default=0)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    # How it was done, or why it was waived (required for a waiver).
    note = models.TextField(blank=True)
    resolved_on = models.DateField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["checklist", "code"], name="decommissioning_item_unique"
            )
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return ITEM_TEXT.get(self.code, (self.code, ""))[0]

    @property
    def hint(self) -> str:
        return ITEM_TEXT.get(self.code, ("", ""))[1]
