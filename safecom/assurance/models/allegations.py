from __future__ import annotations

from django.conf import settings
from django.db import models

from safecom.core.crypto import EncryptedTextField


class Allegation(models.Model):
    """An allegation against a member of a provider's staff, with minimal personal data.

    No names of the person or of any child: the category, the dates, the outcome and who
    recorded it. Anything more goes in the notes, which are encrypted at rest.
    """

    class Category(models.TextChoices):
        PHYSICAL = "physical", "Physical harm"
        SEXUAL = "sexual", "Sexual harm"
        EMOTIONAL = "emotional", "Emotional harm"
        NEGLECT = "neglect", "Neglect"
        CONDUCT = "conduct", "Behaviour suggesting unsuitability to work with children or adults"
        ONLINE = "online", "Online or social media conduct"
        OTHER = "other", "Other"

    class SubjectRole(models.TextChoices):
        EMPLOYEE = "employee", "Employee"
        VOLUNTEER = "volunteer", "Volunteer"
        AGENCY = "agency", "Agency worker"
        CONTRACTOR = "contractor", "Contractor or sub-contractor"

    class Outcome(models.TextChoices):
        OPEN = "", "Not concluded"
        SUBSTANTIATED = "substantiated", "Substantiated"
        UNSUBSTANTIATED = "unsubstantiated", "Unsubstantiated"
        UNFOUNDED = "unfounded", "Unfounded"
        FALSE = "false", "False"
        MALICIOUS = "malicious", "Malicious"

    contract = models.ForeignKey(
        "contracts.Contract", on_delete=models.CASCADE, related_name="allegations"
    )
    made_on = models.DateField(help_text="The day the allegation was made")
    lado_informed_on = models.DateField(null=True, blank=True)
    # nel C10.1 also asks that the CCG designated nurse or doctor is told.
    designated_informed_on = models.DateField(null=True, blank=True)
    category = models.CharField(max_length=20, choices=Category.choices)
    subject_role = models.CharField(max_length=20, choices=SubjectRole.choices)
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    concluded_on = models.DateField(null=True, blank=True)
    notes = EncryptedTextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-made_on", "-pk"]
        indexes = [models.Index(fields=["contract", "made_on"])]

    def __str__(self) -> str:
        return f"Allegation {self.pk} ({self.get_category_display()}, {self.made_on:%d/%m/%Y})"
