from __future__ import annotations

from typing import Any

from django import forms

from safecom.assurance.forms.fields import date_field, number_field
from safecom.assurance.models import (
    Allegation,
    Briefing,
    DecommissioningItem,
    Recommendation,
    Review,
    ThematicCheck,
)
from safecom.core.forms import GovukFormMixin

TEXTAREA = {"rows": 4}
YES_NO_UNKNOWN = [("", "Not recorded"), ("yes", "Yes"), ("no", "No")]


def yes_no(value: str) -> bool | None:
    return {"yes": True, "no": False}.get(value)


def yes_no_initial(value: bool | None) -> str:
    return {True: "yes", False: "no"}.get(value, "")  # type: ignore[arg-type]


class PolicyForm(GovukFormMixin, forms.Form):
    high_from = number_field("High risk from a score of", max_value=100)
    medium_from = number_field("Medium risk from a score of", max_value=100)
    high_months = number_field("Months between checks: high risk", max_value=36)
    medium_months = number_field("Months between checks: medium risk", max_value=36)
    low_months = number_field("Months between checks: low risk", max_value=36)


class CheckForm(GovukFormMixin, forms.Form):
    theme = forms.ChoiceField(
        label="Theme",
        choices=[("", "Choose a theme"), *ThematicCheck.Theme.choices],
        error_messages={"required": "Choose the theme of the check."},
    )
    theme_detail = forms.CharField(
        label="Theme in more detail",
        required=False,
        max_length=200,
        help_text="Needed when the theme is 'Other'",
    )
    method = forms.ChoiceField(
        label="How it was checked",
        choices=[("", "Choose a method"), *ThematicCheck.Method.choices],
        error_messages={"required": "Choose how it was checked."},
    )
    sample_size = number_field(
        "Sample size",
        required=False,
        hint="How many staff records were sampled (needed for a sample of staff records)",
        max_value=100000,
    )
    carried_out_on = date_field("Date of the check")
    findings = forms.CharField(
        label="Findings",
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "Enter the findings."},
    )
    rag = forms.ChoiceField(
        label="Overall rating",
        choices=[("", "Choose red, amber or green"), *ThematicCheck.Rag.choices],
        error_messages={"required": "Choose red, amber or green."},
    )


class AllegationForm(GovukFormMixin, forms.Form):
    made_on = date_field("Date the allegation was made")
    lado_informed_on = date_field(
        "Date the LADO was told", required=False, hint="Leave empty if not yet told"
    )
    designated_informed_on = date_field(
        "Date the designated nurse or doctor was told",
        required=False,
        hint="For NHS-commissioned services (nel C10.1); leave empty if not applicable",
    )
    category = forms.ChoiceField(
        label="Category",
        choices=[("", "Choose a category"), *Allegation.Category.choices],
        error_messages={"required": "Choose a category."},
    )
    subject_role = forms.ChoiceField(
        label="The person's role",
        help_text="No names: the role only",
        choices=[("", "Choose a role"), *Allegation.SubjectRole.choices],
        error_messages={"required": "Choose the role of the person the allegation is about."},
    )
    outcome = forms.ChoiceField(label="Outcome", choices=Allegation.Outcome.choices, required=False)
    concluded_on = date_field("Date concluded", required=False, hint="With the outcome")
    notes = forms.CharField(
        label="Notes",
        help_text="Kept encrypted. Do not name the person or any child or adult.",
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs=TEXTAREA),
    )


class ReviewForm(GovukFormMixin, forms.Form):
    kind = forms.ChoiceField(
        label="Type",
        choices=[("", "Choose the type"), *Review.Kind.choices],
        error_messages={"required": "Choose the type of incident or review."},
    )
    reference = forms.CharField(
        label="Reference",
        help_text="The incident or review's own reference: no names",
        max_length=60,
        error_messages={"required": "Enter the incident or review reference."},
    )
    notified_on = date_field("Date notified")
    kept_updated = forms.CharField(
        label="Who is kept updated on the action plan",
        help_text="For example 'Designated nurse for safeguarding children'",
        required=False,
        max_length=200,
    )
    safeguarding_considered = forms.ChoiceField(
        label="Serious incidents: was safeguarding escalation considered at once?",
        choices=YES_NO_UNKNOWN,
        required=False,
    )
    senior_reviewer = forms.ChoiceField(
        label="Serious incidents: does the review include a senior person with safeguarding "
        "expertise?",
        choices=YES_NO_UNKNOWN,
        required=False,
    )
    notes = forms.CharField(
        label="Notes",
        help_text="Kept encrypted. No names.",
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs=TEXTAREA),
    )


class ReviewEditForm(GovukFormMixin, forms.Form):
    kept_updated = ReviewForm.base_fields["kept_updated"]
    last_update_on = date_field("Date of the last update sent", required=False)
    safeguarding_considered = ReviewForm.base_fields["safeguarding_considered"]
    senior_reviewer = ReviewForm.base_fields["senior_reviewer"]
    status = forms.ChoiceField(label="Status", choices=Review.Status.choices)
    notes = ReviewForm.base_fields["notes"]


class RecommendationForm(GovukFormMixin, forms.Form):
    text = forms.CharField(
        label="Recommendation",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter the recommendation."},
    )
    owner = forms.CharField(
        label="Owner", max_length=200, error_messages={"required": "Say who owns it."}
    )
    due_on = date_field("Due date")


class RecommendationProgressForm(GovukFormMixin, forms.Form):
    progress = forms.ChoiceField(label="Progress", choices=Recommendation.Progress.choices)
    progress_note = forms.CharField(
        label="Progress note",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs=TEXTAREA),
    )
    completed_on = date_field("Date completed", required=False, hint="When complete; default today")


class BriefingForm(GovukFormMixin, forms.Form):
    kind = forms.ChoiceField(
        label="Type",
        choices=[("", "Choose the type"), *Briefing.Kind.choices],
        error_messages={"required": "Choose briefing, update or training offer."},
    )
    title = forms.CharField(
        label="Title", max_length=200, error_messages={"required": "Enter a title."}
    )
    summary = forms.CharField(
        label="What it says",
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "Enter what it says."},
    )
    link = forms.CharField(
        label="Link to the full briefing",
        required=False,
        max_length=500,
        help_text="A web address starting https://",
    )
    respond_by = date_field("Acknowledge by", required=False, hint="Optional, like 30/06/2026")

    def __init__(self, *args: Any, partnerships: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if partnerships is not None and len(partnerships) > 1:
            self.fields["partnership"] = forms.ModelChoiceField(
                label="Partnership",
                queryset=partnerships,
                empty_label="Choose the partnership",
                error_messages={"required": "Choose the partnership publishing it."},
            )
            self.fields["partnership"].widget.attrs["class"] = "govuk-select"
            self.order_fields(["partnership"])


class AcknowledgeForm(GovukFormMixin, forms.Form):
    staff_reached = number_field(
        "Staff it was cascaded to", required=False, hint="How many staff have had it so far"
    )
    cascade_note = forms.CharField(
        label="How it was cascaded",
        help_text="For example 'team meetings in June; added to induction'",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class DecommissioningItemForm(GovukFormMixin, forms.Form):
    status = forms.ChoiceField(label="Status", choices=DecommissioningItem.Status.choices)
    note = forms.CharField(
        label="How it was done, or why it is waived",
        help_text="A reason is needed to waive an item",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs=TEXTAREA),
    )
