"""Risk scores for thematic checks (chscp/bscp 6), for many contracts at once.

Every input is read with one grouped query per kind of record for all the contracts together;
only the other capabilities' summaries are asked provider by provider (that is how they answer).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Max, Q, QuerySet
from django.utils import timezone

from safecom.assurance import integrations
from safecom.assurance.constants import DELIVERY_STAGES, RECENT_MONTHS
from safecom.assurance.models import (
    Allegation,
    AssuranceAction,
    AssurancePolicy,
    Recommendation,
    Review,
    SafeguardingReturn,
    ThematicCheck,
)
from safecom.assurance.selectors.allegations import lado_timeliness
from safecom.assurance.selectors.parameters import parameters_for_contracts
from safecom.contracts.models import Contract
from safecom.organisations.models import Organisation
from safecom.rules.assurance import (
    RiskFactor,
    RiskInputs,
    RiskPolicy,
    add_months,
    chscp_6_next_check_due,
    chscp_6_risk_score,
    chscp_6_risk_tier,
)
from safecom.standards.portfolio import PortfolioFrameworks

TIER_CLASSES = {"high": "govuk-tag--red", "medium": "govuk-tag--orange", "low": "govuk-tag--green"}


@dataclass(frozen=True)
class ContractRisk:
    contract_id: int
    score: int
    tier: str
    factors: tuple[RiskFactor, ...]
    last_check_on: dt.date | None
    next_check_due: dt.date | None
    overdue: bool
    scheduled: bool  # in delivery, so on the thematic schedule
    inputs: RiskInputs
    # Read with the risk's own rows, for the contract's assurance state: allegations with no
    # outcome yet (however old), and the label of the latest quarterly return issued.
    open_allegations: int = 0
    latest_return_period: str | None = None

    @property
    def tier_class(self) -> str:
        return TIER_CLASSES[self.tier]


def policies_for(commissioner_ids: Iterable[int]) -> dict[int, RiskPolicy]:
    out: dict[int, RiskPolicy] = {}
    for p in AssurancePolicy.objects.filter(commissioner_id__in=set(commissioner_ids)):
        out[p.commissioner_id] = RiskPolicy(
            high_from=p.high_from,
            medium_from=p.medium_from,
            high_months=p.high_months,
            medium_months=p.medium_months,
            low_months=p.low_months,
        )
    return out


def _grouped(qs: QuerySet, key: str = "contract_id") -> dict[int, int]:  # type: ignore[type-arg]
    return dict(qs.values(key).annotate(n=Count("pk")).values_list(key, "n"))


def contract_risks(
    *,
    contracts: Iterable[Contract],
    today: dt.date | None = None,
    workforce: dict[int, Any] | None = None,
    assessments: dict[int, Any] | None = None,
    frameworks: PortfolioFrameworks | None = None,
) -> dict[int, ContractRisk]:
    """contract id -> its risk score, tier, factors and next check. `workforce` and
    `assessments` (provider id -> summary / state) are the providers' figures when the caller
    has already read them."""
    today = today or timezone.localdate()
    items = list(contracts)
    if not items:
        return {}
    ids = [c.pk for c in items]
    since = add_months(today, -RECENT_MONTHS)
    last_checks = dict(
        ThematicCheck.objects.filter(contract_id__in=ids)
        .values("contract_id")
        .annotate(last=Max("carried_out_on"))
        .values_list("contract_id", "last")
    )
    overdue_actions = _grouped(
        AssuranceAction.objects.filter(
            contract_id__in=ids, done_on__isnull=True, due_on__lt=today
        ).order_by()
    )
    overdue_recs = _grouped(
        Recommendation.objects.filter(
            review__contract_id__in=ids, completed_on__isnull=True, due_on__lt=today
        ).order_by(),
        "review__contract_id",
    )
    allegations = []
    open_allegations: dict[int, int] = defaultdict(int)
    for pk, contract_id, made_on, told_on, outcome in Allegation.objects.filter(
        Q(made_on__gte=since) | Q(outcome=""), contract_id__in=ids
    ).values_list("pk", "contract_id", "made_on", "lado_informed_on", "outcome"):
        open_allegations[contract_id] += outcome == ""
        if made_on >= since:
            allegations.append((pk, contract_id, made_on, told_on))
    parameters = parameters_for_contracts(
        {"training_coverage_min": max, "lado_referral_working_days": min}, ids, frameworks
    )
    lado = lado_timeliness(
        allegations, today, working_days=parameters["lado_referral_working_days"]
    )
    allegation_counts: dict[int, int] = defaultdict(int)
    breaches: dict[int, int] = defaultdict(int)
    for pk, contract_id, _, _ in allegations:
        allegation_counts[contract_id] += 1
        found = lado.get(pk)
        breaches[contract_id] += bool(found and found.breach)
    incidents: dict[int, int] = defaultdict(int)
    reviews: dict[int, int] = defaultdict(int)
    for contract_id, kind, n in (
        Review.objects.filter(contract_id__in=ids, notified_on__gte=since)
        .values_list("contract_id", "kind")
        .annotate(n=Count("pk"))
        .values_list("contract_id", "kind", "n")
    ):
        if kind == Review.Kind.SERIOUS_INCIDENT:
            incidents[contract_id] += n
        else:
            reviews[contract_id] += n
    # Every return of the contracts, a few a year each: the last 12 months' counts and the
    # latest period, from one read.
    returns: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    latest_period: dict[int, tuple[dt.date, str]] = {}
    for contract_id, due_on, submitted_on, period_start, label in SafeguardingReturn.objects.filter(
        contract_id__in=ids
    ).values_list("contract_id", "due_on", "submitted_on", "period_start", "period_label"):
        held = latest_period.get(contract_id)
        if held is None or period_start > held[0]:
            latest_period[contract_id] = (period_start, label)
        if since <= due_on < today:
            counts = returns[contract_id]
            counts["issued"] += 1
            counts["late"] += submitted_on is not None and submitted_on > due_on
            counts["missing"] += submitted_on is None
    # By id, in one query: the contracts given may not have their providers loaded.
    if workforce is None or assessments is None:
        providers = list(Organisation.objects.in_bulk({c.provider_id for c in items}).values())
        if workforce is None:
            workforce = integrations.workforce_summaries(providers=providers)
        if assessments is None:
            assessments = integrations.assessment_states(providers=providers, workforce=workforce)
    coverage_min = parameters["training_coverage_min"]
    policies = policies_for(c.commissioner_id for c in items)
    out: dict[int, ContractRisk] = {}
    for c in items:
        r: Any = returns.get(c.pk) or {}
        inputs = RiskInputs(
            client_group=c.client_group,
            regulated_activity=c.regulated_activity,
            value=c.value,
            last_check_on=last_checks.get(c.pk),
            overdue_actions=overdue_actions.get(c.pk, 0),
            overdue_recommendations=overdue_recs.get(c.pk, 0),
            allegations_12m=allegation_counts[c.pk],
            lado_breaches_12m=breaches[c.pk],
            serious_incidents_12m=incidents[c.pk],
            reviews_12m=reviews[c.pk],
            returns_issued_12m=r.get("issued", 0),
            returns_late_12m=r.get("late", 0),
            returns_missing_12m=r.get("missing", 0),
            assessment=assessments.get(c.provider_id),
            workforce=workforce.get(c.provider_id),
            training_coverage_min=coverage_min.get(c.pk),
            today=today,
        )
        score = chscp_6_risk_score(inputs=inputs)
        policy = policies.get(c.commissioner_id, RiskPolicy())
        tier = chscp_6_risk_tier(score=score.score, policy=policy)
        scheduled = c.stage in DELIVERY_STAGES
        due = (
            chscp_6_next_check_due(
                tier=tier,
                last_check_on=inputs.last_check_on,
                start_on=c.start_date,
                policy=policy,
            )
            if scheduled
            else None
        )
        out[c.pk] = ContractRisk(
            contract_id=c.pk,
            score=score.score,
            tier=tier,
            factors=score.factors,
            last_check_on=inputs.last_check_on,
            next_check_due=due,
            overdue=bool(due and due < today),
            scheduled=scheduled,
            inputs=inputs,
            open_allegations=open_allegations.get(c.pk, 0),
            latest_return_period=latest_period[c.pk][1] if c.pk in latest_period else None,
        )
    return out
