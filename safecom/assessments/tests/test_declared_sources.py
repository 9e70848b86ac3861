"""Declared versus computed against the provider's quarterly returns and the contract's
document checks, read from the assurance and documents apps' own records."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from safecom.assessments import integrations
from safecom.assessments.declared import suggestions_for_answers
from safecom.assessments.models import Assessment
from safecom.assessments.tests.factories import StatementFactory, answer_all, current, open_round
from safecom.assessments.tests.factories import submit as submit_return
from safecom.assurance.models import ReturnAnswer
from safecom.assurance.tests.factories import ReturnFactory, ReturnItemFactory, TemplateFactory
from safecom.contracts.tests.factories import ContractFactory
from safecom.documents.tests.factories import DocumentCheckFactory
from safecom.organisations.tests.factories import CommissionerFactory
from safecom.standards.models import MappingSet, RequirementMapping

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def _submitted(world: Any, frameworks: tuple[str, ...], kinds: tuple[str, ...]) -> Assessment:
    assessment = open_round(
        owner=world.commissioner_a,
        providers=[world.provider_a],
        contracts=[world.contract_a],
        frameworks=frameworks,
        kinds=kinds,
    ).assessments.get()
    answer_all(assessment, "met")
    if "bscp" in frameworks:
        StatementFactory(provider=world.provider_a)
    return submit_return(assessment)


def _found(assessment: Assessment) -> dict[str, list[Any]]:
    answers = list(assessment.answers.select_related("requirement__framework_version__framework"))
    found = suggestions_for_answers(provider=assessment.provider, answers=answers)
    by_key = {a.pk: a.key for a in answers}
    return {by_key[pk]: items for pk, items in found.items()}


def _return(
    contract: Any,
    label: str,
    end: dt.date,
    values: dict[str, str],
    submitted: dt.date | None,
    due: dt.date | None = None,
) -> Any:
    template = TemplateFactory(commissioner=contract.commissioner)
    items = {
        "training_coverage": ReturnItemFactory(
            template=template, code="trained", kind="percent", prefill="training_coverage"
        ),
        "dbs_missing": ReturnItemFactory(
            template=template, code="dbs", kind="count", prefill="dbs_missing"
        ),
        "concerns": ReturnItemFactory(template=template, code="concerns", kind="count"),
    }
    found = ReturnFactory(
        template=template,
        contract=contract,
        period_start=end - dt.timedelta(days=90),
        period_end=end,
        period_label=label,
        due_on=due or end + dt.timedelta(days=30),
        submitted_on=submitted,
    )
    for name, value in values.items():
        ReturnAnswer.objects.create(safeguarding_return=found, item=items[name], value=value)
    return found


def test_the_latest_submitted_return_contradicts_a_met_with_its_own_figures(
    world: Any, data: Any
) -> None:
    data.summary["training_coverage"] = 0.9  # the records say all is well
    end = TODAY - dt.timedelta(days=40)
    _return(world.contract_a, "Q4", end - dt.timedelta(days=91), {"training_coverage": "92"}, end)
    _return(
        world.contract_a,
        "Q1",
        end,
        {"training_coverage": "71", "dbs_missing": "3", "concerns": "12"},
        TODAY - dt.timedelta(days=5),
    )
    # A later return not yet submitted, and a return for a contract this return is not about,
    # say nothing.
    _return(world.contract_a, "Q2", TODAY, {"training_coverage": "10"}, None)
    elsewhere = ContractFactory(commissioner=CommissionerFactory(), provider=world.provider_a)
    _return(elsewhere, "Q1 elsewhere", end, {"training_coverage": "5"}, end)

    found = _found(_submitted(world, ("nel",), ("workforce_rule",)))
    [c11] = found["nel C11"]
    assert c11.check == "return_training_coverage"
    assert "quarterly return for Q1" in c11.message and "reports 71%" in c11.message
    assert "85%" in c11.message
    assert c11.figures["training_coverage"] == pytest.approx(0.71)
    assert c11.figures["period"] == "Q1"

    chscp = _found(_submitted(world, ("chscp",), ("workforce_rule",)))
    assert [c.check for c in chscp["chscp 4"]] == ["return_dbs_records"]
    assert "reports 3 in regulated activity with no DBS check" in chscp["chscp 4"][0].message


def test_late_and_missing_returns_contradict_a_met_on_time_returns(world: Any, data: Any) -> None:
    _return(
        world.contract_a,
        "late",
        TODAY - dt.timedelta(days=70),
        {},
        TODAY - dt.timedelta(days=30),
        due=TODAY - dt.timedelta(days=40),
    )
    _return(world.contract_a, "missing", TODAY - dt.timedelta(days=40), {}, None, due=TODAY)
    _return(
        world.contract_a,
        "missing long ago",
        TODAY - dt.timedelta(days=500),
        {},
        None,
        due=TODAY - dt.timedelta(days=470),
    )
    _return(
        world.contract_a,
        "missing",
        TODAY - dt.timedelta(days=20),
        {},
        None,
        due=TODAY - dt.timedelta(days=1),
    )
    found = _found(_submitted(world, ("nel",), ("assurance_activity",)))
    [late] = found["nel 15.2"]
    assert late.check == "returns_on_time"
    assert late.message.endswith("1 came in late and 1 is missing.")


def test_the_latest_policy_check_contradicts_a_met_policy_answer(world: Any, data: Any) -> None:
    now = timezone.now()
    DocumentCheckFactory(
        contract=world.contract_a,
        kind="provider_policy",
        framework_version=current("dorset"),
        document_name="safeguarding-policy.pdf",
        unmet_refs=["1.1.2", "1.2.1"],
        checked_at=now - dt.timedelta(days=10),
    )
    assessment = _submitted(world, ("dorset",), ("provider_policy",))
    found = _found(assessment)
    [dsl] = found["dorset 1.1.2"]
    assert dsl.check == "policy_check"
    assert "policy of safeguarding-policy.pdf" in dsl.message
    assert "finds dorset 1.1.2 not fully met" in dsl.message
    assert dsl.figures["document"] == "safeguarding-policy.pdf"
    assert "dorset 1.2.1" in found and "dorset 1.1.3" not in found
    # A newer check of the policies under the same framework supersedes it.
    DocumentCheckFactory(
        contract=world.contract_a,
        kind="provider_policy",
        framework_version=current("dorset"),
        unmet_refs=[],
        all_met=True,
        checked_at=now,
    )
    assert _found(assessment) == {}


@pytest.fixture
def policies_mapped() -> None:
    current_set = MappingSet.objects.get(is_current=True)
    RequirementMapping.objects.create(
        mapping_set=current_set,
        from_framework="dorset",
        from_ref="1.1.4",
        to_framework="nel",
        to_ref="C8",
        relation="equal",
        rationale="For this test: the same policy.",
    )


def test_a_finding_reaches_an_answer_through_a_mapping_about_the_same_document(
    world: Any, data: Any, policies_mapped: None
) -> None:
    DocumentCheckFactory(
        contract=world.contract_a,
        kind="provider_policy",
        framework_version=current("nel"),
        document_name="policies.docx",
        unmet_refs=["C8"],
    )
    # bscp 2.5 (a contract clause) is covered by dorset 1.4 (a provider policy): a clause
    # check says nothing about the provider's own policy, so it does not reach it.
    data.clause = integrations.ClauseCheck(
        available=True,
        exists=True,
        all_met=False,
        checked_at=timezone.now(),
        unmet_refs=("bscp 2.5",),
        frameworks=("bscp",),
    )
    found = _found(_submitted(world, ("dorset",), ("provider_policy",)))
    [mapped] = found["dorset 1.1.4"]
    assert "policy of policies.docx" in mapped.message
    assert "finds nel C8 not fully met, which dorset 1.1.4 covers" in mapped.message
    assert "dorset 1.4" not in found


def test_the_qa_officer_reads_the_figures_in_the_api(world: Any, data: Any) -> None:
    end = TODAY - dt.timedelta(days=40)
    _return(world.contract_a, "Q1", end, {"training_coverage": "60"}, end)
    assessment = _submitted(world, ("nel",), ("workforce_rule",))
    qa = Client()
    qa.force_login(world.users["qa_officer"])
    rows = qa.get(f"/api/assessments/returns/{assessment.pk}").json()["answers"]
    c11 = next(r for r in rows if r["requirement"] == "nel C11")
    [suggested] = c11["suggested_challenges"]
    assert suggested["check"] == "return_training_coverage"
    assert suggested["figures"]["training_coverage"] == pytest.approx(0.6)
    assert suggested["figures"]["period"] == "Q1"
    lead = Client()
    lead.force_login(world.users["provider_lead"])
    rows = lead.get(f"/api/assessments/returns/{assessment.pk}").json()["answers"]
    assert all(r["suggested_challenges"] == [] for r in rows)
