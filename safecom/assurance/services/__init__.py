"""Writes for continuous assurance. Each checks its input, writes in one transaction and audits."""

from safecom.assurance.services.allegations import allegation_record, allegation_update
from safecom.assurance.services.briefings import (
    briefing_acknowledge,
    briefing_audience,
    briefing_publish,
)
from safecom.assurance.services.checks import assurance_policy_set, thematic_check_record
from safecom.assurance.services.decommissioning import (
    decommissioning_checklist_open,
    decommissioning_item_resolve,
)
from safecom.assurance.services.monitoring import (
    action_complete,
    action_create,
    meeting_create,
    metric_add,
    metric_value_record,
)
from safecom.assurance.services.returns import (
    annual_report_record,
    annual_report_review,
    return_submit,
    return_template_create,
    returns_issue,
)
from safecom.assurance.services.reviews import (
    recommendation_add,
    recommendation_update,
    review_record,
    review_update,
)

__all__ = [
    "action_complete",
    "action_create",
    "allegation_record",
    "allegation_update",
    "annual_report_record",
    "annual_report_review",
    "assurance_policy_set",
    "briefing_acknowledge",
    "briefing_audience",
    "briefing_publish",
    "decommissioning_checklist_open",
    "decommissioning_item_resolve",
    "meeting_create",
    "metric_add",
    "metric_value_record",
    "recommendation_add",
    "recommendation_update",
    "return_submit",
    "return_template_create",
    "returns_issue",
    "review_record",
    "review_update",
    "thematic_check_record",
]
