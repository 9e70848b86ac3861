from __future__ import annotations

from django.db import models

from safecom.accounts import roles


class Organisation(models.Model):
    """A partnership, a commissioning organisation or a provider."""

    class Kind(models.TextChoices):
        PARTNERSHIP = roles.PARTNERSHIP, "Safeguarding partnership"
        COMMISSIONER = roles.COMMISSIONER, "Commissioning organisation"
        PROVIDER = roles.PROVIDER, "Provider"

    class OrgType(models.TextChoices):
        SAFEGUARDING_PARTNERSHIP = "safeguarding_partnership", "Safeguarding children partnership"
        LOCAL_AUTHORITY = "local_authority", "Local authority"
        ICB = "icb", "Integrated care board"
        NHS_TRUST = "nhs_trust", "NHS trust"
        VOLUNTARY = "voluntary", "Voluntary or community organisation"
        PRIVATE = "private", "Independent sector company"
        SCHOOL = "school", "School or education provider"
        OTHER = "other", "Other"

    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices, db_index=True)
    org_type = models.CharField(max_length=32, choices=OrgType.choices, default=OrgType.OTHER)
    # Commissioners (and providers) sit in one or more partnership areas.
    partnerships = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="area_members"
    )
    # A sub-contractor names the head provider it works under.
    head_provider = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="subcontractors"
    )
    registration_number = models.CharField(max_length=40, blank=True)
    contact_email = models.EmailField(blank=True)
    require_two_factor = models.BooleanField(
        default=False, help_text="Members must use an authenticator app code as well as a password"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Site(models.Model):
    """A place a provider delivers services from."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="sites")
    name = models.CharField(max_length=200)
    address = models.CharField(max_length=300, blank=True)
    postcode = models.CharField(max_length=10, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="site_unique_name")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation})"
