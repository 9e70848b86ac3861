"""The library of contract safeguarding metrics a commissioner can write into a contract.

Kept in code rather than the database: the list is short, each entry carries how it is read
(a percentage where higher is better, a count to watch), and a test holds it steady.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class MetricKind:
    code: str
    label: str
    unit: str  # "percent" or "count"
    # "higher": at or above the target is green; "lower": at or below it is; "none": a count
    # to watch over time, with no RAG unless a target is set.
    direction: str
    hint: str
    workforce_key: str = ""  # where the project's own workforce data gives the figure


LIBRARY: tuple[MetricKind, ...] = (
    MetricKind(
        "staff_trained_pct",
        "Staff with up-to-date safeguarding training",
        "percent",
        "higher",
        "Percentage of relevant staff whose safeguarding training is in date",
        "training_coverage",
    ),
    MetricKind(
        "dbs_compliance_pct",
        "DBS compliance",
        "percent",
        "higher",
        "Percentage of staff in regulated activity with a valid, in-date DBS check",
    ),
    MetricKind(
        "supervision_coverage_pct",
        "Safeguarding supervision coverage",
        "percent",
        "higher",
        "Percentage of staff who had safeguarding supervision in the period",
    ),
    MetricKind(
        "concerns_raised",
        "Safeguarding concerns raised",
        "count",
        "none",
        "Concerns raised internally with the designated safeguarding lead",
    ),
    MetricKind(
        "referrals_made",
        "Referrals made",
        "count",
        "none",
        "Referrals to children's or adults' social care (MASH)",
    ),
    MetricKind(
        "allegations",
        "Allegations against staff",
        "count",
        "lower",
        "Allegations against staff or volunteers in the period",
    ),
    MetricKind(
        "complaints",
        "Safeguarding-related complaints",
        "count",
        "lower",
        "Complaints with a safeguarding element in the period",
    ),
)
BY_CODE = {m.code: m for m in LIBRARY}
METRIC_CHOICES = [(m.code, m.label) for m in LIBRARY]
