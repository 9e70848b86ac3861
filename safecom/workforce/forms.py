from __future__ import annotations

from typing import Any

from django import forms

from safecom.core.forms import GovukFormMixin
from safecom.workforce.models import DbsStatusResult, NamedRoleCode, TrainingKind, WorkerType
from safecom.workforce.selectors import GAP_LABELS

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
