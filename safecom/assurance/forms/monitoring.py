from __future__ import annotations

from typing import Any

from django import forms

from safecom.assurance import metric_library
from safecom.assurance.forms.fields import date_field, number_field
from safecom.assurance.models import AnnualReport, ReturnItem
from safecom.assurance.models.returns import PREFILL_CHOICES
from safecom.core.forms import GovukFormMixin

TEXTAREA = {"rows": 4}


class MeetingForm(GovukFormMixin, forms.Form):
    held_on = date_field("Date of the meeting")
    attendees = forms.CharField(
        label="Who attended",
        help_text="Names and roles, one a line",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter who attended the meeting."},
    )
    safeguarding_item = forms.CharField(
        label="Safeguarding item",
        help_text=(
            "What was discussed under safeguarding. Every monitoring meeting must have one: "
            "a meeting recorded without it is flagged."
        ),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs=TEXTAREA),
    )
    notes = forms.CharField(
        label="Other notes", required=False, max_length=10000, widget=forms.Textarea(attrs=TEXTAREA)
    )


class ActionForm(GovukFormMixin, forms.Form):
    description = forms.CharField(
        label="Action", max_length=500, error_messages={"required": "Describe the action."}
    )
    owner = forms.CharField(
        label="Owner",
        help_text="A role or a person, like 'Provider DSL'",
        max_length=200,
        error_messages={"required": "Say who owns the action."},
    )
    due_on = date_field("Due date")


class MetricForm(GovukFormMixin, forms.Form):
    metric = forms.ChoiceField(
        label="Metric",
        choices=[("", "Choose a metric"), *metric_library.METRIC_CHOICES],
        error_messages={"required": "Choose a metric from the list."},
    )
    target = number_field(
        "Target",
        required=False,
        whole=False,
        hint="A percentage (like 90) or a count (like 2); leave empty for a count only watched",
    )
    amber_tolerance = number_field(
        "Amber margin",
        required=False,
        whole=False,
        hint="How far from the target is still amber rather than red, like 5",
    )

    def __init__(self, *args: Any, taken: set[str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if taken:
            field: Any = self.fields["metric"]
            field.choices = [c for c in field.choices if c[0] not in taken]


class MetricValueForm(GovukFormMixin, forms.Form):
    period_day = date_field(
        "A date in the period", hint="Any day in the quarter the value is for, like 15/05/2026"
    )
    value = number_field("Value", whole=False, hint="A percentage or a count")
    note = forms.CharField(label="Note", required=False, max_length=500)


class ReturnTemplateForm(GovukFormMixin, forms.Form):
    name = forms.CharField(
        label="Name of the return",
        max_length=200,
        error_messages={"required": "Enter a name for the return."},
    )
    due_days = number_field(
        "Days allowed after the quarter ends", hint="For example 30", max_value=120
    )
    ITEMS = 8

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for n in range(1, self.ITEMS + 1):
            self.fields[f"label_{n}"] = forms.CharField(
                label=f"Item {n}", required=False, max_length=200
            )
            self.fields[f"kind_{n}"] = forms.ChoiceField(
                label=f"Item {n}: answer",
                choices=ReturnItem.Kind.choices,
                initial="count",
                required=False,
            )
            self.fields[f"prefill_{n}"] = forms.ChoiceField(
                label=f"Item {n}: pre-fill with", choices=PREFILL_CHOICES, required=False
            )
            # Added after the mixin styled the form's own fields, so styled here.
            self.fields[f"label_{n}"].widget.attrs["class"] = "govuk-input"
            self.fields[f"kind_{n}"].widget.attrs["class"] = "govuk-select"
            self.fields[f"prefill_{n}"].widget.attrs["class"] = "govuk-select"

    def items(self) -> list[dict[str, str]]:
        data = self.cleaned_data
        return [
            {
                "label": data.get(f"label_{n}", ""),
                "kind": data.get(f"kind_{n}") or "count",
                "prefill": data.get(f"prefill_{n}", ""),
            }
            for n in range(1, self.ITEMS + 1)
        ]

    def item_rows(self) -> list[tuple[Any, Any, Any]]:
        return [
            (self[f"label_{n}"], self[f"kind_{n}"], self[f"prefill_{n}"])
            for n in range(1, self.ITEMS + 1)
        ]


class ReturnIssueForm(GovukFormMixin, forms.Form):
    period_day = date_field(
        "A date in the period", hint="Any day in the quarter the return is for, like 15/08/2026"
    )


def return_form(
    items: list[ReturnItem], prefill: dict[str, str], answers: dict[str, tuple[str, str]], data: Any
) -> forms.Form:
    """A form with a text box per item, pre-filled from the service's figures (or earlier
    answers), and a reason box beside each figure the service holds."""

    class ReturnForm(GovukFormMixin, forms.Form):
        pass

    form = ReturnForm(data)
    for item in items:
        held = prefill.get(item.code, "")
        value, reason = answers.get(item.code, (held, ""))
        hint = f"The service holds {held}" + ("%" if item.kind == "percent" else "") if held else ""
        if item.kind == ReturnItem.Kind.TEXT:
            widget: Any = forms.Textarea(attrs={"rows": 3, "class": "govuk-textarea"})
        else:
            widget = forms.TextInput(
                attrs={"class": "govuk-input govuk-input--width-5", "inputmode": "decimal"}
            )
        form.fields[f"item_{item.code}"] = forms.CharField(
            label=item.label + (" (%)" if item.kind == "percent" else ""),
            initial=value,
            required=False,
            help_text=hint,
            widget=widget,
        )
        if held:
            form.fields[f"reason_{item.code}"] = forms.CharField(
                label=f"Why it differs from {held} (only if you change it)",
                initial=reason,
                required=False,
                max_length=500,
                widget=forms.TextInput(attrs={"class": "govuk-input"}),
            )
    for name, field in form.fields.items():
        if field.help_text:
            field.widget.attrs["aria-describedby"] = f"id_{name}-hint"
    return form


class AnnualReportForm(GovukFormMixin, forms.Form):
    kind = forms.ChoiceField(
        label="Report",
        choices=AnnualReport.Kind.choices,
        error_messages={"required": "Choose children or adults."},
    )
    year_label = forms.CharField(
        label="Year it covers",
        help_text="Like 2025/26",
        max_length=9,
        error_messages={"required": "Enter the year the report covers like 2025/26."},
    )
    received_on = date_field("Date received")
    reviewed_on = date_field(
        "Date reviewed", required=False, hint="Leave empty if not yet reviewed"
    )
    review_note = forms.CharField(
        label="What the review found",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs=TEXTAREA),
    )


class AnnualReviewForm(GovukFormMixin, forms.Form):
    reviewed_on = date_field("Date reviewed")
    review_note = forms.CharField(
        label="What the review found, for activity and quality",
        max_length=5000,
        widget=forms.Textarea(attrs=TEXTAREA),
        error_messages={"required": "Say what the review found."},
    )
