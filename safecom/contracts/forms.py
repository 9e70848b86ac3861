from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q

from safecom.contracts import lifecycle
from safecom.contracts.models import Contract
from safecom.core.forms import GovukFormMixin
from safecom.organisations.models import Organisation
from safecom.organisations.selectors import providers_available_to
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
        # Text, not type=number: browsers drop or round what people type into number inputs.
        widget=forms.TextInput(attrs={"inputmode": "decimal", "spellcheck": "false"}),
        error_messages={
            "invalid": "Enter the value as a number, like 125000 or 125000.50.",
            "min_value": "The contract value cannot be negative.",
            "max_digits": "The contract value is too large: use pounds, up to 12 digits.",
            "max_decimal_places": "Give the value in pounds and pence, at most 2 decimal places.",
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

    def __init__(
        self,
        *args: Any,
        commissioners: Any,
        contract: Contract | None = None,
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        self.fields["commissioner"].queryset = commissioners  # type: ignore[attr-defined]
        if len(commissioners) == 1:
            self.fields["commissioner"].initial = commissioners[0]
        provider_ids = set()
        for commissioner in commissioners:
            provider_ids |= set(
                providers_available_to(commissioner=commissioner).values_list("pk", flat=True)
            )
        self.fields["provider"].queryset = Organisation.objects.filter(  # type: ignore[attr-defined]
            pk__in=provider_ids
        ).order_by("name")
        self.fields["frameworks"].widget.attrs["class"] = "govuk-checkboxes__input"
        if contract is not None:
            del self.fields["commissioner"]
            del self.fields["provider"]
            # Keep the versions the contract was let under on offer, even once superseded.
            self.fields["frameworks"].queryset = FrameworkVersion.objects.filter(  # type: ignore[attr-defined]
                Q(is_current=True) | Q(pk__in=contract.frameworks.values("pk"))
            ).select_related("framework")


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
