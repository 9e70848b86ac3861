from __future__ import annotations

from django.conf import settings
from django.db import models


class Briefing(models.Model):
    """A partnership's briefing, update or training offer to its contractors (chscp/bscp 3)."""

    class Kind(models.TextChoices):
        BRIEFING = "briefing", "Briefing"
        UPDATE = "update", "Update"
        TRAINING = "training", "Training offer"

    partnership = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="briefings"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    title = models.CharField(max_length=200)
    summary = models.TextField()
    link = models.URLField(blank=True, max_length=500)
    published_on = models.DateField()
    respond_by = models.DateField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-published_on", "-pk"]

    def __str__(self) -> str:
        return self.title


class BriefingRecipient(models.Model):
    """A provider a briefing went to, its acknowledgement and the evidence of cascade."""

    briefing = models.ForeignKey(Briefing, on_delete=models.CASCADE, related_name="recipients")
    provider = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="briefings_received"
    )
    notified_at = models.DateTimeField()
    acknowledged_on = models.DateField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    staff_reached = models.PositiveIntegerField(null=True, blank=True)
    cascade_note = models.TextField(blank=True)

    class Meta:
        ordering = ["provider__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["briefing", "provider"], name="briefing_recipient_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.briefing} → {self.provider}"
