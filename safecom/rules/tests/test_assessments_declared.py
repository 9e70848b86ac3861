"""Declared-versus-computed checks: each source of data against a "met", with the figures."""

from __future__ import annotations

import datetime as dt

from safecom.rules import assessments as r
from safecom.rules import assessments_declared as d
from safecom.rules.registry import automatic_refs

TODAY = dt.date(2026, 6, 15)
Q1 = r.ReturnFigures("Q1 2026/27", dt.date(2026, 7, 20), {})


def _facts(**kw: object) -> r.ProviderFacts:
    return r.ProviderFacts(today=TODAY, **kw)  # type: ignore[arg-type]


def _returned(**values: float) -> r.ProviderFacts:
    return _facts(return_figures=r.ReturnFigures(Q1.period, Q1.submitted_on, values))


def test_training_coverage_against_the_frameworks_minimum() -> None:
    facts = _facts(workforce={"training_coverage": 0.71})
    params = {"training_coverage_min": 0.85}
    found = d.nel_c11_training_coverage_contradicts_met(
        rating="met", key="nel C11", facts=facts, parameters=params
    )
    assert found is not None and "71%" in found.message and "85%" in found.message
    for rating, coverage in (("partly_met", 0.71), ("met", 0.9), ("met", None)):
        assert (
            d.nel_c11_training_coverage_contradicts_met(
                rating=rating,
                key="nel C11",
                facts=_facts(workforce={"training_coverage": coverage}),
                parameters=params,
            )
            is None
        )


def test_dbs_records_contradict_met() -> None:
    facts = _facts(workforce={"dbs_missing": 2, "dbs_recheck_overdue": 1})
    found = d.chscp_4_dbs_records_contradict_met(
        rating="met", key="chscp 4", facts=facts, parameters={}
    )
    assert found is not None and found.figures == {"dbs_missing": 2, "dbs_recheck_overdue": 1}
    clean = _facts(workforce={"dbs_missing": 0, "dbs_recheck_overdue": 0})
    assert (
        d.chscp_4_dbs_records_contradict_met(
            rating="met", key="chscp 4", facts=clean, parameters={}
        )
        is None
    )
    # No workforce records: nothing to compare, so nothing is suggested.
    assert (
        d.chscp_4_dbs_records_contradict_met(
            rating="met", key="chscp 4", facts=_facts(), parameters={}
        )
        is None
    )


def test_named_roles_contradict_met() -> None:
    facts = _facts(vacant_roles=frozenset({"dsl"}))
    found = d.dorset_1_1_2_named_roles_contradict_met(
        rating="met", key="dorset 1.1.2", facts=facts, parameters={}
    )
    assert found is not None and "designated safeguarding lead" in found.message
    assert (
        d.dorset_1_1_2_named_roles_contradict_met(
            rating="met", key="nel SC32.2.4", facts=facts, parameters={}
        )
        is None
    )  # the Prevent lead is in post
    assert (
        d.dorset_1_1_2_named_roles_contradict_met(
            rating="met", key="dorset 1.1.2", facts=_facts(), parameters={}
        )
        is None
    )


def test_staff_record_checks_contradict_met() -> None:
    facts = _facts(workforce={"references_incomplete": 3, "right_to_work_missing": 0})
    found = d.dorset_2_5_staff_record_checks_contradict_met(
        rating="met", key="dorset 2.5", facts=facts, parameters={}
    )
    assert found is not None and "3 without the references needed" in found.message
    assert (
        d.dorset_2_5_staff_record_checks_contradict_met(
            rating="met", key="dorset 2.5", facts=_facts(workforce={}), parameters={}
        )
        is None
    )


def test_safer_recruitment_contradicts_met_below_the_minimum() -> None:
    params = {"recruitment_panel_safer_recruitment_trained_min": 1}
    none_trained = _facts(workforce={"safer_recruitment_trained": 0})
    assert d.dorset_3_4_safer_recruitment_contradicts_met(
        rating="met", key="dorset 3.4", facts=none_trained, parameters=params
    )
    one = _facts(workforce={"safer_recruitment_trained": 1})
    assert (
        d.dorset_3_4_safer_recruitment_contradicts_met(
            rating="met", key="dorset 3.4", facts=one, parameters=params
        )
        is None
    )


def test_dsl_training_contradicts_met() -> None:
    facts = _facts(workforce={"dsl_training_overdue": 1})
    found = d.dorset_3_5_dsl_training_contradicts_met(
        rating="met", key="dorset 3.5", facts=facts, parameters={}
    )
    assert found is not None and "1 DSL or deputy training refresh overdue" in found.message


def test_statement_contradicts_bscp_1_met() -> None:
    late = _facts(statement_review_date=dt.date(2026, 1, 1))
    found = d.bscp_1_statement_contradicts_met(
        rating="met", key="bscp 1", facts=late, parameters={}
    )
    assert found is not None and "1 January 2026" in found.message
    fine = _facts(statement_review_date=dt.date(2027, 1, 1))
    assert (
        d.bscp_1_statement_contradicts_met(rating="met", key="bscp 1", facts=fine, parameters={})
        is None
    )


def test_clause_check_contradicts_met_by_full_key() -> None:
    facts = _facts(unmet_clause_refs=frozenset({"nel SC32.1"}))
    assert d.nel_sc32_1_clause_check_contradicts_met(
        rating="met", key="nel SC32.1", facts=facts, parameters={}
    )
    assert (
        d.nel_sc32_1_clause_check_contradicts_met(
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


def test_the_providers_own_return_contradicts_a_met_training_rating() -> None:
    params = {"training_coverage_min": 0.85}
    found = d.nel_c11_return_training_coverage_contradicts_met(
        rating="met", key="nel C11", facts=_returned(training_coverage=0.71), parameters=params
    )
    assert found is not None and found.check == "return_training_coverage"
    assert "quarterly return for Q1 2026/27, submitted 20 July 2026, reports 71%" in found.message
    assert found.figures["period"] == "Q1 2026/27" and found.figures["training_coverage"] == 0.71
    # At or above the minimum, not rated met, or not reported: nothing to suggest.
    for rating, facts in (
        ("met", _returned(training_coverage=0.85)),
        ("partly_met", _returned(training_coverage=0.5)),
        ("met", _returned(staff=40)),
        ("met", _facts()),
    ):
        assert (
            d.nel_c11_return_training_coverage_contradicts_met(
                rating=rating, key="nel C11", facts=facts, parameters=params
            )
            is None
        )


def test_return_figures_for_dbs_staff_checks_recruitment_and_dsl_training() -> None:
    facts = _returned(
        dbs_missing=2,
        dbs_recheck_overdue=0,
        references_incomplete=1,
        safer_recruitment_trained=0,
        dsl_training_overdue=2,
    )
    dbs = d.chscp_4_return_dbs_figures_contradict_met(
        rating="met", key="chscp 4", facts=facts, parameters={}
    )
    assert dbs is not None and "reports 2 in regulated activity with no DBS check" in dbs.message
    staff = d.dorset_2_5_return_staff_checks_contradict_met(
        rating="met", key="dorset 2.5", facts=facts, parameters={}
    )
    assert staff is not None and "1 without the references needed" in staff.message
    panel = d.dorset_3_4_return_safer_recruitment_contradicts_met(
        rating="met",
        key="dorset 3.4",
        facts=facts,
        parameters={"recruitment_panel_safer_recruitment_trained_min": 1},
    )
    assert panel is not None and "0 staff trained in safer recruitment" in panel.message
    dsl = d.dorset_3_5_return_dsl_training_contradicts_met(
        rating="met", key="dorset 3.5", facts=facts, parameters={}
    )
    assert dsl is not None and "2 DSL or deputy training refreshes overdue" in dsl.message
    # A return that does not ask for a figure says nothing about it.
    silent = _returned(staff=12)
    assert (
        d.dorset_3_4_return_safer_recruitment_contradicts_met(
            rating="met",
            key="dorset 3.4",
            facts=silent,
            parameters={"recruitment_panel_safer_recruitment_trained_min": 1},
        )
        is None
    )
    assert (
        d.chscp_4_return_dbs_figures_contradict_met(
            rating="met", key="chscp 4", facts=silent, parameters={}
        )
        is None
    )


def test_records_and_return_are_each_a_suggestion() -> None:
    facts = r.ProviderFacts(
        today=TODAY,
        workforce={"training_coverage": 0.7},
        return_figures=r.ReturnFigures("Q1 2026/27", None, {"training_coverage": 0.8}),
    )
    found = r.contradictions(
        framework="nel",
        ref="C11",
        rating="met",
        parameters={"training_coverage_min": 0.85},
        facts=facts,
    )
    assert [c.check for c in found] == ["training_coverage", "return_training_coverage"]
    assert "70%" in found[0].message and "80%" in found[1].message


def test_late_or_missing_returns_contradict_met_on_time_returns() -> None:
    late = _facts(returns_record=r.ReturnsRecord(late=2, missing=1))
    found = d.nel_15_2_returns_on_time_contradict_met(
        rating="met", key="nel 15.2", facts=late, parameters={}
    )
    assert found is not None
    assert found.message.endswith("2 came in late and 1 is missing.")
    assert found.figures == {"returns_late_12m": 2, "returns_missing_12m": 1}
    for facts in (_facts(returns_record=r.ReturnsRecord(0, 0)), _facts()):
        assert (
            d.nel_15_2_returns_on_time_contradict_met(
                rating="met", key="nel 15.2", facts=facts, parameters={}
            )
            is None
        )


def test_a_policy_check_contradicts_met_directly_or_through_a_mapping() -> None:
    direct = r.DocumentFinding(r.POLICY, "dorset 1.1.2", "policy.pdf", dt.date(2026, 5, 1))
    facts = _facts(document_findings={"dorset 1.1.2": (direct,)})
    found = d.dorset_1_policy_check_contradicts_met(
        rating="met", key="dorset 1.1.2", facts=facts, parameters={}
    )
    assert found is not None and found.check == "policy_check"
    assert found.message == (
        "Rated met, but the check of the provider's policy of policy.pdf (1 May 2026) finds "
        "dorset 1.1.2 not fully met."
    )
    assert found.figures["document"] == "policy.pdf" and found.figures["checked_on"] == "2026-05-01"
    mapped = r.DocumentFinding(r.POLICY, "bscp 2.5", "whistleblowing.docx", None)
    through = d.dorset_1_policy_check_contradicts_met(
        rating="met",
        key="chscp 2.5",
        facts=_facts(document_findings={"chscp 2.5": (mapped,)}),
        parameters={},
    )
    assert through is not None and "finds bscp 2.5 not fully met, which chscp 2.5 covers" in (
        through.message
    )
    # A policy finding is not a clause finding, and a rating short of met is not contradicted.
    assert (
        d.nel_sc32_1_clause_check_contradicts_met(
            rating="met", key="dorset 1.1.2", facts=facts, parameters={}
        )
        is None
    )
    assert (
        d.dorset_1_policy_check_contradicts_met(
            rating="partly_met", key="dorset 1.1.2", facts=facts, parameters={}
        )
        is None
    )


def test_a_clause_finding_gives_the_check_and_is_counted_once() -> None:
    finding = r.DocumentFinding(r.CLAUSE, "nel SC32.1", "", dt.date(2026, 3, 3))
    facts = _facts(
        unmet_clause_refs=frozenset({"nel SC32.1"}),
        document_findings={"nel SC32.1": (finding,)},
    )
    found = r.contradictions(
        framework="nel", ref="SC32.1", rating="met", parameters={}, facts=facts
    )
    assert [c.check for c in found] == ["clause_check"]
    assert "clause check (3 March 2026) finds nel SC32.1 not fully met" in found[0].message


def test_every_declared_check_is_registered_against_its_requirements() -> None:
    refs = automatic_refs()
    for key, name in (
        (("nel", "15.2"), "nel_15_2_returns_on_time_contradict_met"),
        (("dorset", "1"), "dorset_1_policy_check_contradicts_met"),
        (("nel", "C11"), "nel_c11_return_training_coverage_contradicts_met"),
        (("chscp", "4"), "chscp_4_return_dbs_figures_contradict_met"),
    ):
        assert name in refs[key], key


def test_a_finding_reached_through_a_mapping_speaks_only_of_the_same_document() -> None:
    clause = r.DocumentFinding(r.CLAUSE, "bscp 2.5", "", None)
    policy = r.DocumentFinding(r.POLICY, "nel C8", "policies.docx", None)
    facts = _facts(document_findings={"dorset 1.4": (clause, policy)})
    # A provider's policy requirement: the policy finding bears on it, the clause one does not.
    assert r.findings_for(facts, "dorset 1.4", "provider_policy") == (policy,)
    found = r.contradictions(
        framework="dorset",
        ref="1.4",
        rating="met",
        parameters={},
        facts=facts,
        kind="provider_policy",
    )
    assert [c.check for c in found] == ["policy_check"]
    # A clause requirement: only the clause finding.
    assert r.findings_for(facts, "dorset 1.4", "contract_clause") == (clause,)
    # A finding on the requirement itself always bears on it.
    own = r.DocumentFinding(r.CLAUSE, "dorset 1.4", "", None)
    assert r.findings_for(
        _facts(document_findings={"dorset 1.4": (own,)}), "dorset 1.4", "provider_policy"
    ) == (own,)
