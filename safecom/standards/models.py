from __future__ import annotations

from django.db import models


class Framework(models.Model):
    """A published standard (chscp, bscp, hips, dorset, nel). Its content lives in versions."""

    slug = models.SlugField(max_length=32, unique=True)
    title = models.CharField(max_length=200)
    short_name = models.CharField(max_length=20)
    publisher = models.CharField(max_length=200)
    client_group = models.CharField(max_length=10)

    class Meta:
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.short_name


class FrameworkVersion(models.Model):
    """One loaded edition. Old editions stay, with everything that refers to them."""

    framework = models.ForeignKey(Framework, on_delete=models.PROTECT, related_name="versions")
    version = models.CharField(max_length=32)
    checksum = models.CharField(max_length=64)
    is_current = models.BooleanField(default=False)
    source_file = models.CharField(max_length=100)
    source_title = models.CharField(max_length=300, blank=True)
    published = models.CharField(max_length=50, blank=True)
    summary = models.TextField(blank=True)
    parameters = models.JSONField(default=dict, blank=True)
    sections = models.JSONField(default=list, blank=True)
    loaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["framework__slug", "-loaded_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "version"], name="framework_version_unique"
            ),
            models.UniqueConstraint(
                fields=["framework"],
                condition=models.Q(is_current=True),
                name="framework_one_current_version",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.framework.short_name} {self.version}"


class Requirement(models.Model):
    """One duty of a framework version, numbered and quoted as in its source."""

    class Kind(models.TextChoices):
        CONTRACT_CLAUSE = "contract_clause", "Contract clause"
        PROVIDER_POLICY = "provider_policy", "Provider policy"
        SELF_ASSESSMENT = "self_assessment", "Self-assessment"
        WORKFORCE_RULE = "workforce_rule", "Workforce rule"
        ASSURANCE_ACTIVITY = "assurance_activity", "Assurance activity"
        COMMISSIONER_DUTY = "commissioner_duty", "Commissioner duty"

    class ClientGroup(models.TextChoices):
        CHILDREN = "children", "Children"
        ADULTS = "adults", "Adults"
        BOTH = "both", "Children and adults"

    framework_version = models.ForeignKey(
        FrameworkVersion, on_delete=models.PROTECT, related_name="requirements"
    )
    ref = models.CharField(max_length=20)
    section = models.CharField(max_length=20, blank=True)
    order = models.PositiveIntegerField(default=0)
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=24, choices=Kind.choices)
    client_group = models.CharField(max_length=10, choices=ClientGroup.choices)
    source_text = models.TextField()
    evidence_expected = models.JSONField(default=list)
    parameters = models.JSONField(default=dict, blank=True)
    question = models.TextField(blank=True)
    applies_to = models.CharField(max_length=300, blank=True)
    model_wording = models.TextField(blank=True)
    cues = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["framework_version", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["framework_version", "ref"], name="requirement_unique_ref"
            )
        ]

    def __str__(self) -> str:
        return f"{self.framework_version.framework.slug} {self.ref}"


class MappingSet(models.Model):
    """One loaded edition of the mappings between frameworks."""

    version = models.CharField(max_length=32, unique=True)
    checksum = models.CharField(max_length=64)
    is_current = models.BooleanField(default=False)
    loaded_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"mappings {self.version}"


class RequirementMapping(models.Model):
    """How a requirement of one framework relates to one of another.

    Ends are kept as (framework, ref) so a mapping outlives framework versions: refs are
    the sources' own numbering and stay stable from edition to edition.
    """

    class Relation(models.TextChoices):
        EQUAL = "equal", "is the same as"
        SUBSET = "subset", "is covered by"
        INTERSECT = "intersect", "overlaps"

    mapping_set = models.ForeignKey(MappingSet, on_delete=models.CASCADE, related_name="mappings")
    from_framework = models.CharField(max_length=32)
    from_ref = models.CharField(max_length=20)
    to_framework = models.CharField(max_length=32)
    to_ref = models.CharField(max_length=20)
    relation = models.CharField(max_length=10, choices=Relation.choices)
    rationale = models.TextField()

    class Meta:
        indexes = [
            models.Index(fields=["from_framework", "from_ref"]),
            models.Index(fields=["to_framework", "to_ref"]),
        ]

    def __str__(self) -> str:
        ends = f"{self.from_framework} {self.from_ref}", f"{self.to_framework} {self.to_ref}"
        return f"{ends[0]} {self.relation} {ends[1]}"
