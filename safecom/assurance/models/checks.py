from __future__ import annotations

from django.conf import settings
from django.db import models

from safecom.rules.assurance import RiskPolicy


class AssurancePolicy(models.Model):
    """A commissioner's own risk tiers and months between thematic checks (chscp/bscp 6)."""

    commissioner = models.OneToOneField(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="assurance_policy"
    )
    high_from = models.PositiveSmallIntegerField(default=RiskPolicy.high_from)
    medium_from = models.PositiveSmallIntegerField(default=RiskPolicy.medium_from)
    high_months = models.PositiveSmallIntegerField(default=RiskPolicy.high_months)
    medium_months = models.PositiveSmallIntegerField(default=RiskPolicy.medium_months)
    low_months = models.PositiveSmallIntegerField(default=RiskPolicy.low_months)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Assurance policy of {self.commissioner}"


class ThematicCheck(models.Model):
    """A completed thematic check of a contract, with the risk it was planned on."""

    class Theme(models.TextChoices):
        SAFER_RECRUITMENT = "safer_recruitment", "Safer recruitment"
        TRAINING = "training", "Safeguarding training"
        ALLEGATIONS = "allegations", "Managing allegations"
        POLICIES = "policies", "Policies and procedures"
        SUPERVISION = "supervision", "Supervision"
        RECORD_KEEPING = "record_keeping", "Record keeping"
        VOICE = "voice", "Voice of the child or adult"
        ONLINE_SAFETY = "online_safety", "Online safety"
        OTHER = "other", "Other"

    class Method(models.TextChoices):
        FILE_AUDIT = "file_audit", "File audit"
        VISIT = "visit", "Visit"
        STAFF_SURVEY = "staff_survey", "Staff survey"
        STAFF_RECORDS = "staff_records", "Sample of staff records"

    class Rag(models.TextChoices):
        RED = "red", "Red"
        AMBER = "amber", "Amber"
        GREEN = "green", "Green"

    contract = models.ForeignKey(
        "contracts.Contract", on_delete=models.CASCADE, related_name="thematic_checks"
    )
    theme = models.CharField(max_length=30, choices=Theme.choices)
    theme_detail = models.CharField(max_length=200, blank=True)
    method = models.CharField(max_length=20, choices=Method.choices)
    sample_size = models.PositiveIntegerField(null=True, blank=True)
    carried_out_on = models.DateField()
    findings = models.TextField()
    rag = models.CharField(max_length=5, choices=Rag.choices)
    risk_score_at_check = models.PositiveSmallIntegerField(null=True, blank=True)
    risk_tier_at_check = models.CharField(max_length=10, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-carried_out_on", "-pk"]
        indexes = [models.Index(fields=["contract", "carried_out_on"])]

    def __str__(self) -> str:
        return f"{self.get_theme_display()} check {self.carried_out_on:%d/%m/%Y}"
