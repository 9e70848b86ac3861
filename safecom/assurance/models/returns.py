from __future__ import annotations

from django.conf import settings
from django.db import models

# Figures a return item may be pre-filled with, from the provider's workforce records.
PREFILL_CHOICES = [
    ("", "Nothing: the provider enters it"),
    ("staff", "Staff on record"),
    ("regulated_activity", "Staff in regulated activity"),
    ("dbs_missing", "Staff in regulated activity without a DBS check"),
    ("dbs_recheck_overdue", "DBS rechecks overdue"),
    ("barred_list_missing", "Barred-list checks missing"),
    ("references_incomplete", "Staff with references incomplete"),
    ("right_to_work_missing", "Staff without a right-to-work check"),
    ("training_coverage", "Safeguarding training coverage (%)"),
    ("dsl_training_overdue", "Safeguarding leads with training overdue"),
    ("safer_recruitment_trained", "Staff trained in safer recruitment"),
]


class ReturnTemplate(models.Model):
    """What a quarterly safeguarding return asks, set by a commissioner or for a framework."""

    name = models.CharField(max_length=200)
    commissioner = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="return_templates",
    )
    framework = models.ForeignKey(
        "standards.Framework",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="return_templates",
    )
    # Read from the framework's `return_interval_months` when the template is made (nel 15.2).
    interval_months = models.PositiveSmallIntegerField()
    due_days = models.PositiveSmallIntegerField(
        default=30, help_text="Days after the end of the period the return is due"
    )
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(commissioner__isnull=False) | models.Q(framework__isnull=False),
                name="return_template_has_owner",
            )
        ]

    def __str__(self) -> str:
        return self.name


class ReturnItem(models.Model):
    """One figure or answer a return asks for."""

    class Kind(models.TextChoices):
        COUNT = "count", "A whole number"
        PERCENT = "percent", "A percentage"
        TEXT = "text", "Text"

    template = models.ForeignKey(ReturnTemplate, on_delete=models.CASCADE, related_name="items")
    order = models.PositiveSmallIntegerField(default=0)
    code = models.SlugField(max_length=40)
    label = models.CharField(max_length=200)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    prefill = models.CharField(max_length=40, choices=PREFILL_CHOICES, blank=True)

    class Meta:
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["template", "code"], name="return_item_unique_code")
        ]

    def __str__(self) -> str:
        return self.label


class SafeguardingReturn(models.Model):
    """One provider's return for one contract and period, with its due date."""

    template = models.ForeignKey(ReturnTemplate, on_delete=models.PROTECT, related_name="returns")
    contract = models.ForeignKey(
        "contracts.Contract", on_delete=models.CASCADE, related_name="safeguarding_returns"
    )
    period_start = models.DateField()
    period_end = models.DateField()
    period_label = models.CharField(max_length=30)
    due_on = models.DateField()
    submitted_on = models.DateField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    issued_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-period_start", "contract__title"]
        indexes = [models.Index(fields=["contract", "due_on"])]
        constraints = [
            models.UniqueConstraint(
                fields=["template", "contract", "period_start"], name="return_one_per_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.template} {self.period_label} ({self.contract.reference})"


class ReturnAnswer(models.Model):
    """A value in a return, with the figure the service held and why it was changed."""

    safeguarding_return = models.ForeignKey(
        SafeguardingReturn, on_delete=models.CASCADE, related_name="answers"
    )
    item = models.ForeignKey(ReturnItem, on_delete=models.PROTECT, related_name="+")
    value = models.CharField(max_length=2000, blank=True)
    prefilled_value = models.CharField(max_length=40, blank=True)
    change_reason = models.CharField(max_length=500, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["safeguarding_return", "item"], name="return_answer_one_per_item"
            )
        ]

    def __str__(self) -> str:
        return f"{self.item}: {self.value}"


class AnnualReport(models.Model):
    """A provider's annual safeguarding report (nel 15.1, A9) and its review (nel A9.1)."""

    class Kind(models.TextChoices):
        CHILDREN = "children", "Safeguarding children"
        ADULTS = "adults", "Safeguarding adults"

    contract = models.ForeignKey(
        "contracts.Contract", on_delete=models.CASCADE, related_name="annual_reports"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    year_label = models.CharField(max_length=9, help_text="The year it covers, like 2025/26")
    received_on = models.DateField()
    reviewed_on = models.DateField(null=True, blank=True)
    review_note = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-received_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "kind", "year_label"], name="annual_report_one_per_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} report {self.year_label}"
