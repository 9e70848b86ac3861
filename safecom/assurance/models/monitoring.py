from __future__ import annotations

from django.conf import settings
from django.db import models

from safecom.assurance.metric_library import METRIC_CHOICES


class MonitoringMeeting(models.Model):
    """A contract monitoring meeting. Safeguarding must be an item at every one (chscp/bscp 5)."""

    contract = models.ForeignKey(
        "contracts.Contract", on_delete=models.CASCADE, related_name="monitoring_meetings"
    )
    held_on = models.DateField()
    attendees = models.TextField(help_text="Names and roles, one a line")
    # What was discussed under the safeguarding item. Empty means there was none: flagged.
    safeguarding_item = models.TextField(blank=True)
    notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["contract", "held_on"])]

    def __str__(self) -> str:
        return f"Monitoring meeting {self.held_on:%d/%m/%Y} ({self.contract.reference})"


class AssuranceAction(models.Model):
    """An action agreed at a monitoring meeting or after a thematic check."""

    contract = models.ForeignKey(
        "contracts.Contract", on_delete=models.CASCADE, related_name="assurance_actions"
    )
    meeting = models.ForeignKey(
        MonitoringMeeting, null=True, blank=True, on_delete=models.CASCADE, related_name="actions"
    )
    thematic_check = models.ForeignKey(
        "assurance.ThematicCheck",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="actions",
    )
    description = models.CharField(max_length=500)
    owner = models.CharField(max_length=200)
    due_on = models.DateField()
    done_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["contract", "done_on", "due_on"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(meeting__isnull=False, thematic_check__isnull=True)
                | models.Q(meeting__isnull=True, thematic_check__isnull=False),
                name="assurance_action_one_source",
            )
        ]

    def __str__(self) -> str:
        return self.description[:60]


class ContractMetric(models.Model):
    """A safeguarding metric written into a contract, from the metric library, with its target."""

    contract = models.ForeignKey(
        "contracts.Contract", on_delete=models.CASCADE, related_name="safeguarding_metrics"
    )
    metric = models.CharField(max_length=40, choices=METRIC_CHOICES)
    target = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    amber_tolerance = models.DecimalField(max_digits=12, decimal_places=2, default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["metric"]
        constraints = [
            models.UniqueConstraint(fields=["contract", "metric"], name="contract_metric_unique")
        ]

    def __str__(self) -> str:
        return f"{self.get_metric_display()} ({self.contract.reference})"


class MetricValue(models.Model):
    """A metric's value for one reporting period."""

    contract_metric = models.ForeignKey(
        ContractMetric, on_delete=models.CASCADE, related_name="values"
    )
    period_start = models.DateField()
    period_label = models.CharField(max_length=30)
    value = models.DecimalField(max_digits=12, decimal_places=2)
    note = models.CharField(max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-period_start"]
        constraints = [
            models.UniqueConstraint(
                fields=["contract_metric", "period_start"], name="metric_value_one_per_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.contract_metric} {self.period_label}: {self.value}"
