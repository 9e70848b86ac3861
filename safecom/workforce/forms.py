from __future__ import annotations

from typing import Any

from django import forms

from safecom.core.forms import GovukFormMixin
from safecom.workforce.importing.columns import BY_NAME
from safecom.workforce.models import (
    DbsLevel,
    DbsStatusResult,
    DbsWorkforce,
    NamedRoleCode,
    RightToWork,
    StaffMember,
    TrainingKind,
    WorkerType,
)
from safecom.workforce.selectors import GAP_LABELS
from safecom.workforce.services.records import values_of
from safecom.workforce.services.staff import PRIVATE_FIELDS, REQUIRED

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]


def _date(label: str, **kwargs: Any) -> forms.DateField:
    return forms.DateField(
        label=label,
        input_formats=DATE_FORMATS,
        help_text="For example 23/04/2025",
        error_messages={
            "required": f"Enter the {label.lower()}.",
            "invalid": f"Enter the {label.lower()} as day/month/year, like 23/04/2025.",
        },
        **kwargs,
    )


class StaffFilterForm(GovukFormMixin, forms.Form):
    q = forms.CharField(label="Name, reference or role", required=False, max_length=100)
    gap = forms.ChoiceField(
        label="Gap", required=False, choices=[("", "Any"), *list(GAP_LABELS.items())]
    )
    worker_type = forms.ChoiceField(
        label="Worker type", required=False, choices=[("", "Any"), *WorkerType.choices]
    )
    include_left = forms.BooleanField(label="Include people who have left", required=False)


class ImportForm(GovukFormMixin, forms.Form):
    file = forms.FileField(
        label="Your single central record",
        help_text="A CSV or Excel (.xlsx) file, up to 20 MB. Nothing is stored until you have "
        "seen what would change.",
        error_messages={"required": "Choose the file to import."},
    )


class RevealForm(GovukFormMixin, forms.Form):
    field = forms.ChoiceField(
        choices=[("dbs_number", "DBS certificate number"), ("date_of_birth", "Date of birth")],
        widget=forms.HiddenInput,
    )
    reason = forms.CharField(
        label="Why you need to see it",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="This is recorded with your name and the time.",
        error_messages={"required": "Say why you need to see it."},
    )


class OpenRecordForm(GovukFormMixin, forms.Form):
    staff_reference = forms.CharField(
        label="Staff reference",
        max_length=40,
        help_text="The provider's reference for the person, from a sample or a concern",
        error_messages={"required": "Enter the staff reference of the record to open."},
    )
    reason = forms.CharField(
        label="Why you need to open this record",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example: annual sample check of the single central record. "
        "It is recorded with your name and the time.",
        error_messages={"required": "Say why you need to open the record."},
    )


class StatusCheckForm(GovukFormMixin, forms.Form):
    checked_on = _date("Date of the check")
    result = forms.ChoiceField(
        label="Result",
        choices=DbsStatusResult.choices,
        error_messages={"required": "Choose the result of the check."},
    )


class TrainingForm(GovukFormMixin, forms.Form):
    kind = forms.ChoiceField(
        label="Training",
        choices=TrainingKind.choices,
        error_messages={"required": "Choose the kind of training."},
    )
    completed_on = _date("Completion date")
    level = forms.CharField(
        label="Level",
        required=False,
        max_length=20,
        help_text="1 to 5, or your partnership's level",
    )
    course = forms.CharField(label="Course", required=False, max_length=200)


class LeftForm(GovukFormMixin, forms.Form):
    leaving_date = _date("Leaving date")


class NamedRoleForm(GovukFormMixin, forms.Form):
    code = forms.ChoiceField(label="Role", choices=NamedRoleCode.choices)
    holder = forms.ChoiceField(label="Holder from your staff", required=False, choices=())
    holder_name = forms.CharField(
        label="Or the holder's name",
        required=False,
        max_length=200,
        help_text="For someone not on your staff record, such as a named doctor from another "
        "trust. Leave both empty to record the role as vacant.",
    )
    contact = forms.CharField(label="Contact details", required=False, max_length=200)
    since = _date("In the role since", required=False)
    reason = forms.CharField(
        label="Reason for the change",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(
        self, *args: Any, staff_choices: list[tuple[str, str]] | None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if staff_choices is None:
            # Too many people for a list: the staff reference instead.
            self.fields["holder"] = forms.CharField(
                label="Holder's staff reference", required=False, max_length=40
            )
            self.by_reference = True
        else:
            choices = [("", "Nobody on the staff record"), *staff_choices]
            self.fields["holder"].choices = choices  # type: ignore[attr-defined]
            self.by_reference = False

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["by_reference"] = self.by_reference
        return data


class RecheckPolicyForm(GovukFormMixin, forms.Form):
    recheck_years = forms.CharField(
        label="Recheck DBS certificates every (years)",
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-2"}),
        help_text="Leave empty to follow the standards' parameter.",
    )
    reason = forms.CharField(
        label="Reason", required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean_recheck_years(self) -> int | None:
        text = self.cleaned_data["recheck_years"].strip()
        if not text:
            return None
        if not text.isascii() or not text.isdigit() or len(text) > 2:
            raise forms.ValidationError("Enter a whole number of years, like 3.")
        return int(text)


# The record form's sections, in the order of the template and the import's columns.
RECORD_SECTIONS = (
    (
        "The person",
        (
            "staff_reference",
            "first_name",
            "last_name",
            "date_of_birth",
            "address",
            "role",
            "worker_type",
            "start_date",
            "leaving_date",
            "is_active",
            "regulated_children",
            "regulated_adults",
            "recruits_staff",
        ),
    ),
    (
        "Identity, right to work and qualifications",
        (
            "identity_documents",
            "identity_checked_by",
            "identity_checked_on",
            "right_to_work_type",
            "right_to_work_checked_on",
            "right_to_work_expires",
            "qualifications_checked_on",
        ),
    ),
    (
        "References and other checks",
        (
            "references_received",
            "reference_1_on",
            "reference_2_on",
            "single_reference_risk_assessed",
            "overseas_check_needed",
            "overseas_check_on",
            "agency_confirmation_on",
        ),
    ),
    (
        "DBS",
        (
            "dbs_number",
            "dbs_level",
            "dbs_workforce",
            "dbs_issue_date",
            "dbs_update_service",
            "dbs_status_checked_on",
            "dbs_status_result",
        ),
    ),
    ("Notes", ("notes",)),
)
_LABELS = {"is_active": "Still working here (not left)"}
_CHOICES = {
    "worker_type": WorkerType,
    "right_to_work_type": RightToWork,
    "dbs_level": DbsLevel,
    "dbs_workforce": DbsWorkforce,
    "dbs_status_result": DbsStatusResult,
}


def _record_field(name: str) -> forms.Field:
    column = BY_NAME[name]
    label = _LABELS.get(name, column.heading)
    required = name in REQUIRED
    if column.kind == "date":
        return _date(label, required=False)
    if column.kind in {"bool", "status"}:
        return forms.BooleanField(label=label, required=False)
    if column.kind == "int":
        return forms.IntegerField(
            label=label,
            required=False,
            min_value=0,
            max_value=10,
            help_text=column.help,
            error_messages={"invalid": "Enter a whole number, like 2."},
        )
    if name in _CHOICES:
        blank = [] if required else [("", "Not recorded")]
        return forms.ChoiceField(
            label=label,
            required=required,
            choices=[*blank, *_CHOICES[name].choices],
            error_messages={"required": REQUIRED.get(name, "")},
        )
    return forms.CharField(
        label=label,
        required=required,
        max_length=column.max_length,
        help_text=column.help,
        widget=forms.Textarea(attrs={"rows": 3}) if name in {"address", "notes"} else None,
        error_messages={"required": REQUIRED.get(name, "")},
    )


class StaffRecordForm(GovukFormMixin, forms.Form):
    """Every field of a person's record; the service checks them as the import does.

    The date of birth and DBS number are never shown: left empty, they keep what is on
    record."""

    def __init__(self, *args: Any, staff: StaffMember | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if staff is None:
            return
        keep = " Leave empty to keep the one on record."
        self.fields["date_of_birth"].help_text += keep
        if staff.dbs_number_last4:
            keep = f" Leave empty to keep the one on record (ending {staff.dbs_number_last4})."
        self.fields["dbs_number"].help_text += keep
        if not self.is_bound:
            for name, value in values_of(staff).items():
                if name not in PRIVATE_FIELDS:
                    self.initial[name] = value

    def sections(self) -> list[tuple[str, list[Any]]]:
        return [(title, [self[name] for name in names]) for title, names in RECORD_SECTIONS]


for _title, _names in RECORD_SECTIONS:
    for _name in _names:
        StaffRecordForm.base_fields[_name] = _record_field(_name)
