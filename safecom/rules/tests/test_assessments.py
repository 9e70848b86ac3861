"""Each self-assessment rule on its own: plain Python, no database."""

from __future__ import annotations

import datetime as dt

import pytest

from safecom.rules import assessments as r
from safecom.rules.registry import automatic_refs

TODAY = dt.date(2026, 6, 15)


def _facts(**kw: object) -> r.ProviderFacts:
    return r.ProviderFacts(today=TODAY, **kw)  # type: ignore[arg-type]


def test_add_months_keeps_the_day_or_the_months_last() -> None:
    assert r.add_months(dt.date(2026, 1, 31), 1) == dt.date(2026, 2, 28)
    assert r.add_months(dt.date(2026, 11, 15), 14) == dt.date(2028, 1, 15)


@pytest.mark.parametrize(
    ("interval", "cap", "expected"),
    [
        ("annual", None, dt.date(2027, 3, 1)),
        ("two_yearly", None, dt.date(2028, 3, 1)),
        ("two_yearly", 12, dt.date(2027, 3, 1)),  # dorset 4's own interval is the ceiling
        ("at_tender", None, None),
        ("at_tender", 12, dt.date(2027, 3, 1)),
    ],
)
def test_next_due_follows_the_interval_and_the_frameworks_ceiling(interval, cap, expected) -> None:  # type: ignore[no-untyped-def]
    assert (
        r.chscp_1_self_assessment_next_due(
            submitted_on=dt.date(2026, 3, 1), interval=interval, self_audit_interval_months=cap
        )
        == expected
    )


def test_unknown_interval_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown interval"):
        r.chscp_1_self_assessment_next_due(submitted_on=TODAY, interval="weekly")


def test_in_date_until_the_interval_runs_out() -> None:
    kw = {"interval": "annual", "today": TODAY}
    assert r.chscp_1_self_assessment_in_date(submitted_on=dt.date(2025, 6, 15), **kw)
    assert not r.chscp_1_self_assessment_in_date(submitted_on=dt.date(2025, 6, 14), **kw)
    assert not r.chscp_1_self_assessment_in_date(submitted_on=None, **kw)
    assert r.chscp_1_self_assessment_in_date(
        submitted_on=dt.date(2019, 1, 1), interval="at_tender", today=TODAY
    )


def test_only_settled_answers_carry_forward() -> None:
    assert r.chscp_1_answer_can_carry_forward(moderation="accepted")
    assert r.chscp_1_answer_can_carry_forward(moderation="closed")
    for state in ("", "pending", "challenged", "responded"):
        assert not r.chscp_1_answer_can_carry_forward(moderation=state)


def test_action_needed_short_of_met_only() -> None:
    assert r.dorset_4_action_needed(rating="partly_met")
    assert r.dorset_4_action_needed(rating="not_met")
    assert not r.dorset_4_action_needed(rating="met")
    assert not r.dorset_4_action_needed(rating="not_applicable")


def test_action_overdue_when_past_due_and_not_done() -> None:
    yesterday = TODAY - dt.timedelta(days=1)
    assert r.dorset_4_action_overdue(due_date=yesterday, status="open", today=TODAY)
    assert not r.dorset_4_action_overdue(due_date=yesterday, status="done", today=TODAY)
    assert not r.dorset_4_action_overdue(due_date=TODAY, status="in_progress", today=TODAY)


def test_statement_required_by_bscp_1_only() -> None:
    assert r.bscp_1_statement_required(requirement_keys=[("chscp", "1"), ("bscp", "1")])
    assert not r.bscp_1_statement_required(requirement_keys=[("chscp", "1"), ("bscp", "4")])


def test_statement_in_date_until_its_review_date() -> None:
    assert r.bscp_1_statement_in_date(review_date=TODAY, today=TODAY)
    assert not r.bscp_1_statement_in_date(review_date=TODAY - dt.timedelta(days=1), today=TODAY)
    assert not r.bscp_1_statement_in_date(review_date=None, today=TODAY)


def test_return_problems_name_each_answer_and_what_is_missing() -> None:
    answers = [
        r.AnswerState("chscp 1", "met", "We did it in March.", has_action=True),
        r.AnswerState("chscp 4", "", "", has_action=False),
        r.AnswerState("chscp 5", "partly_met", "Not every meeting.", has_action=False),
        r.AnswerState("bscp 1", "not_applicable", " ", has_action=False),
    ]
    problems = r.chscp_1_return_problems(
        answers=answers, statement_required=True, statement_in_date=False, declared=False
    )
    assert problems["answers"] == [
        "chscp 4: choose a rating.",
        "chscp 5: rated partly met, so add an action-plan item with an owner and a due date.",
        "bscp 1: say how you meet it, or why it does not apply.",
    ]
    assert set(problems) == {"answers", "statement", "declared"}
    ok = [r.AnswerState("chscp 1", "met", "Yes.", has_action=False)]
    assert (
        r.chscp_1_return_problems(
            answers=ok, statement_required=False, statement_in_date=False, declared=True
        )
        == {}
    )


def test_gate_applies_before_live_and_award_only_when_chosen() -> None:
    assert r.chscp_1_gate_applies(to_stage="live", gate_at_award=False)
    assert not r.chscp_1_gate_applies(to_stage="awarded", gate_at_award=False)
    assert r.chscp_1_gate_applies(to_stage="awarded", gate_at_award=True)
    assert not r.chscp_1_gate_applies(to_stage="mobilising", gate_at_award=True)


def test_gate_self_assessment_needs_every_framework_in_date() -> None:
    good = r.FrameworkSubmission("CHSCP", dt.date(2026, 3, 1), dt.date(2027, 3, 1), True)
    missing = r.FrameworkSubmission("BSCP", None, None, False)
    stale = r.FrameworkSubmission("BSCP", dt.date(2024, 3, 1), dt.date(2025, 3, 1), False)
    assert r.chscp_1_gate_self_assessment(submissions=[good]).passed
    result = r.chscp_1_gate_self_assessment(submissions=[good, missing])
    assert not result.passed and "BSCP: no self-assessment submitted" in result.detail
    result = r.chscp_1_gate_self_assessment(submissions=[stale])
    assert not result.passed and "out of date since 1 March 2025" in result.detail
    assert not r.chscp_1_gate_self_assessment(submissions=[]).passed


def test_gate_statement_condition() -> None:
    assert r.bscp_1_gate_statement(review_date=TODAY, today=TODAY).passed
    late = r.bscp_1_gate_statement(review_date=dt.date(2026, 1, 1), today=TODAY)
    assert not late.passed and "1 January 2026" in late.detail
    assert not r.bscp_1_gate_statement(review_date=None, today=TODAY).passed


def test_gate_clause_check_prefers_the_check_over_a_confirmation() -> None:
    confirmed = "by Tom Hughes on 1 June 2026: read clause 14"
    met = r.ClauseCheckFacts(exists=True, all_met=True, checked_at="2 June 2026")
    unmet = r.ClauseCheckFacts(
        exists=True, all_met=False, unmet_refs=("chscp 2.4",), confirmation=confirmed
    )
    assert r.chscp_1_gate_clause_check(facts=met).passed
    result = r.chscp_1_gate_clause_check(facts=unmet)
    assert not result.passed and "chscp 2.4" in result.detail
    assert r.chscp_1_gate_clause_check(
        facts=r.ClauseCheckFacts(exists=False, confirmation=confirmed)
    ).passed
    assert not r.chscp_1_gate_clause_check(facts=r.ClauseCheckFacts(exists=False)).passed


def test_gate_dsl_named() -> None:
    assert r.dorset_1_1_2_gate_dsl_named(holder="Sam Wright", available=True).passed
    assert not r.dorset_1_1_2_gate_dsl_named(holder=None, available=True).passed
    unavailable = r.dorset_1_1_2_gate_dsl_named(holder=None, available=False)
    assert not unavailable.passed and "not available" in unavailable.detail
    assert r.gate_passed([r.GateCondition("a", True, "")])
    assert not r.gate_passed([r.GateCondition("a", True, ""), r.GateCondition("b", False, "")])


def test_rules_are_registered_against_their_requirements() -> None:
    refs = automatic_refs()
    for key in (("chscp", "1"), ("bscp", "1"), ("dorset", "4"), ("nel", "C11"), ("chscp", "4")):
        assert key in refs, key
    assert "chscp_1_self_assessment_in_date" in refs[("dorset", "4")]
