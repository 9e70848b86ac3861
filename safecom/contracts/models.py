from __future__ import annotations

from django.conf import settings
from django.db import models


class Contract(models.Model):
    """A contracted service: who commissions it, who provides it, under which standards."""

    class ClientGroup(models.TextChoices):
        CHILDREN = "children", "Children and young people"
        ADULTS = "adults", "Adults at risk"
        BOTH = "both", "Children and adults"

    class Stage(models.TextChoices):
        # The same stages, in the same order, as lifecycle.STAGES (a test holds them together).
        PLANNING = "planning", "Planning"
        TENDER = "tender", "Tender"
        AWARDED = "awarded", "Awarded"
        MOBILISING = "mobilising", "Mobilising"
        LIVE = "live", "Live"
        DECOMMISSIONING = "decommissioning", "Decommissioning"
        ENDED = "ended", "Ended"

    reference = models.CharField(max_length=40)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    commissioner = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="commissioned_contracts",
    )
    provider = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="provider_contracts"
    )
    frameworks = models.ManyToManyField(
        "standards.FrameworkVersion", blank=True, related_name="contracts"
    )
    client_group = models.CharField(max_length=10, choices=ClientGroup.choices)
    regulated_activity = models.BooleanField(
        default=True, help_text="Staff carry out regulated activity with children or adults"
    )
    value = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    stage = models.CharField(
        max_length=20, choices=Stage.choices, default="planning", db_index=True
    )
    # The pre-engagement gate always stands before live; the commissioner may also put it
    # before the award.
    gate_at_award = models.BooleanField(
        default=False, help_text="The pre-engagement gate must pass before the contract is awarded"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["title"]
        constraints = [
            models.UniqueConstraint(
                fields=["commissioner", "reference"], name="contract_unique_reference"
            )
        ]
        # A page of a commissioner's or a provider's contracts in the list's order, read from
        # the index instead of joining and sorting every one of them first.
        indexes = [
            models.Index(fields=["commissioner", "title", "id"], name="contract_list_commissioner"),
            models.Index(fields=["provider", "title", "id"], name="contract_list_provider"),
            # The contracts changed lately: what a kept dashboard page checks on each serve.
            models.Index(fields=["updated_at"], name="contract_updated_at"),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"


class StageChange(models.Model):
    """The history of a contract's stages, kept whole."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="stage_changes")
    from_stage = models.CharField(max_length=20, blank=True)
    to_stage = models.CharField(max_length=20)
    changed_at = models.DateTimeField(auto_now_add=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["changed_at", "id"]

    def __str__(self) -> str:
        return f"{self.contract}: {self.from_stage or '—'} → {self.to_stage}"


class GateOverride(models.Model):
    """A commissioner moved a contract past the pre-engagement gate although it did not pass."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="gate_overrides")
    to_stage = models.CharField(max_length=20)
    reason = models.TextField()
    conditions = models.JSONField(default=list, help_text="The gate's conditions at the time")
    overridden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    overridden_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-overridden_at", "-id"]

    def __str__(self) -> str:
        return f"{self.contract}: gate overridden to {self.to_stage}"


class ClauseConfirmation(models.Model):
    """A commissioner's confirmation, by hand, that the contract's safeguarding clause has every
    element; counts for the gate only while no clause check has been run."""

    contract = models.ForeignKey(
        Contract, on_delete=models.CASCADE, related_name="clause_confirmations"
    )
    reason = models.TextField()
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    confirmed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-confirmed_at", "-id"]

    def __str__(self) -> str:
        return f"{self.contract}: clause confirmed by hand"
