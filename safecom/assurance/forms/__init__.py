"""Forms for the assurance pages. They check the shape of input; the services check the rest."""

from safecom.assurance.forms.fields import date_field, number_field
from safecom.assurance.forms.monitoring import (
    ActionForm,
    AnnualReportForm,
    AnnualReviewForm,
    MeetingForm,
    MetricForm,
    MetricValueForm,
    ReturnIssueForm,
    ReturnTemplateForm,
    return_form,
)
from safecom.assurance.forms.oversight import (
    AcknowledgeForm,
    AllegationForm,
    BriefingForm,
    CheckForm,
    DecommissioningItemForm,
    PolicyForm,
    RecommendationForm,
    RecommendationProgressForm,
    ReviewEditForm,
    ReviewForm,
)

__all__ = [
    "AcknowledgeForm",
    "ActionForm",
    "AllegationForm",
    "AnnualReportForm",
    "AnnualReviewForm",
    "BriefingForm",
    "CheckForm",
    "DecommissioningItemForm",
    "MeetingForm",
    "MetricForm",
    "MetricValueForm",
    "PolicyForm",
    "RecommendationForm",
    "RecommendationProgressForm",
    "ReturnIssueForm",
    "ReturnTemplateForm",
    "ReviewEditForm",
    "ReviewForm",
    "date_field",
    "number_field",
    "return_form",
]
