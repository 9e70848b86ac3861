from __future__ import annotations

from django.conf import settings
from django.db import models


class DocumentCheck(models.Model):
    """One document checked against one framework version's clause or policy requirements.

    Kept whole: the extracted text (so the evidence can be highlighted later), the result as
    the checker gave it, and the figures the pre-engagement gate and the portfolio audit read.
    """

    class Kind(models.TextChoices):
        CONTRACT_CLAUSE = "contract_clause", "Contract clauses"
        PROVIDER_POLICY = "provider_policy", "Provider policies"

    class Source(models.TextChoices):
        UPLOAD = "upload", "Uploaded"
        API = "api", "API"
        DEMO = "demo", "Demonstration"

    contract = models.ForeignKey(
        "contracts.Contract", on_delete=models.CASCADE, related_name="document_checks"
    )
    framework_version = models.ForeignKey(
        "standards.FrameworkVersion", on_delete=models.PROTECT, related_name="document_checks"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.CONTRACT_CLAUSE)
    document_name = models.CharField(max_length=200)
    sha256 = models.CharField(max_length=64)
    size_bytes = models.PositiveBigIntegerField(default=0)
    page_count = models.PositiveIntegerField(default=1)
    text = models.TextField(blank=True)
    page_starts = models.JSONField(default=list, blank=True)
    result = models.JSONField(default=dict)
    all_met = models.BooleanField(default=False)
    met_count = models.PositiveIntegerField(default=0)
    partly_met_count = models.PositiveIntegerField(default=0)
    not_met_count = models.PositiveIntegerField(default=0)
    warning_count = models.PositiveIntegerField(default=0)
    unmet_refs = models.JSONField(default=list, blank=True)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.UPLOAD)
    checked_at = models.DateTimeField(db_index=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        ordering = ["-checked_at", "-pk"]
        indexes = [models.Index(fields=["contract", "kind", "-checked_at"])]

    def __str__(self) -> str:
        return f"{self.document_name} ({self.contract_id}, {self.framework_version_id})"

    @property
    def summary(self) -> str:
        total = self.met_count + self.partly_met_count + self.not_met_count
        text = f"{self.met_count} of {total} elements met"
        if self.partly_met_count:
            text += f", {self.partly_met_count} partly met"
        if self.not_met_count:
            text += f", {self.not_met_count} not met"
        if self.warning_count:
            s = "" if self.warning_count == 1 else "s"
            text += f"; {self.warning_count} superseded-edition warning{s}"
        return text


class PortfolioAudit(models.Model):
    """The Appendix A figure for one commissioner at one time: contracts with every element met."""

    commissioner = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="portfolio_audits"
    )
    framework_version = models.ForeignKey(
        "standards.FrameworkVersion", on_delete=models.PROTECT, related_name="portfolio_audits"
    )
    job = models.ForeignKey(
        "core.Job", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    contracts_total = models.PositiveIntegerField(default=0)
    contracts_checked = models.PositiveIntegerField(default=0)
    contracts_all_met = models.PositiveIntegerField(default=0)
    rows = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"audit of {self.commissioner_id} at {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def share_all_met(self) -> float | None:
        """The Appendix A figure over every contract (unchecked ones count as not met)."""
        if not self.contracts_total:
            return None
        return self.contracts_all_met / self.contracts_total
