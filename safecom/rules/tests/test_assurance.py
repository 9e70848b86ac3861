"""The assurance rules, one test (or a few) per rule, with real England and Wales dates."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

import pytest

from safecom.rules import assurance as r
from safecom.rules.registry import automatic_refs

D = dt.date
# England and Wales bank holidays around the dates below (as the `holidays` package gives them).
BANK = {
    D(2025, 4, 18): "Good Friday",
    D(2025, 4, 21): "Easter Monday",
    D(2025, 5, 26): "Spring Bank Holiday",
    D(2025, 12, 25): "Christmas Day",
    D(2025, 12, 26): "Boxing Day",
}


NEW_YEAR = D(2026, 1, 1)


def lado(made: dt.date, told: dt.date | None, today: dt.date = NEW_YEAR) -> r.LadoTimeliness:
    return r.nel_c10_1_lado_informed_within_working_days(
        made_on=made, informed_on=told, working_days=1, bank_holidays=BANK, today=today
    )


def test_rules_are_registered_against_real_refs() -> None:
    refs = automatic_refs()
    for key, name in (
        (("nel", "C10.1"), "nel_c10_1_lado_informed_within_working_days"),
        (("dorset", "1.3.5"), "dorset_1_3_5_allegation_reported_to_lado"),
        (("chscp", "5"), "chscp_5_meeting_has_safeguarding_item"),
        (("bscp", "5"), "chscp_5_meeting_has_safeguarding_item"),
        (("hips", "3"), "chscp_5_metric_rag"),
        (("nel", "15.2"), "nel_15_2_return_status"),
        (("nel", "AppA.2"), "nel_15_2_return_status"),
        (("nel", "15.1"), "nel_15_1_annual_report_due"),
        (("nel", "A9"), "nel_15_1_annual_report_due"),
        (("nel", "8.1.3"), "nel_8_1_3_recommendation_overdue"),
        (("chscp", "3"), "chscp_3_briefing_unacknowledged"),
        (("hips", "2"), "chscp_3_briefing_unacknowledged"),
        (("chscp", "6"), "chscp_6_risk_score"),
        (("bscp", "6"), "chscp_6_next_check_due"),
    ):
        assert name in refs.get(key, []), key


# --- LADO within one working day -------------------------------------------------------------


def test_lado_same_day_and_next_day_are_in_time() -> None:
    same = lado(D(2025, 6, 10), D(2025, 6, 10))
    assert same.status == "in_time" and same.working_days_taken == 0
    nxt = lado(D(2025, 6, 10), D(2025, 6, 11))
    assert nxt.status == "in_time" and nxt.working_days_taken == 1 and not nxt.breach


def test_lado_two_working_days_is_late() -> None:
    late = lado(D(2025, 6, 10), D(2025, 6, 12))
    assert late.status == "late" and late.breach and late.working_days_taken == 2
    assert "Late" in late.explanation and "Wednesday 11 June 2025" in late.explanation


def test_lado_friday_allegation_is_due_on_monday() -> None:
    monday = lado(D(2025, 6, 13), D(2025, 6, 16))
    assert monday.status == "in_time" and monday.deadline == D(2025, 6, 16)
    assert "the weekend" in monday.explanation


def test_lado_bank_holiday_weekend_moves_the_deadline() -> None:
    # Friday before the spring bank holiday: Monday 26 May does not count.
    tuesday = lado(D(2025, 5, 23), D(2025, 5, 27))
    assert tuesday.status == "in_time" and tuesday.deadline == D(2025, 5, 27)
    assert "Spring Bank Holiday (26 May)" in tuesday.explanation
    wednesday = lado(D(2025, 5, 23), D(2025, 5, 28))
    assert wednesday.status == "late" and wednesday.working_days_taken == 2


def test_lado_easter_skips_both_bank_holidays() -> None:
    told_tuesday = lado(D(2025, 4, 17), D(2025, 4, 22))
    assert told_tuesday.status == "in_time" and told_tuesday.deadline == D(2025, 4, 22)
    assert "Good Friday" in told_tuesday.explanation and "Easter Monday" in told_tuesday.explanation


def test_lado_without_the_bank_holiday_set_would_be_late() -> None:
    plain = r.nel_c10_1_lado_informed_within_working_days(
        made_on=D(2025, 5, 23),
        informed_on=D(2025, 5, 27),
        working_days=1,
        bank_holidays=frozenset(),
        today=D(2026, 1, 1),
    )
    assert plain.status == "late"


def test_lado_not_yet_told_is_pending_then_overdue() -> None:
    pending = lado(D(2025, 12, 24), None, today=D(2025, 12, 29))
    assert pending.status == "pending" and pending.deadline == D(2025, 12, 29)
    overdue = lado(D(2025, 12, 24), None, today=D(2025, 12, 30))
    assert overdue.status == "overdue" and overdue.breach
    assert "no date recorded" in overdue.explanation


def test_lado_working_days_come_from_the_parameter() -> None:
    two = r.nel_c10_1_lado_informed_within_working_days(
        made_on=D(2025, 6, 10),
        informed_on=D(2025, 6, 12),
        working_days=2,
        bank_holidays=BANK,
        today=D(2026, 1, 1),
    )
    assert two.status == "in_time"


def test_dorset_allegation_reported_to_lado() -> None:
    assert r.dorset_1_3_5_allegation_reported_to_lado(informed_on=D(2025, 1, 2))
    assert not r.dorset_1_3_5_allegation_reported_to_lado(informed_on=None)


# --- Monitoring --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("item", "expected"),
    [("Safeguarding log reviewed", True), ("", False), ("   ", False), (None, False)],
)
def test_meeting_has_safeguarding_item(item: str | None, expected: bool) -> None:
    assert r.chscp_5_meeting_has_safeguarding_item(safeguarding_item=item) is expected


@pytest.mark.parametrize(
    ("value", "target", "direction", "expected"),
    [
        ("90", "85", "higher", "green"),
        ("85", "85", "higher", "green"),
        ("82", "85", "higher", "amber"),
        ("70", "85", "higher", "red"),
        ("1", "2", "lower", "green"),
        ("6", "2", "lower", "amber"),
        ("9", "2", "lower", "red"),
        ("9", "2", "none", None),
        (None, "2", "higher", None),
        ("9", None, "higher", None),
    ],
)
def test_metric_rag(
    value: str | None, target: str | None, direction: str, expected: str | None
) -> None:
    got = r.chscp_5_metric_rag(
        value=Decimal(value) if value else None,
        target=Decimal(target) if target else None,
        amber_tolerance=Decimal(5),
        direction=direction,
    )
    assert got == expected


# --- Returns and reports -----------------------------------------------------------------------


def test_return_status() -> None:
    due = D(2026, 7, 30)
    assert (
        r.nel_15_2_return_status(due_on=due, submitted_on=D(2026, 7, 30), today=D(2026, 9, 1))
        == "submitted"
    )
    assert (
        r.nel_15_2_return_status(due_on=due, submitted_on=D(2026, 8, 2), today=D(2026, 9, 1))
        == "late"
    )
    assert (
        r.nel_15_2_return_status(due_on=due, submitted_on=None, today=D(2026, 7, 31)) == "missing"
    )
    assert r.nel_15_2_return_status(due_on=due, submitted_on=None, today=D(2026, 7, 30)) == "open"


@pytest.mark.parametrize(
    ("day", "months", "start", "end", "label"),
    [
        (D(2026, 5, 10), 3, D(2026, 4, 1), D(2026, 6, 30), "Q1 2026/27"),
        (D(2027, 2, 28), 3, D(2027, 1, 1), D(2027, 3, 31), "Q4 2026/27"),
        (D(2026, 11, 21), 6, D(2026, 10, 1), D(2027, 3, 31), "H2 2026/27"),
        (D(2026, 3, 31), 12, D(2025, 4, 1), D(2026, 3, 31), "2025/26"),
        (D(2026, 2, 3), 1, D(2026, 2, 1), D(2026, 2, 28), "February 2026"),
    ],
)
def test_reporting_period(
    day: dt.date, months: int, start: dt.date, end: dt.date, label: str
) -> None:
    assert r.reporting_period(day, months) == r.Period(start, end, label)


def test_reporting_period_refuses_an_interval_that_does_not_divide_the_year() -> None:
    with pytest.raises(ValueError, match="divide the year"):
        r.reporting_period(D(2026, 1, 1), 5)


def test_recent_periods_are_newest_first_and_complete() -> None:
    got = r.recent_periods(D(2026, 11, 21), 3, 3)
    assert [p.label for p in got] == ["Q2 2026/27", "Q1 2026/27", "Q4 2025/26"]


def test_annual_report_due() -> None:
    due = r.nel_15_1_annual_report_due(
        last_received_on=D(2025, 6, 30),
        start_on=D(2024, 4, 1),
        interval_months=12,
        today=D(2026, 7, 1),
    )
    assert due == r.ReportDue(D(2026, 6, 30), True)
    first = r.nel_15_1_annual_report_due(
        last_received_on=None, start_on=D(2026, 4, 1), interval_months=12, today=D(2026, 7, 1)
    )
    assert first == r.ReportDue(D(2027, 4, 1), False)
    assert r.nel_15_1_annual_report_due(
        last_received_on=None, start_on=None, interval_months=12, today=D(2026, 7, 1)
    ) == r.ReportDue(None, False)


def test_recommendation_overdue() -> None:
    today = D(2026, 11, 1)
    assert r.nel_8_1_3_recommendation_overdue(
        due_on=D(2026, 10, 31), completed_on=None, today=today
    )
    assert not r.nel_8_1_3_recommendation_overdue(
        due_on=D(2026, 11, 1), completed_on=None, today=today
    )
    assert not r.nel_8_1_3_recommendation_overdue(
        due_on=D(2026, 10, 1), completed_on=D(2026, 10, 20), today=today
    )
    assert not r.nel_8_1_3_recommendation_overdue(due_on=None, completed_on=None, today=today)


def test_briefing_unacknowledged() -> None:
    got = r.chscp_3_briefing_unacknowledged(
        recipients=[("Zeta Care", None), ("Alpha Trust", D(2026, 1, 2)), ("Beta CIC", None)]
    )
    assert got == ["Beta CIC", "Zeta Care"]


# --- Risk --------------------------------------------------------------------------------------

CALM = r.RiskInputs(
    client_group="children",
    regulated_activity=True,
    value=Decimal("500000"),
    last_check_on=D(2026, 9, 1),
    overdue_actions=0,
    overdue_recommendations=0,
    allegations_12m=0,
    lado_breaches_12m=0,
    serious_incidents_12m=0,
    reviews_12m=0,
    returns_issued_12m=4,
    returns_late_12m=0,
    returns_missing_12m=0,
    assessment={"submitted_in_date": True, "ratings": {"not_met": 0, "partly_met": 0}},
    workforce={"staff": 20, "training_coverage": 0.95},
    training_coverage_min=0.85,
    today=D(2026, 11, 21),
)


def _factor(score: r.RiskScore, code: str) -> r.RiskFactor:
    return next(f for f in score.factors if f.code == code)


def test_risk_score_adds_up_its_explained_factors() -> None:
    score = r.chscp_6_risk_score(inputs=CALM)
    assert score.score == sum(f.points for f in score.factors) == 15 + 6
    assert {f.code for f in score.factors} == {
        "client_group",
        "size",
        "last_check",
        "overdue_actions",
        "incidents",
        "self_assessment",
        "workforce",
        "returns",
    }
    assert all(f.explanation and 0 <= f.points <= f.max_points for f in score.factors)
    assert sum(f.max_points for f in score.factors) == 100


def test_risk_without_data_says_no_data_and_scores_nothing() -> None:
    bare = dataclasses.replace(
        CALM, assessment=None, workforce=None, value=None, returns_issued_12m=0
    )
    score = r.chscp_6_risk_score(inputs=bare)
    for code in ("self_assessment", "workforce", "size", "returns"):
        factor = _factor(score, code)
        assert (
            factor.points == 0 and not factor.has_data and factor.explanation.startswith("No data")
        )


def test_risk_rises_with_each_concern() -> None:
    worse = dataclasses.replace(
        CALM,
        last_check_on=None,
        overdue_actions=2,
        allegations_12m=1,
        lado_breaches_12m=1,
        serious_incidents_12m=1,
        returns_late_12m=1,
        returns_missing_12m=1,
        assessment={
            "submitted_in_date": False,
            "due_date": "2026-06-30",
            "ratings": {"not_met": 2, "partly_met": 3},
            "suggested_challenges": ["a", "b"],
        },
        workforce={
            "staff": 20,
            "dbs_missing": 1,
            "training_coverage": 0.7,
            "named_roles_vacant": ["Prevent lead"],
        },
    )
    score = r.chscp_6_risk_score(inputs=worse)
    assert score.score > r.chscp_6_risk_score(inputs=CALM).score
    assert _factor(score, "last_check").points == 15
    assert "not reported to the LADO" in _factor(score, "incidents").explanation
    assert _factor(score, "self_assessment").points == 10
    assert (
        "70%" in _factor(score, "workforce").explanation
        and "85%" in _factor(score, "workforce").explanation
    )
    assert "Prevent lead" in _factor(score, "workforce").explanation
    assert _factor(score, "returns").points == 8


def test_an_empty_assessment_summary_is_no_data_and_a_future_due_date_no_gap() -> None:
    empty = {
        "submitted_in_date": False,
        "due_date": None,
        "ratings": {"met": 0, "partly_met": 0, "not_met": 0, "not_applicable": 0},
        "open_actions": 0,
        "overdue_actions": 0,
        "suggested_challenges": 0,
    }
    factor = _factor(
        r.chscp_6_risk_score(inputs=dataclasses.replace(CALM, assessment=empty)), "self_assessment"
    )
    assert not factor.has_data and factor.points == 0
    draft = empty | {"due_date": D(2026, 12, 31)}
    factor = _factor(
        r.chscp_6_risk_score(inputs=dataclasses.replace(CALM, assessment=draft)), "self_assessment"
    )
    assert factor.has_data and factor.points == 0 and "due 31 December 2026" in factor.explanation
    late = empty | {"due_date": "2026-10-31"}
    factor = _factor(
        r.chscp_6_risk_score(inputs=dataclasses.replace(CALM, assessment=late)), "self_assessment"
    )
    assert factor.points == 4 and "since 31 October 2026" in factor.explanation


def test_training_minimum_comes_from_the_parameter() -> None:
    at_70 = dataclasses.replace(CALM, workforce={"staff": 10, "training_coverage": 0.8})
    assert _factor(r.chscp_6_risk_score(inputs=at_70), "workforce").points == 3
    lower = dataclasses.replace(at_70, training_coverage_min=0.75)
    assert _factor(r.chscp_6_risk_score(inputs=lower), "workforce").points == 0


def test_check_age_bands() -> None:
    six = dataclasses.replace(CALM, last_check_on=D(2026, 5, 21))
    assert _factor(r.chscp_6_risk_score(inputs=six), "last_check").points == 8
    year = dataclasses.replace(CALM, last_check_on=D(2025, 11, 21))
    assert _factor(r.chscp_6_risk_score(inputs=year), "last_check").points == 15


def test_tier_and_next_check_follow_the_policy() -> None:
    policy = r.RiskPolicy()
    assert [r.chscp_6_risk_tier(score=s, policy=policy) for s in (60, 50, 49, 25, 24)] == [
        "high",
        "high",
        "medium",
        "medium",
        "low",
    ]
    strict = r.RiskPolicy(high_from=30, high_months=2)
    assert r.chscp_6_risk_tier(score=35, policy=strict) == "high"
    last = D(2026, 1, 31)
    assert r.chscp_6_next_check_due(
        tier="high", last_check_on=last, start_on=None, policy=policy
    ) == D(2026, 4, 30)
    assert r.chscp_6_next_check_due(
        tier="medium", last_check_on=last, start_on=None, policy=policy
    ) == D(2026, 7, 31)
    assert r.chscp_6_next_check_due(
        tier="low", last_check_on=None, start_on=D(2026, 4, 1), policy=policy
    ) == D(2027, 4, 1)
    assert r.chscp_6_next_check_due(
        tier="high", last_check_on=last, start_on=None, policy=strict
    ) == D(2026, 3, 31)
    assert (
        r.chscp_6_next_check_due(tier="low", last_check_on=None, start_on=None, policy=policy)
        is None
    )


def test_working_day_helpers() -> None:
    assert r.add_working_days(D(2025, 12, 24), 1, BANK) == D(2025, 12, 29)
    assert r.working_days_between(D(2025, 12, 24), D(2025, 12, 29), BANK) == 1
    assert r.add_months(D(2026, 1, 31), 1) == D(2026, 2, 28)
    assert r.add_months(D(2026, 11, 30), 3) == D(2027, 2, 28)
