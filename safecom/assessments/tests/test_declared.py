"""Declared versus computed: a met rating the data contradicts becomes a suggested challenge,
with the figures, for the QA officer; and the provider's state for other capabilities."""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from safecom.assessments import integrations
from safecom.assessments.declared import suggestions_for_answers
from safecom.assessments.models import ActionItem, Assessment
from safecom.assessments.selectors import provider_assessment_state
from safecom.assessments.tests.factories import (
    StatementFactory,
    answer,
    answer_all,
    open_round,
    submit,
    with_action,
)
from safecom.rules.assessments import add_months

pytestmark = pytest.mark.django_db


def _submitted(
    world: Any, frameworks: tuple[str, ...], kinds: tuple[str, ...], rating: str = "met"
) -> Assessment:
    assessment = open_round(
        owner=world.commissioner_a,
        providers=[world.provider_a],
        contracts=[world.contract_a],
        frameworks=frameworks,
        kinds=kinds,
    ).assessments.get()
    answer_all(assessment, rating)
    if "bscp" in frameworks:
        StatementFactory(provider=world.provider_a)
    return submit(assessment)


def _found(assessment: Assessment) -> dict[str, list[str]]:
    answers = list(assessment.answers.select_related("requirement__framework_version__framework"))
    found = suggestions_for_answers(provider=assessment.provider, answers=answers)
    by_key = {a.pk: a.key for a in answers}
    return {by_key[pk]: [c.message for c in items] for pk, items in found.items()}


def test_training_met_against_low_coverage_is_suggested_with_the_figures(
    world: Any, data: Any
) -> None:
    data.summary["training_coverage"] = 0.71
    assessment = _submitted(world, ("nel",), ("workforce_rule",))
    found = _found(assessment)
    assert "nel C11" in found and "nel A4" in found
    assert "71%" in found["nel C11"][0] and "85%" in found["nel C11"][0]
    data.summary["training_coverage"] = 0.9
    assert "nel C11" not in _found(assessment)


def test_dsl_in_post_met_while_the_role_is_vacant(world: Any, data: Any) -> None:
    data.summary["named_roles_vacant"] = ["dsl"]
    assessment = _submitted(world, ("dorset",), ("provider_policy",))
    assert "no designated safeguarding lead in post" in _found(assessment)["dorset 1.1.2"][0]


def test_a_clause_check_that_finds_an_element_unmet(world: Any, data: Any) -> None:
    data.clause = integrations.ClauseCheck(
        available=True, exists=True, all_met=False, unmet_refs=("nel SC32.1",), frameworks=("nel",)
    )
    assessment = _submitted(world, ("nel",), ("contract_clause",))
    assert "clause check finds nel SC32.1 not fully met" in _found(assessment)["nel SC32.1"][0]


def test_only_met_answers_awaiting_a_decision_are_suggested(world: Any, data: Any) -> None:
    data.summary["dbs_missing"] = 2
    draft = open_round(owner=world.commissioner_a, providers=[world.provider_a]).assessments.get()
    answer_all(draft, "met")
    assert _found(draft) == {}  # drafts are the provider's own business until submitted
    submitted = _submitted(world, ("chscp",), ("workforce_rule",))
    assert "2 in regulated activity with no DBS check recorded" in _found(submitted)["chscp 4"][0]
    # Rated honestly (every answer, including the one given under chscp 4): nothing to suggest.
    honest = open_round(
        owner=world.commissioner_a, providers=[world.provider_a], kinds=("workforce_rule",)
    ).assessments.get()
    for a in honest.answers.all():
        answer(a, "not_applicable", "No contracted staff in contact with children.")
    submit(honest)
    assert _found(honest) == {}


def test_the_qa_officer_sees_the_suggestion_the_provider_does_not(
    world: Any, data: Any, client: Any
) -> None:
    data.summary["dbs_recheck_overdue"] = 4
    assessment = _submitted(world, ("chscp",), ("workforce_rule",))
    target = assessment.answers.get(requirement__ref="4")
    client.force_login(world.users["qa_officer"])
    page = client.get(f"/assessments/answers/{target.pk}/").content.decode()
    assert "Suggested challenge" in page and "4 with a DBS recheck overdue" in page
    # The challenge form starts from the suggestion, figures and all.
    assert "Rated met, but the staff records show 4 with a DBS recheck overdue.</textarea>" in page
    summary = client.get(f"/assessments/returns/{assessment.pk}/").content.decode()
    assert "Suggested challenge" in summary
    client.force_login(world.users["provider_lead"])
    assert (
        "Suggested challenge"
        not in client.get(f"/assessments/answers/{target.pk}/").content.decode()
    )


def test_provider_assessment_state_for_other_capabilities(world: Any, data: Any) -> None:
    empty = provider_assessment_state(provider=world.provider_a)
    assert empty == {
        "submitted_in_date": False,
        "due_date": None,
        "ratings": {"met": 0, "partly_met": 0, "not_met": 0, "not_applicable": 0},
        "open_actions": 0,
        "overdue_actions": 0,
        "suggested_challenges": 0,
    }
    data.summary["dbs_missing"] = 1
    assessment = open_round(
        owner=world.commissioner_a, providers=[world.provider_a], kinds=("workforce_rule",)
    ).assessments.get()
    first, second = assessment.answers.order_by("requirement__order")
    answer(first, "partly_met")
    late = with_action(first)
    ActionItem.objects.filter(pk=late.pk).update(
        due_date=timezone.localdate() - dt.timedelta(days=3)
    )
    with_action(first, days=10)
    answer(second, "met")
    submit(assessment)
    state = provider_assessment_state(provider=world.provider_a)
    assert state["submitted_in_date"] is True
    assert state["ratings"] == {"met": 1, "partly_met": 1, "not_met": 0, "not_applicable": 0}
    assert (state["open_actions"], state["overdue_actions"]) == (2, 1)
    assert state["suggested_challenges"] == 1  # chscp 4 met, one DBS missing
    # Submitted today, annually: the next one is due a year from today.
    assert state["due_date"] == add_months(timezone.localdate(), 12)


def test_status_command_per_framework(world: Any, data: Any) -> None:
    _submitted(world, ("chscp", "bscp"), ("workforce_rule",), rating="not_applicable")
    out = StringIO()
    call_command(
        "assessments", "status", "--provider", world.provider_a.slug, "--format", "json", stdout=out
    )
    rows = json.loads(out.getvalue())
    assert [r["framework"] for r in rows] == ["bscp", "chscp"]
    for row in rows:
        assert {
            "cycle",
            "due_date",
            "status",
            "ratings",
            "open_actions",
            "overdue_actions",
            "suggested_challenges",
        } <= set(row)
        assert row["status"] == "submitted" and row["ratings"]["not_applicable"] == 2
    text = StringIO()
    call_command("assessments", "status", "--provider", world.provider_a.slug, stdout=text)
    assert "suggested challenges" in text.getvalue()
    with pytest.raises(CommandError, match="No provider 'nobody'"):
        call_command("assessments", "status", "--provider", "nobody")
