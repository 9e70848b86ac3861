from __future__ import annotations

from typing import Any

from django import forms

from safecom.assessments.models import ActionItem, Answer, Round
from safecom.contracts.models import Contract
from safecom.core.forms import GovukFormMixin
from safecom.organisations.models import Organisation
from safecom.standards.models import FrameworkVersion, Requirement

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]


def _date(label: str, example: str, **kwargs: Any) -> forms.DateField:
    return forms.DateField(
        label=label,
        help_text=f"For example {example}",
        input_formats=DATE_FORMATS,
        error_messages={
            "invalid": f"Enter the {label.lower()} as day/month/year, like {example}.",
            "required": f"Enter the {label.lower()}.",
        },
        **kwargs,
    )


class RoundForm(GovukFormMixin, forms.Form):
    title = forms.CharField(
        max_length=200,
        help_text="For example Annual safeguarding self-assessment 2027",
        error_messages={"required": "Give the round a title."},
    )
    frameworks = forms.ModelMultipleChoiceField(
        label="Frameworks to assess against",
        queryset=FrameworkVersion.objects.filter(is_current=True).select_related("framework"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one framework to assess against."},
    )
    kinds = forms.MultipleChoiceField(
        label="Also ask about (self-assessment requirements are always asked)",
        choices=[c for c in Requirement.Kind.choices if c[0] != Requirement.Kind.SELF_ASSESSMENT],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    due_date = _date("Due date", "31/03/2027")
    interval = forms.ChoiceField(
        label="How often",
        choices=Round.Interval.choices,
        error_messages={"required": "Choose how often the self-assessment is repeated."},
    )
    providers: forms.ModelMultipleChoiceField[Any] = forms.ModelMultipleChoiceField(
        label="Providers",
        queryset=Organisation.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    contracts: forms.ModelMultipleChoiceField[Any] = forms.ModelMultipleChoiceField(
        label="Or contracts (their providers are asked, and the return is linked to them)",
        queryset=Contract.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args: Any, providers: Any, contracts: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["providers"].queryset = providers  # type: ignore[attr-defined]
        self.fields["contracts"].queryset = contracts  # type: ignore[attr-defined]
        self.fields["contracts"].label_from_instance = (  # type: ignore[attr-defined]
            lambda c: f"{c.reference} {c.title} ({c.provider.name})"
        )
        for name in ("frameworks", "kinds", "providers", "contracts"):
            self.fields[name].widget.attrs["class"] = "govuk-checkboxes__input"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("providers") and not data.get("contracts") and not self.errors:
            self.add_error("providers", "Choose at least one provider or contract.")
        return data


class AnswerForm(GovukFormMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    rating = forms.ChoiceField(
        label="Rating",
        choices=Answer.Rating.choices,
        required=False,
        widget=forms.RadioSelect,
        help_text="Drafts can be saved without a rating; every answer needs one to submit",
    )
    narrative = forms.CharField(
        label="How you meet it",
        widget=forms.Textarea(attrs={"rows": 8}),
        required=False,
        max_length=20000,
        help_text="What you do, who does it and where the evidence is. For not applicable, why.",
        error_messages={"max_length": "Use 20,000 characters or fewer."},
    )
    links = forms.CharField(
        label="Links to evidence",
        widget=forms.Textarea(attrs={"rows": 3, "spellcheck": "false"}),
        required=False,
        max_length=6000,
        help_text="One web address per line, starting https://",
    )
    evidence = forms.FileField(
        label="Add an evidence file",
        required=False,
        help_text="PDF, Word, Excel, OpenDocument text, PNG, JPEG or plain text",
    )
    remove_evidence = forms.MultipleChoiceField(
        label="Remove files", required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, attached: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["remove_evidence"].choices = [(str(e.pk), e.name) for e in attached]  # type: ignore[attr-defined]
        self.fields["remove_evidence"].widget.attrs["class"] = "govuk-checkboxes__input"
        self.fields["rating"].widget.attrs["class"] = "govuk-radios__input"
        if not attached:
            del self.fields["remove_evidence"]

    def link_list(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data.get("links", "").splitlines()]


class ModerationForm(GovukFormMixin, forms.Form):
    decision = forms.ChoiceField(
        label="Your decision",
        choices=[
            ("accept", "Accept the answer"),
            ("challenge", "Challenge it"),
            ("close", "Close the challenge"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose accept, challenge or close."},
    )
    comment = forms.CharField(
        label="Comment",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=5000,
        help_text="Needed for a challenge: what the provider needs to show or change",
    )

    def __init__(self, *args: Any, choices: list[str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["decision"]
        if choices is not None:
            field.choices = [c for c in field.choices if c[0] in choices]  # type: ignore[attr-defined]
        field.widget.attrs["class"] = "govuk-radios__input"


class RespondForm(GovukFormMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    comment = forms.CharField(
        label="Your response",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        error_messages={"required": "Say how you respond to the challenge."},
    )
    rating = forms.ChoiceField(
        label="Rating (change it if the challenge is right)",
        choices=Answer.Rating.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a rating."},
    )
    narrative = forms.CharField(
        label="How you meet it",
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        max_length=20000,
    )
    evidence = forms.FileField(label="Add an evidence file", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["rating"].widget.attrs["class"] = "govuk-radios__input"


class ActionForm(GovukFormMixin, forms.Form):
    description = forms.CharField(
        label="What will be done",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": "Say what will be done."},
    )
    owner_name = forms.CharField(
        label="Owner",
        max_length=120,
        help_text="Who is accountable, for example the HR manager",
        error_messages={"required": "Name who owns the action."},
    )
    due_date = _date("Due date", "30/06/2027")


class ActionStatusForm(GovukFormMixin, forms.Form):
    status = forms.ChoiceField(
        label="Status",
        choices=ActionItem.Status.choices,
        error_messages={"required": "Choose the action's status."},
    )


class SubmitForm(GovukFormMixin, forms.Form):
    declared = forms.BooleanField(
        label=(
            "I have reviewed every answer, including those carried forward from the last cycle "
            "or given under another framework, and they are accurate"
        ),
        required=False,
    )


class StatementForm(GovukFormMixin, forms.Form):
    summary = forms.CharField(
        label="What the statement says",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
        help_text="A short summary of your Child Safeguarding Statement",
        error_messages={"required": "Summarise the statement."},
    )
    signed_off_by = forms.CharField(
        label="Signed off by",
        max_length=150,
        help_text="For example Chair of trustees",
        error_messages={"required": "Say who signed the statement off."},
    )
    approved_on = _date("Approval date", "01/04/2026")
    review_date = _date("Review date", "01/04/2027")
    file = forms.FileField(label="The statement (file)", required=False)


class GateSettingsForm(GovukFormMixin, forms.Form):
    gate_at_award = forms.BooleanField(
        label="Also require the pre-engagement gate before the contract is awarded",
        required=False,
    )


class ClauseConfirmForm(GovukFormMixin, forms.Form):
    reason = forms.CharField(
        label="How you confirmed the safeguarding clause",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=(
            "For example: read clause 14 of the signed contract; every element of the standard "
            "clause is there. Counts only until a clause check is run."
        ),
        error_messages={"required": "Say how you confirmed the clause."},
    )


def stage_form_class(*, can_override: bool) -> Any:
    """The contract's stage form, with a reason to override the gate for those who may."""
    from safecom.contracts.forms import StageForm

    if not can_override:
        return StageForm

    class StageWithOverrideForm(StageForm):
        override_reason = forms.CharField(
            label="Reason to override the pre-engagement gate",
            widget=forms.Textarea(attrs={"rows": 2}),
            required=False,
            max_length=2000,
            help_text=(
                "Only if the gate has not passed and the contract must still move on: "
                "the reason is kept with the gate's conditions as they stand"
            ),
        )

    return StageWithOverrideForm
