from __future__ import annotations

from django.conf import settings
from django.db import models

from safecom.core.crypto import EncryptedTextField


class Review(models.Model):
    """A serious incident (nel 7) or a statutory review (nel 8) touching a contract."""

    class Kind(models.TextChoices):
        SERIOUS_INCIDENT = "serious_incident", "Serious incident"
        CSPR = "cspr", "Child safeguarding practice review"
        CHILD_DEATH = "child_death", "Child death review"
        SAR = "sar", "Safeguarding adult review"
        DHR = "dhr", "Domestic homicide review"
        LEDER = "leder", "LeDeR review"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    contract = models.ForeignKey(
        "contracts.Contract", on_delete=models.CASCADE, related_name="reviews"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    reference = models.CharField(max_length=60, help_text="The review's own reference, no names")
    notified_on = models.DateField()
    # nel 7.1: was safeguarding escalation considered at once? nel 7.3: a senior person with
    # safeguarding expertise on the review? Unknown until recorded.
    safeguarding_considered = models.BooleanField(null=True, blank=True)
    senior_reviewer = models.BooleanField(null=True, blank=True)
    kept_updated = models.CharField(
        max_length=200, blank=True, help_text="Who is kept updated on the action plan"
    )
    last_update_on = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    closed_on = models.DateField(null=True, blank=True)
    notes = EncryptedTextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-notified_on", "-pk"]
        indexes = [models.Index(fields=["contract", "notified_on"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.reference}"


class Recommendation(models.Model):
    """A recommendation from a review, with its timescale and progress."""

    class Progress(models.TextChoices):
        NOT_STARTED = "not_started", "Not started"
        IN_PROGRESS = "in_progress", "In progress"
        COMPLETE = "complete", "Complete"

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="recommendations")
    text = models.TextField()
    owner = models.CharField(max_length=200)
    due_on = models.DateField()
    progress = models.CharField(
        max_length=20, choices=Progress.choices, default=Progress.NOT_STARTED
    )
    progress_note = models.TextField(blank=True)
    completed_on = models.DateField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.text[:60]
