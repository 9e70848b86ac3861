import datetime as dt

from safecom.rules import dashboard as d

TODAY = dt.date(2026, 11, 21)


def test_clause_rag_follows_unmet_elements() -> None:
    assert d.nel_appa_1_clause_rag(None)[0] == "red"
    assert d.nel_appa_1_clause_rag({"all_met": True, "unmet_refs": []})[0] == "green"
    rag, reason = d.nel_appa_1_clause_rag({"all_met": False, "unmet_refs": ["chscp 2.8"]})
    assert rag == "amber" and "chscp 2.8" in reason
    assert d.nel_appa_1_clause_rag({"all_met": False, "unmet_refs": list("abc")})[0] == "red"


def test_workforce_rag_names_every_serious_gap() -> None:
    rag, reason = d.workforce_rag(
        {"staff": 20, "dbs_missing": 2, "training_coverage": 0.71, "named_roles_vacant": ["dsl"]},
        0.85,
    )
    assert rag == "red"
    assert "2 dbs checks missing" in reason.lower() and "71%" in reason and "designated" in reason
    assert d.workforce_rag({"staff": 5, "training_coverage": 0.9}, 0.85)[0] == "green"
    assert d.workforce_rag({"staff": 5, "dbs_recheck_due_60d": 1}, 0.85)[0] == "amber"
    assert d.workforce_rag(None, 0.85)[0] == "grey"


def test_assessment_rag_overdue_and_contradicted() -> None:
    late = {"submitted_in_date": False, "due_date": dt.date(2026, 10, 1)}
    assert d.assessment_rag(late, TODAY) == (
        "red",
        "The self-assessment was due on 01/10/2026 and is not in.",
    )
    challenged = {"submitted_in_date": True, "ratings": {"not_met": 0}, "suggested_challenges": 1}
    assert d.assessment_rag(challenged, TODAY)[0] == "amber"


def test_monitoring_needs_a_safeguarding_item_at_every_meeting() -> None:
    assert d.chscp_5_monitoring_rag(None, TODAY)[0] == "red"
    missing = {"last_meeting": dt.date(2026, 11, 1), "meetings_without_safeguarding_item": 1}
    assert d.chscp_5_monitoring_rag(missing, TODAY)[0] == "red"
    stale = {"last_meeting": dt.date(2026, 5, 1)}
    assert d.chscp_5_monitoring_rag(stale, TODAY)[0] == "amber"
    assert d.chscp_5_monitoring_rag({"last_meeting": dt.date(2026, 10, 1)}, TODAY)[0] == "green"


def test_thematic_returns_allegations_and_worst() -> None:
    assert (
        d.thematic_rag({"tier": "high", "next_check_due": dt.date(2026, 11, 1)}, TODAY)[0] == "red"
    )
    assert (
        d.thematic_rag({"tier": "low", "next_check_due": dt.date(2026, 12, 1)}, TODAY)[0] == "amber"
    )
    assert d.returns_rag({"missing": 1})[0] == "red" and d.returns_rag({"late": 1})[0] == "amber"
    assert d.allegations_rag({"lado_breaches_12m": 1})[0] == "red"
    assert d.worst(("green", "a"), ("amber", "b"), ("grey", "c")) == ("amber", "b")
    assert d.gate_rag(False, ["a DSL is named"]) == ("red", "Not met: a DSL is named.")
