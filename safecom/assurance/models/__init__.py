"""Continuous assurance records, one module per area."""

from safecom.assurance.models.allegations import Allegation
from safecom.assurance.models.briefings import Briefing, BriefingRecipient
from safecom.assurance.models.checks import AssurancePolicy, ThematicCheck
from safecom.assurance.models.decommissioning import DecommissioningChecklist, DecommissioningItem
from safecom.assurance.models.monitoring import (
    AssuranceAction,
    ContractMetric,
    MetricValue,
    MonitoringMeeting,
)
from safecom.assurance.models.returns import (
    AnnualReport,
    ReturnAnswer,
    ReturnItem,
    ReturnTemplate,
    SafeguardingReturn,
)
from safecom.assurance.models.reviews import Recommendation, Review

__all__ = [
    "Allegation",
    "AnnualReport",
    "AssuranceAction",
    "AssurancePolicy",
    "Briefing",
    "BriefingRecipient",
    "ContractMetric",
    "DecommissioningChecklist",
    "DecommissioningItem",
    "MetricValue",
    "MonitoringMeeting",
    "Recommendation",
    "ReturnAnswer",
    "ReturnItem",
    "ReturnTemplate",
    "Review",
    "SafeguardingReturn",
    "ThematicCheck",
]
