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


def test_training_coverage_against_the_frameworks_minimum() -> None:
    facts = _facts(workforce={"training_coverage": 0.71})
    params = {"training_coverage_min": 0.85}
    found = r.nel_c11_training_coverage_contradicts_met(
        rating="met", key="nel C11", facts=facts, parameters=params
    )
    assert found is not None and "71%" in found.message and "85%" in found.message
    for rating, coverage in (("partly_met", 0.71), ("met", 0.9), ("met", None)):
        assert (
            r.nel_c11_training_coverage_contradicts_met(
                rating=rating,
                key="nel C11",
                facts=_facts(workforce={"training_coverage": coverage}),
                parameters=params,
            )
            is None
        )


def test_dbs_records_contradict_met() -> None:
    facts = _facts(workforce={"dbs_missing": 2, "dbs_recheck_overdue": 1})
    found = r.chscp_4_dbs_records_contradict_met(
        rating="met", key="chscp 4", facts=facts, parameters={}
    )
    assert found is not None and found.figures == {"dbs_missing": 2, "dbs_recheck_overdue": 1}
    clean = _facts(workforce={"dbs_missing": 0, "dbs_recheck_overdue": 0})
    assert (
        r.chscp_4_dbs_records_contradict_met(
            rating="met", key="chscp 4", facts=clean, parameters={}
        )
        is None
    )
    # No workforce records: nothing to compare, so nothing is suggested.
    assert (
        r.chscp_4_dbs_records_contradict_met(
            rating="met", key="chscp 4", facts=_facts(), parameters={}
        )
        is None
    )


def test_named_roles_contradict_met() -> None:
    facts = _facts(vacant_roles=frozenset({"dsl"}))
    found = r.dorset_1_1_2_named_roles_contradict_met(
        rating="met", key="dorset 1.1.2", facts=facts, parameters={}
    )
    assert found is not None and "designated safeguarding lead" in found.message
    assert (
        r.dorset_1_1_2_named_roles_contradict_met(
            rating="met", key="nel SC32.2.4", facts=facts, parameters={}
        )
        is None
    )  # the Prevent lead is in post
    assert (
        r.dorset_1_1_2_named_roles_contradict_met(
            rating="met", key="dorset 1.1.2", facts=_facts(), parameters={}
        )
        is None
    )


def test_staff_record_checks_contradict_met() -> None:
    facts = _facts(workforce={"references_incomplete": 3, "right_to_work_missing": 0})
    found = r.dorset_2_5_staff_record_checks_contradict_met(
        rating="met", key="dorset 2.5", facts=facts, parameters={}
    )
    assert found is not None and "3 without the references needed" in found.message
    assert (
        r.dorset_2_5_staff_record_checks_contradict_met(
            rating="met", key="dorset 2.5", facts=_facts(workforce={}), parameters={}
        )
        is None
    )


def test_safer_recruitment_contradicts_met_below_the_minimum() -> None:
    params = {"recruitment_panel_safer_recruitment_trained_min": 1}
    none_trained = _facts(workforce={"safer_recruitment_trained": 0})
    assert r.dorset_3_4_safer_recruitment_contradicts_met(
        rating="met", key="dorset 3.4", facts=none_trained, parameters=params
    )
    one = _facts(workforce={"safer_recruitment_trained": 1})
    assert (
        r.dorset_3_4_safer_recruitment_contradicts_met(
            rating="met", key="dorset 3.4", facts=one, parameters=params
        )
        is None
    )


def test_dsl_training_contradicts_met() -> None:
    facts = _facts(workforce={"dsl_training_overdue": 1})
    found = r.dorset_3_5_dsl_training_contradicts_met(
        rating="met", key="dorset 3.5", facts=facts, parameters={}
    )
    assert found is not None and "1 DSL or deputy training refresh overdue" in found.message


def test_statement_contradicts_bscp_1_met() -> None:
    late = _facts(statement_review_date=dt.date(2026, 1, 1))
    found = r.bscp_1_statement_contradicts_met(
        rating="met", key="bscp 1", facts=late, parameters={}
    )
    assert found is not None and "1 January 2026" in found.message
    fine = _facts(statement_review_date=dt.date(2027, 1, 1))
    assert (
        r.bscp_1_statement_contradicts_met(rating="met", key="bscp 1", facts=fine, parameters={})
        is None
    )


def test_clause_check_contradicts_met_by_full_key() -> None:
    facts = _facts(unmet_clause_refs=frozenset({"nel SC32.1"}))
    assert r.nel_sc32_1_clause_check_contradicts_met(
        rating="met", key="nel SC32.1", facts=facts, parameters={}
    )
    assert (
        r.nel_sc32_1_clause_check_contradicts_met(
            rating="met", key="chscp SC32.1", facts=facts, parameters={}
        )
        is None
    )


def test_contradictions_finds_checks_by_ref_and_by_parameter() -> None:
    facts = _facts(workforce={"training_coverage": 0.5, "dbs_missing": 1})
    by_parameter = r.contradictions(
        framework="hips",
        ref="A.5",
        rating="met",
        parameters={"training_coverage_min": 0.85},
        facts=facts,
    )
    assert [c.check for c in by_parameter] == ["training_coverage"]
    by_ref = r.contradictions(framework="bscp", ref="4", rating="met", parameters={}, facts=facts)
    assert [c.check for c in by_ref] == ["dbs_records"]
    assert (
        r.contradictions(framework="bscp", ref="5", rating="met", parameters={}, facts=facts) == []
    )


def test_rules_are_registered_against_their_requirements() -> None:
    refs = automatic_refs()
    for key in (("chscp", "1"), ("bscp", "1"), ("dorset", "4"), ("nel", "C11"), ("chscp", "4")):
        assert key in refs, key
    assert "chscp_1_self_assessment_in_date" in refs[("dorset", "4")]
