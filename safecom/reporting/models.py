from __future__ import annotations

from django.conf import settings
from django.db import models


class Snapshot(models.Model):
    """One day's portfolio picture for a commissioner or partnership: counts by area and RAG.
    Trends on the dashboard are drawn from these."""

    day = models.DateField(db_index=True)
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="snapshots"
    )
    contracts = models.PositiveIntegerField(default=0)
    areas = models.JSONField(default=dict)  # area -> {"red": n, "amber": n, "green": n, "grey": n}

    class Meta:
        ordering = ["day"]
        constraints = [
            models.UniqueConstraint(fields=["day", "organisation"], name="snapshot_one_a_day")
        ]

    def __str__(self) -> str:
        return f"{self.organisation} {self.day}"

    @property
    def red_total(self) -> int:
        return sum(a.get("red", 0) for a in self.areas.values())

    @property
    def amber_total(self) -> int:
        return sum(a.get("amber", 0) for a in self.areas.values())


class Report(models.Model):
    """A quarterly assurance report made as a PDF, kept for download."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="reports"
    )
    quarter = models.CharField(max_length=7)  # "2026-Q3"
    file = models.FileField(upload_to="reports/%Y/")
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    size = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.organisation} {self.quarter}"
