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


class ContractStatus(models.Model):
    """A contract's dashboard row as last worked out: the RAG and reason of each area.

    Kept so the portfolio page reads a page of rows, their totals and the red list in a few
    queries instead of working out thousands of contracts per view. A row is worked out again
    when it is for an earlier day, older than SAFECOM_DASHBOARD_CACHE_SECONDS, older than its
    contract's last change, or older than an audited change to its contract, provider or
    commissioner (safecom/reporting/freshness.py)."""

    contract = models.OneToOneField(
        "contracts.Contract", on_delete=models.CASCADE, primary_key=True, related_name="status"
    )
    day = models.DateField()
    worked_out_at = models.DateTimeField()
    worst = models.PositiveSmallIntegerField()  # 0 red, 1 amber, 2 grey, 3 green: sorts worst first
    reds = models.PositiveSmallIntegerField()
    cells = models.JSONField(default=dict)  # area -> [rag, reason, link]
    # One column per area, so filters and totals are worked out by the database.
    gate = models.CharField(max_length=5, blank=True)
    clause = models.CharField(max_length=5, blank=True)
    assessment = models.CharField(max_length=5, blank=True)
    workforce = models.CharField(max_length=5, blank=True)
    monitoring = models.CharField(max_length=5, blank=True)
    returns = models.CharField(max_length=5, blank=True)
    thematic = models.CharField(max_length=5, blank=True)
    allegations = models.CharField(max_length=5, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["worst", "-reds"], name="status_worst_first"),
            # Narrow, so the two reads of every dashboard request read it alone, not the wide
            # rows: the rows worked out lately (a kept page's check) and each row's day and
            # time (which rows are out of date).
            models.Index(fields=["worked_out_at", "contract", "day"], name="status_worked_out_at"),
        ]

    def __str__(self) -> str:
        return f"{self.contract_id} on {self.day}"
