"""Reads: the assurance state, risk from the other capabilities' data, duties and tenancy."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from safecom.assurance import integrations
from safecom.assurance.selectors import contract_assurance_state, contract_assurance_states
from safecom.assurance.selectors.allegations import allegation_list
from safecom.assurance.selectors.briefings import briefing_list, briefing_recipients
from safecom.assurance.selectors.overview import contract_overview
from safecom.assurance.selectors.risk import contract_risks
from safecom.assurance.selectors.schedule import schedule_rows
from safecom.assurance.tests import factories as f
from safecom.contracts.tests.factories import ContractFactory
from safecom.standards.models import FrameworkVersion

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 21)


@pytest.fixture(autouse=True)
def _no_other_capabilities(monkeypatch: Any) -> None:
    """By default no workforce or self-assessment data: tests that need some say so."""
    monkeypatch.setattr(integrations, "workforce_summary", lambda *, provider: None)
    monkeypatch.setattr(integrations, "provider_assessment_state", lambda *, provider: None)
    monkeypatch.setattr(
        integrations,
        "workforce_summaries",
        lambda *, providers: dict.fromkeys(p.pk for p in providers),
    )
    monkeypatch.setattr(
        integrations,
        "assessment_states",
        lambda *, providers, workforce=None: dict.fromkeys(p.pk for p in providers),
    )


def _busy_contract() -> Any:
    contract = ContractFactory(stage="live", start_date=dt.date(2024, 4, 1))
    f.MeetingFactory(contract=contract, held_on=dt.date(2026, 10, 1))
    f.MeetingFactory(contract=contract, held_on=dt.date(2026, 7, 1), safeguarding_item="")
    f.MeetingFactory(contract=contract, held_on=dt.date(2025, 6, 1), safeguarding_item="")
    meeting = f.MeetingFactory(contract=contract, held_on=dt.date(2026, 4, 1))
    f.ActionFactory(meeting=meeting, due_on=dt.date(2026, 5, 1))
    f.ActionFactory(meeting=meeting, due_on=dt.date(2026, 5, 1), done_on=dt.date(2026, 4, 30))
    # Made on the Friday before the spring bank holiday; the LADO told on the Wednesday.
    f.AllegationFactory(
        contract=contract, made_on=dt.date(2026, 5, 22), lado_informed_on=dt.date(2026, 5, 27)
    )
    f.AllegationFactory(
        contract=contract,
        made_on=dt.date(2026, 4, 2),
        lado_informed_on=dt.date(2026, 4, 7),
        outcome="unfounded",
        concluded_on=dt.date(2026, 5, 1),
    )
    template = f.TemplateFactory(commissioner=contract.commissioner)
    f.ReturnFactory(template=template, contract=contract, submitted_on=dt.date(2026, 8, 5))
    f.ReturnFactory(
        template=template,
        contract=contract,
        period_start=dt.date(2026, 7, 1),
        period_end=dt.date(2026, 9, 30),
        period_label="Q2 2026/27",
        due_on=dt.date(2026, 10, 30),
    )
    review = f.ReviewFactory(contract=contract, notified_on=dt.date(2026, 1, 5))
    f.RecommendationFactory(review=review, due_on=dt.date(2026, 9, 30))
    f.RecommendationFactory(review=review, due_on=dt.date(2027, 1, 31))
    return contract


def test_state_of_one_contract() -> None:
    contract = _busy_contract()
    state = contract_assurance_state(contract=contract, today=TODAY)
    assert state["monitoring"] == {
        "last_meeting": dt.date(2026, 10, 1),
        "meetings_without_safeguarding_item": 1,  # the 2025 one is over 12 months old
        "overdue_actions": 1,
    }
    assert state["returns"] == {"late": 1, "missing": 1, "latest_period": "Q2 2026/27"}
    assert state["allegations"] == {"open": 1, "lado_breaches_12m": 1}
    assert state["reviews"] == {"overdue_recommendations": 1}
    risk = state["risk"]
    assert set(risk) == {"score", "tier", "next_check_due", "overdue"}
    # Never checked: due the tier's months after the contract started, so long overdue.
    assert risk["overdue"] is True and risk["next_check_due"] < TODAY


def test_states_for_many_contracts_take_a_fixed_number_of_queries(
    django_assert_max_num_queries: Any,
) -> None:
    few = [_busy_contract() for _ in range(2)]
    many = few + [_busy_contract() for _ in range(6)]
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from safecom.contracts.models import Contract

    with CaptureQueriesContext(connection) as small:
        contract_assurance_states(contracts=few, today=TODAY)
    # Contracts straight from the database (nothing related loaded) take no more.
    fresh = list(Contract.objects.filter(pk__in=[c.pk for c in many]))
    with django_assert_max_num_queries(len(small.captured_queries)):
        states = contract_assurance_states(contracts=fresh, today=TODAY)
    assert len(states) == 8 and all(
        s["allegations"]["lado_breaches_12m"] == 1 for s in states.values()
    )


def test_risk_uses_workforce_and_self_assessment_when_they_are_there(monkeypatch: Any) -> None:
    contract = ContractFactory(stage="live", start_date=dt.date(2024, 4, 1))
    calm = contract_risks(contracts=[contract], today=TODAY)[contract.pk]
    assert "No data" in next(x for x in calm.factors if x.code == "workforce").explanation
    monkeypatch.setattr(
        integrations,
        "workforce_summaries",
        lambda *, providers: {
            p.pk: {"staff": 20, "dbs_missing": 2, "training_coverage": 0.6} for p in providers
        },
    )
    monkeypatch.setattr(
        integrations,
        "assessment_states",
        lambda *, providers, workforce=None: {
            p.pk: {
                "submitted_in_date": True,
                "due_date": None,
                "ratings": {"met": 10, "partly_met": 2, "not_met": 1, "not_applicable": 0},
                "open_actions": 1,
                "overdue_actions": 0,
                "suggested_challenges": 3,
            }
            for p in providers
        },
    )
    worse = contract_risks(contracts=[contract], today=TODAY)[contract.pk]
    workforce = next(x for x in worse.factors if x.code == "workforce")
    assessment = next(x for x in worse.factors if x.code == "self_assessment")
    assert "training coverage 60% (the standard asks 85%)" in workforce.explanation
    assert "1 standard rated not met" in assessment.explanation
    assert assessment.points == 2 + 2 + 3
    assert worse.score == calm.score + workforce.points + assessment.points


def test_a_commissioners_policy_changes_the_tier_and_the_next_check() -> None:
    from safecom.assurance.services import assurance_policy_set

    contract = ContractFactory(stage="live", start_date=dt.date(2024, 4, 1))
    f.CheckFactory(contract=contract, carried_out_on=dt.date(2026, 10, 1))
    before = contract_risks(contracts=[contract], today=TODAY)[contract.pk]
    assurance_policy_set(
        actor=None,
        commissioner=contract.commissioner,
        high_from=10,
        medium_from=5,
        high_months=1,
        medium_months=2,
        low_months=3,
    )
    after = contract_risks(contracts=[contract], today=TODAY)[contract.pk]
    assert before.score == after.score and after.tier == "high"
    assert after.next_check_due == dt.date(2026, 11, 1) and after.overdue


def test_schedule_puts_overdue_first_and_leaves_out_contracts_not_in_delivery() -> None:
    overdue = ContractFactory(stage="live", start_date=dt.date(2024, 4, 1))
    recent = ContractFactory(stage="live", start_date=dt.date(2024, 4, 1))
    f.CheckFactory(contract=recent, carried_out_on=dt.date(2026, 11, 1))
    planning = ContractFactory(stage="planning")
    rows = schedule_rows(contracts=[recent, planning, overdue], today=TODAY)
    assert [r["contract"] for r in rows] == [overdue, recent]
    assert [r["status"] for r in rows] == ["overdue", "scheduled"]
    assert rows[1]["last"].carried_out_on == dt.date(2026, 11, 1)


def test_duties_follow_the_contracts_standards_with_states() -> None:
    contract = _busy_contract()
    chscp = FrameworkVersion.objects.get(framework__slug="chscp", is_current=True)
    nel = FrameworkVersion.objects.get(framework__slug="nel", is_current=True)
    contract.frameworks.set([chscp, nel])
    duties = {(d.framework, d.ref): d for d in contract_overview(contract=contract).duties}
    assert duties[("chscp", "5")].state == "not_met"
    assert "had no safeguarding item" in duties[("chscp", "5")].detail
    assert duties[("chscp", "6")].state == "not_met"  # never checked, overdue
    assert (
        duties[("nel", "15.2")].state == "not_met"
        and "Q2 2026/27" in duties[("nel", "15.2")].detail
    )
    assert duties[("nel", "C10.1")].state == "not_met"
    assert duties[("nel", "8.1.3")].state == "not_met"
    assert duties[("nel", "15.6")].state == "elsewhere"
    assert ("chscp", "2.1") not in duties  # a contract clause, not a monitoring duty
    assert ("bscp", "5") not in duties  # not one of this contract's standards
    assert duties[("chscp", "5")].source_text.startswith("Evidence adherence")


def test_allegations_are_seen_only_within_the_tenancy(world: Any) -> None:
    mine = f.AllegationFactory(contract=world.contract_a)
    f.AllegationFactory(contract=world.contract_b)
    for role in ("commissioner", "provider_hr", "partnership_admin"):
        assert [a.pk for a in allegation_list(user=world.users[role])] == [mine.pk]


def test_briefing_recipients_a_provider_sees_only_its_own_row(world: Any) -> None:
    briefing = f.BriefingFactory(partnership=world.partnership_a)
    f.RecipientFactory(briefing=briefing, provider=world.provider_a)
    f.RecipientFactory(briefing=briefing, provider=world.provider_b)
    lead = world.users["provider_lead"]
    assert list(briefing_list(user=lead)) == [briefing]
    assert [r.provider for r in briefing_recipients(user=lead, briefing=briefing)] == [
        world.provider_a
    ]
    admin = world.users["partnership_admin"]
    assert len(briefing_recipients(user=admin, briefing=briefing)) == 2
    assert list(briefing_list(user=world.outsider)) == []
