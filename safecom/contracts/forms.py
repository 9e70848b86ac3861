from __future__ import annotations

from typing import Any

from django import forms

from safecom.contracts import lifecycle
from safecom.contracts.models import Contract
from safecom.core.forms import GovukFormMixin
from safecom.organisations.models import Organisation
from safecom.standards.models import FrameworkVersion


class ContractForm(GovukFormMixin, forms.Form):
    commissioner = forms.ModelChoiceField(
        queryset=Organisation.objects.none(),
        empty_label="Choose the commissioning organisation",
        error_messages={"required": "Choose the commissioning organisation."},
    )
    provider = forms.ModelChoiceField(
        queryset=Organisation.objects.filter(kind=Organisation.Kind.PROVIDER),
        empty_label="Choose the provider",
        error_messages={"required": "Choose the provider."},
    )
    reference = forms.CharField(
        max_length=40,
        help_text="Your own contract reference, for example CH-2026-014",
        error_messages={"required": "Enter the contract reference."},
    )
    title = forms.CharField(
        max_length=200, error_messages={"required": "Enter the contract title."}
    )
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    client_group = forms.ChoiceField(
        label="Who the service is for",
        choices=Contract.ClientGroup.choices,
        error_messages={"required": "Choose who the service is for."},
    )
    regulated_activity = forms.BooleanField(
        label="Staff carry out regulated activity with children or adults", required=False
    )
    value = forms.DecimalField(
        label="Contract value (£)",
        required=False,
        min_value=0,
        max_digits=14,
        decimal_places=2,
        error_messages={
            "invalid": "Enter the value as a number, like 125000 or 125000.50.",
            "min_value": "The contract value cannot be negative.",
        },
    )
    start_date = forms.DateField(
        required=False,
        help_text="For example 01/04/2027",
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        error_messages={"invalid": "Enter the start date as day/month/year, like 01/04/2027."},
    )
    end_date = forms.DateField(
        required=False,
        help_text="For example 31/03/2030",
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        error_messages={"invalid": "Enter the end date as day/month/year, like 31/03/2030."},
    )
    frameworks = forms.ModelMultipleChoiceField(
        label="Standards that apply",
        queryset=FrameworkVersion.objects.filter(is_current=True).select_related("framework"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, commissioners: Any, editing: bool = False, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["commissioner"].queryset = commissioners  # type: ignore[attr-defined]
        self.fields["frameworks"].widget.attrs["class"] = "govuk-checkboxes__input"
        if editing:
            del self.fields["commissioner"]
            del self.fields["provider"]


class StageForm(GovukFormMixin, forms.Form):
    to_stage = forms.ChoiceField(label="Move to", choices=())
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text="Needed when moving back a stage or ending a contract before it went live",
    )

    def __init__(self, *args: Any, current: str, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["to_stage"].choices = [  # type: ignore[attr-defined]
            (s, lifecycle.STAGE_LABELS[s]) for s in lifecycle.allowed_next(current)
        ]
