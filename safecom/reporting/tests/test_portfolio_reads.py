"""The dashboard's set-based reads give the same answers as the one-at-a-time selectors the
contract and provider pages use, in a number of queries that does not grow with the portfolio."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.models import Exists, OuterRef
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from safecom.assessments.gate import contract_gate
from safecom.assessments.portfolio import contract_gates, provider_assessment_states
from safecom.assessments.selectors import provider_assessment_state
from safecom.contracts.models import Contract, GateOverride
from safecom.core.demo import demo_data_build
from safecom.documents.selectors import clause_check_latest, clause_checks_latest
from safecom.reporting.integrations import portfolio_rows
from safecom.workforce.policy import workforce_policies, workforce_policy
from safecom.workforce.portfolio import policy_key, workforce_summaries
from safecom.workforce.selectors import (
    named_role_holders,
    named_role_holders_of,
    workforce_summary,
)

pytestmark = pytest.mark.django_db

# The dashboard's budget from the issue: at most 25 queries, whatever the portfolio's size.
QUERY_BUDGET = 25


@pytest.fixture
def contracts() -> list[Contract]:
    demo_data_build(scale="small")
    # As the dashboard reads them: whether a gate was overridden comes with the contract.
    return list(
        Contract.objects.select_related("commissioner", "provider")
        .annotate(gate_overridden=Exists(GateOverride.objects.filter(contract=OuterRef("pk"))))
        .order_by("pk")
    )


def _providers(contracts: list[Contract]) -> list:
    return sorted({c.provider for c in contracts}, key=lambda p: p.pk)


def test_workforce_figures_match_one_provider_at_a_time(contracts: list[Contract]) -> None:
    providers = _providers(contracts)
    day = timezone.localdate()
    many = workforce_summaries(providers=providers, day=day)
    policies = workforce_policies(providers=providers)
    holders = named_role_holders_of(providers=providers)
    assert any(s["staff"] for s in many.values())
    for p in providers:
        assert many[p.pk] == workforce_summary(provider=p, day=day), p.slug
        assert policies[p.pk] == workforce_policy(provider=p), p.slug
        assert holders[p.pk] == named_role_holders(provider=p), p.slug


def test_gates_and_assessment_states_match_one_at_a_time(contracts: list[Contract]) -> None:
    day = timezone.localdate()
    gates = contract_gates(contracts=contracts, on=day)
    assert {g.passed for g in gates.values()} == {True, False}
    for c in contracts:
        assert gates[c.pk].as_dict() == contract_gate(contract=c, on=day).as_dict(), c.reference
    providers = _providers(contracts)
    states = provider_assessment_states(providers=providers, on=day)
    assert any(s["submitted_in_date"] for s in states.values())
    for p in providers:
        assert states[p.pk] == provider_assessment_state(provider=p), p.slug


def test_latest_clause_checks_match_one_contract_at_a_time(contracts: list[Contract]) -> None:
    many = clause_checks_latest(contracts=contracts)
    assert many
    for c in contracts:
        assert many.get(c.pk) == clause_check_latest(contract=c), c.reference


def _queries(contracts: list[Contract], day: dt.date) -> int:
    with CaptureQueriesContext(connection) as ctx:
        rows = portfolio_rows(contracts, today=day)
    assert len(rows) == len(contracts)
    return len(ctx.captured_queries)


def test_dashboard_queries_do_not_grow_with_the_portfolio(contracts: list[Contract]) -> None:
    day = timezone.localdate()
    providers = _providers(contracts)
    few = [c for c in contracts if c.provider_id in {p.pk for p in providers[:3]}]
    assert len(_providers(few)) < len(providers)
    # The first view of a day also counts the providers' staff: a few queries per distinct
    # workforce policy (one per mix of frameworks), never per provider.
    groups = {tuple(policy_key(p)) for p in workforce_policies(providers=providers).values()}
    cold = [_queries(chosen, day) for chosen in (few, contracts)]
    warm = [_queries(chosen, day) for chosen in (few, contracts)]
    assert warm[0] == warm[1] <= QUERY_BUDGET, warm
    assert cold[1] <= warm[1] + 3 + 4 * len(groups), (cold, len(groups))
