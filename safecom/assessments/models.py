"""Self-assessment rounds, providers' returns and answers, moderation, action plans, evidence
and the Child Safeguarding Statement."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from safecom.assessments import workflow


class Round(models.Model):
    """A partnership or commissioner asks chosen providers to self-assess against frameworks."""

    class Interval(models.TextChoices):
        ANNUAL = "annual", "Annual"
        TWO_YEARLY = "two_yearly", "Every two years"
        AT_TENDER = "at_tender", "At tender"

    owner = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="assessment_rounds"
    )
    title = models.CharField(max_length=200)
    frameworks = models.ManyToManyField("standards.FrameworkVersion", related_name="rounds")
    kinds = models.JSONField(default=list, help_text="Requirement kinds asked in this round")
    due_date = models.DateField()
    interval = models.CharField(max_length=12, choices=Interval.choices)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    opened_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-opened_at", "-id"]

    def __str__(self) -> str:
        return self.title


class Assessment(models.Model):
    """One provider's return in a round: its answers, submitted together."""

    class Status(models.TextChoices):
        DRAFT = "draft", "In progress"
        SUBMITTED = "submitted", "Submitted"
        MODERATED = "moderated", "Moderated"

    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="assessments")
    provider = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="assessments"
    )
    contracts = models.ManyToManyField("contracts.Contract", blank=True, related_name="assessments")
    status = models.CharField(
        max_length=12, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    moderated_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["round", "provider"], name="assessment_one_per_round")
        ]

    def __str__(self) -> str:
        return f"{self.provider} — {self.round}"


class EvidenceFile(models.Model):
    """A file a provider gave as evidence; kept once per provider by its SHA-256."""

    provider = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="evidence_files"
    )
    file = models.FileField(upload_to="evidence/", max_length=300)
    name = models.CharField(max_length=120)
    kind = models.CharField(max_length=8)
    content_type = models.CharField(max_length=120)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["provider", "sha256"], name="evidence_unique_content")
        ]

    def __str__(self) -> str:
        return self.name


class Answer(models.Model):
    """A provider's answer to one requirement in one return.

    `version` is the optimistic lock: every save names the version it started from.
    """

    class Rating(models.TextChoices):
        MET = "met", "Met"
        PARTLY_MET = "partly_met", "Partly met"
        NOT_MET = "not_met", "Not met"
        NOT_APPLICABLE = "not_applicable", "Not applicable"

    class Origin(models.TextChoices):
        NONE = "", "Not answered"
        OWN = "own", "Answered"
        CARRIED = "carried", "Carried forward"
        MAPPED = "mapped", "Given under another framework"

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="answers")
    requirement = models.ForeignKey(
        "standards.Requirement", on_delete=models.PROTECT, related_name="answers"
    )
    rating = models.CharField(max_length=16, choices=Rating.choices, blank=True)
    narrative = models.TextField(blank=True)
    links = models.JSONField(default=list, blank=True)
    evidence = models.ManyToManyField(EvidenceFile, blank=True, related_name="answers")
    origin = models.CharField(max_length=8, choices=Origin.choices, blank=True)
    carried_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="carried_into"
    )
    source = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="mirrors"
    )
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    moderation = models.CharField(max_length=12, blank=True, db_index=True)
    moderated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["requirement__framework_version__framework__slug", "requirement__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "requirement"], name="answer_one_per_requirement"
            )
        ]

    def __str__(self) -> str:
        return f"{self.requirement} in {self.assessment}"

    @property
    def key(self) -> str:
        return str(self.requirement)

    @property
    def moderation_label(self) -> str:
        return workflow.MODERATION_LABELS.get(self.moderation, self.moderation)


class ModerationEvent(models.Model):
    """One step of moderation (accept, challenge, response, close), kept with who and when."""

    class Kind(models.TextChoices):
        ACCEPTED = "accepted", "Accepted"
        CHALLENGED = "challenged", "Challenged"
        RESPONDED = "responded", "Provider responded"
        CLOSED = "closed", "Challenge closed"

    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="moderation_events")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    comment = models.TextField(blank=True)
    rating_before = models.CharField(max_length=16, blank=True)
    rating_after = models.CharField(max_length=16, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    by_label = models.CharField(max_length=200)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} by {self.by_label}"


class ActionItem(models.Model):
    """An action-plan item for a rating short of met: owner, due date, status."""

    class Status(models.TextChoices):
        OPEN = "open", "Not started"
        IN_PROGRESS = "in_progress", "In progress"
        DONE = "done", "Done"

    provider = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="assessment_actions"
    )
    answer = models.ForeignKey(Answer, on_delete=models.PROTECT, related_name="actions")
    # The requirement by framework and ref, so an open action follows it into the next cycle.
    framework_slug = models.CharField(max_length=32)
    ref = models.CharField(max_length=20)
    description = models.TextField()
    owner_name = models.CharField(max_length=120)
    due_date = models.DateField()
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.OPEN)
    completed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["due_date", "id"]
        indexes = [models.Index(fields=["provider", "framework_slug", "ref"])]

    def __str__(self) -> str:
        return f"{self.framework_slug} {self.ref}: {self.description[:40]}"


class ChildSafeguardingStatement(models.Model):
    """A provider's Child Safeguarding Statement (asked for by BSCP), with its review date.

    A new record supersedes the last; the latest is the one in force.
    """

    provider = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="child_safeguarding_statements",
    )
    summary = models.TextField()
    signed_off_by = models.CharField(max_length=150)
    approved_on = models.DateField()
    review_date = models.DateField()
    evidence = models.ForeignKey(
        EvidenceFile, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-recorded_at", "-id"]

    def __str__(self) -> str:
        return f"Child Safeguarding Statement of {self.provider} (review by {self.review_date})"
