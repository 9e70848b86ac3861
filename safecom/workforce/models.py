"""Workforce records: the single central record (staff and their checks), training, named roles.

What the standards call the DBS "expiry" is not stored: a certificate has no official expiry.
`dbs_current_from` is kept instead (the issue date, moved on by each Update Service check that
found the certificate still current), and the recheck-due date is that plus the commissioner's
policy years, worked out when read so each commissioner's own policy applies.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from safecom.core.crypto import EncryptedDateField, EncryptedTextField


class WorkerType(models.TextChoices):
    EMPLOYEE = "employee", "Employee"
    VOLUNTEER = "volunteer", "Volunteer"
    AGENCY = "agency", "Agency worker"
    TRUSTEE = "trustee", "Trustee"
    GOVERNOR = "governor", "Governor"
    CONTRACTOR = "contractor", "Contractor"


class DbsLevel(models.TextChoices):
    BASIC = "basic", "Basic"
    STANDARD = "standard", "Standard"
    ENHANCED = "enhanced", "Enhanced"
    ENHANCED_BARRED_CHILDREN = "enhanced_barred_children", "Enhanced with children's barred list"
    ENHANCED_BARRED_ADULTS = "enhanced_barred_adults", "Enhanced with adults' barred list"
    ENHANCED_BARRED_BOTH = "enhanced_barred_both", "Enhanced with both barred lists"


class DbsWorkforce(models.TextChoices):
    CHILD = "child", "Child workforce"
    ADULT = "adult", "Adult workforce"
    CHILD_AND_ADULT = "child_and_adult", "Child and adult workforce"
    OTHER = "other", "Other workforce"


class DbsStatusResult(models.TextChoices):
    CURRENT = "current", "Still current"
    NOT_CURRENT = "not_current", "No longer current"


class RightToWork(models.TextChoices):
    UNLIMITED = "unlimited", "Unlimited (British or Irish citizen, settled status, ...)"
    TIME_LIMITED = "time_limited", "Time-limited (visa, pre-settled status, ...)"


class TrainingKind(models.TextChoices):
    SAFEGUARDING_CHILDREN = "safeguarding_children", "Safeguarding children"
    SAFEGUARDING_ADULTS = "safeguarding_adults", "Safeguarding adults"
    PREVENT = "prevent", "Prevent"
    MCA = "mca", "Mental Capacity Act and DoLS"
    ONLINE_SAFETY = "online_safety", "Online safety"
    SAFER_RECRUITMENT = "safer_recruitment", "Safer recruitment"
    DSL = "dsl", "Designated safeguarding lead"


class StaffMember(models.Model):
    """One person in a provider's workforce, with the checks of dorset 2.4 and 2.5."""

    # No index of its own: the unique (provider, staff_reference) index serves it.
    provider = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        related_name="staff",
        db_index=False,
    )
    staff_reference = models.CharField(max_length=40)
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    date_of_birth = EncryptedDateField(null=True, blank=True)
    address = models.TextField(blank=True)
    role = models.CharField(max_length=120, blank=True)
    worker_type = models.CharField(max_length=12, choices=WorkerType.choices)
    start_date = models.DateField(null=True, blank=True)
    leaving_date = models.DateField(null=True, blank=True)
    # "Listed as active": a leaver whose record still says active is one of the gaps flagged.
    is_active = models.BooleanField(default=True)
    regulated_children = models.BooleanField(default=False)
    regulated_adults = models.BooleanField(default=False)
    recruits_staff = models.BooleanField(
        default=False, help_text="Sits on recruitment or interview panels"
    )
    # Identity (dorset 2.5): what was seen, by whom, when.
    identity_documents = models.CharField(max_length=200, blank=True)
    identity_checked_by = models.CharField(max_length=100, blank=True)
    identity_checked_on = models.DateField(null=True, blank=True)
    right_to_work_type = models.CharField(max_length=12, choices=RightToWork.choices, blank=True)
    right_to_work_checked_on = models.DateField(null=True, blank=True)
    right_to_work_expires = models.DateField(null=True, blank=True)
    qualifications_checked_on = models.DateField(null=True, blank=True)
    references_received = models.PositiveSmallIntegerField(default=0)
    reference_1_on = models.DateField(null=True, blank=True)
    reference_2_on = models.DateField(null=True, blank=True)
    single_reference_risk_assessed = models.BooleanField(default=False)
    overseas_check_needed = models.BooleanField(default=False)
    overseas_check_on = models.DateField(null=True, blank=True)
    agency_confirmation_on = models.DateField(null=True, blank=True)
    # DBS: the number is text (leading zeros) and encrypted; its last four are kept to show.
    dbs_number = EncryptedTextField(blank=True)
    dbs_number_last4 = models.CharField(max_length=4, blank=True)
    dbs_level = models.CharField(max_length=30, choices=DbsLevel.choices, blank=True)
    dbs_workforce = models.CharField(max_length=20, choices=DbsWorkforce.choices, blank=True)
    dbs_issue_date = models.DateField(null=True, blank=True)
    dbs_update_service = models.BooleanField(default=False)
    dbs_status_checked_on = models.DateField(null=True, blank=True)
    dbs_status_result = models.CharField(max_length=12, choices=DbsStatusResult.choices, blank=True)
    dbs_current_from = models.DateField(null=True, blank=True)
    notes = models.TextField(blank=True)
    # A keyed hash of the record's fields, so a re-import can tell "unchanged" without
    # decrypting anything (see services/records.py).
    fingerprint = models.CharField(max_length=64, blank=True)
    # The same for the training dates the last import gave, so an unchanged row needs no
    # look-up of training records.
    training_fingerprint = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["last_name", "first_name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "staff_reference"], name="staff_unique_reference"
            )
        ]
        indexes = [
            # The staff list's order, so a page is read from the index rather than sorting a
            # whole provider (100,000 people at the largest); its head serves the counts.
            models.Index(
                fields=["provider", "is_active", "last_name", "first_name", "id"],
                name="staff_list_order",
            )
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name} ({self.staff_reference})"

    @property
    def display_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def regulated(self) -> bool:
        return self.regulated_children or self.regulated_adults


class TrainingRecord(models.Model):
    """One course someone completed. The refresh interval comes from the framework when read."""

    # No index of its own: the unique (staff, kind, completed_on) index serves it.
    staff = models.ForeignKey(
        StaffMember, on_delete=models.CASCADE, related_name="training", db_index=False
    )
    kind = models.CharField(max_length=24, choices=TrainingKind.choices)
    course = models.CharField(max_length=200, blank=True)
    # Intercollegiate level 1-5 for health staff, or the partnership's own level names.
    level = models.CharField(max_length=20, blank=True)
    completed_on = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-completed_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["staff", "kind", "completed_on"], name="training_unique_completion"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.completed_on:%d/%m/%Y}"


class NamedRoleCode(models.TextChoices):
    DSL = "dsl", "Designated safeguarding lead"
    DEPUTY_DSL = "deputy_dsl", "Deputy designated safeguarding lead"
    SAFEGUARDING_LEAD = "safeguarding_lead", "Safeguarding lead"
    CSE_LEAD = "cse_lead", "Child sexual abuse and exploitation lead"
    MCA_DOLS_LEAD = "mca_dols_lead", "Mental Capacity Act and DoLS lead"
    PREVENT_LEAD = "prevent_lead", "Prevent lead"
    NAMED_DOCTOR = "named_doctor", "Named doctor"
    NAMED_NURSE = "named_nurse", "Named nurse"
    NAMED_MIDWIFE = "named_midwife", "Named midwife"
    ALLEGATIONS_MANAGER = "allegations_manager", "Designated senior manager for allegations"
    ALLEGATIONS_DEPUTY = "allegations_deputy", "Deputy senior manager for allegations"


class NamedRole(models.Model):
    """Who holds a named safeguarding role at a provider now; vacant when no holder."""

    provider = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="named_roles"
    )
    code = models.CharField(max_length=24, choices=NamedRoleCode.choices)
    holder = models.ForeignKey(
        StaffMember, null=True, blank=True, on_delete=models.SET_NULL, related_name="named_roles"
    )
    # Kept as text too, so the role still reads if the staff record is removed.
    holder_name = models.CharField(max_length=200, blank=True)
    contact = models.CharField(max_length=200, blank=True)
    since = models.DateField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["provider", "code"]
        constraints = [
            models.UniqueConstraint(fields=["provider", "code"], name="named_role_unique_code")
        ]

    def __str__(self) -> str:
        return f"{self.get_code_display()}: {self.holder_name or 'vacant'}"


class NamedRoleChange(models.Model):
    """Every change of a named role's holder, kept whole (nel SC32.2: keep the commissioner
    informed at all times)."""

    provider = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="named_role_changes"
    )
    code = models.CharField(max_length=24, choices=NamedRoleCode.choices)
    from_name = models.CharField(max_length=200, blank=True)
    to_name = models.CharField(max_length=200, blank=True)
    reason = models.TextField(blank=True)
    changed_at = models.DateTimeField(auto_now_add=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        ordering = ["-changed_at", "-id"]

    def __str__(self) -> str:
        return f"{self.code}: {self.from_name or 'vacant'} → {self.to_name or 'vacant'}"


class DbsRecheckPolicy(models.Model):
    """A commissioner's own DBS recheck interval, overriding the framework's parameter."""

    commissioner = models.OneToOneField(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="dbs_recheck_policy"
    )
    recheck_years = models.PositiveSmallIntegerField()
    reason = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.commissioner}: every {self.recheck_years} years"


class WorkforceFigures(models.Model):
    """A provider's workforce figures as worked out on `day` under `policy`, kept so a
    portfolio dashboard over thousands of providers need not count their staff on every view.

    Never the source of truth: every write to a provider's staff, training or named roles
    forgets its row (in the same transaction), a new day or a changed policy makes the row
    not match, and a provider's own pages always count live.
    """

    provider = models.OneToOneField(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="workforce_figures",
    )
    day = models.DateField()
    policy = models.JSONField()
    figures = models.JSONField()
    # Named role -> holder's name (null when vacant), for the gate's "DSL named" condition.
    holders = models.JSONField(default=dict)
    computed_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Workforce figures of {self.provider_id} on {self.day}"
