"""One test per workforce rule, with the numbers passed in as the frameworks give them."""

from __future__ import annotations

import datetime as dt

from safecom.rules import workforce as r
from safecom.rules.registry import automatic_refs

D = dt.date


def test_rules_are_registered_against_real_refs():
    refs = automatic_refs()
    for key in [
        ("dorset", "2.3"),
        ("dorset", "2.5"),
        ("chscp", "4"),
        ("bscp", "4"),
        ("dorset", "3.4"),
        ("dorset", "3.5"),
        ("nel", "C11"),
        ("nel", "A4"),
        ("nel", "SC32.2.1"),
        ("nel", "SC32.2.4"),
        ("nel", "C9"),
    ]:
        assert key in refs, key
    assert "dorset_2_3_dbs_recheck_due" in refs[("dorset", "2.3")]


def test_add_years_and_earliest_still_current_agree():
    assert r.add_years(D(2024, 2, 29), 3) == D(2027, 2, 28)
    for today in (D(2025, 3, 1), D(2024, 2, 29), D(2025, 2, 28), D(2028, 2, 29)):
        for years in (1, 2, 3):
            cut = r.earliest_still_current(today=today, years=years)
            assert r.add_years(cut, years) >= today
            assert r.add_years(cut - dt.timedelta(days=1), years) < today


def test_dorset_2_3_dbs_current_from_moves_on_with_update_service():
    args = {
        "issue_date": D(2020, 1, 1),
        "update_service": True,
        "status_checked_on": D(2024, 6, 1),
        "status_result": "current",
    }
    assert r.dorset_2_3_dbs_current_from(**args) == D(2024, 6, 1)
    assert r.dorset_2_3_dbs_current_from(**{**args, "status_result": "not_current"}) == D(
        2020, 1, 1
    )
    assert r.dorset_2_3_dbs_current_from(**{**args, "update_service": False}) == D(2020, 1, 1)
    assert r.dorset_2_3_dbs_current_from(**{**args, "issue_date": None}) is None


def test_dorset_2_3_dbs_recheck_due_uses_the_given_years():
    assert r.dorset_2_3_dbs_recheck_due(current_from=D(2022, 5, 1), recheck_years=3) == D(
        2025, 5, 1
    )
    assert r.dorset_2_3_dbs_recheck_due(current_from=D(2022, 5, 1), recheck_years=2) == D(
        2024, 5, 1
    )
    assert r.dorset_2_3_dbs_recheck_due(current_from=None, recheck_years=3) is None


def test_dorset_2_3_dbs_recheck_status():
    today = D(2025, 6, 1)
    status = r.dorset_2_3_dbs_recheck_status
    assert status(current_from=None, recheck_years=3, today=today) == "missing"
    assert status(current_from=D(2022, 5, 31), recheck_years=3, today=today) == "overdue"
    assert status(current_from=D(2022, 6, 1), recheck_years=3, today=today) == "due_soon"
    assert status(current_from=D(2022, 7, 31), recheck_years=3, today=today) == "due_soon"
    assert status(current_from=D(2022, 8, 1), recheck_years=3, today=today) == "ok"


def test_chscp_4_dbs_not_recorded():
    assert r.chscp_4_dbs_not_recorded(in_regulated_activity=True, dbs_number_recorded=False)
    assert not r.chscp_4_dbs_not_recorded(in_regulated_activity=True, dbs_number_recorded=True)
    assert not r.chscp_4_dbs_not_recorded(in_regulated_activity=False, dbs_number_recorded=False)


def test_dorset_2_5_barred_list_missing():
    f = r.dorset_2_5_barred_list_missing
    assert f(regulated_children=True, regulated_adults=False, dbs_level="enhanced")
    assert not f(
        regulated_children=True, regulated_adults=False, dbs_level="enhanced_barred_children"
    )
    assert f(regulated_children=True, regulated_adults=True, dbs_level="enhanced_barred_children")
    assert not f(regulated_children=True, regulated_adults=True, dbs_level="enhanced_barred_both")
    assert not f(regulated_children=False, regulated_adults=False, dbs_level="")


def test_dorset_2_4_record_missing():
    assert (
        r.dorset_2_4_record_missing(
            first_name="A", last_name="B", address="x", date_of_birth_recorded=True
        )
        == []
    )
    assert r.dorset_2_4_record_missing(
        first_name="A", last_name=" ", address="", date_of_birth_recorded=False
    ) == ["name", "address", "date of birth"]


def test_dorset_2_5_identity_not_recorded():
    assert not r.dorset_2_5_identity_not_recorded(
        documents="Passport", checked_by="HR", checked_on=D(2024, 1, 1)
    )
    assert r.dorset_2_5_identity_not_recorded(
        documents="Passport", checked_by="", checked_on=D(2024, 1, 1)
    )


def test_dorset_2_5_references_incomplete():
    f = r.dorset_2_5_references_incomplete
    assert not f(references_received=2, single_reference_risk_assessed=False, references_required=2)
    assert f(references_received=1, single_reference_risk_assessed=False, references_required=2)
    assert not f(references_received=1, single_reference_risk_assessed=True, references_required=2)
    assert f(references_received=0, single_reference_risk_assessed=True, references_required=2)
    assert f(references_received=2, single_reference_risk_assessed=False, references_required=3)


def test_dorset_2_5_right_to_work_problem():
    f = r.dorset_2_5_right_to_work_problem
    today = D(2025, 1, 1)
    ok = {
        "worker_type": "employee",
        "right_to_work_type": "unlimited",
        "checked_on": D(2020, 1, 1),
        "expires": None,
        "today": today,
    }
    assert f(**ok) is None
    assert f(**{**ok, "right_to_work_type": ""}) == "missing"
    assert f(**{**ok, "right_to_work_type": "time_limited", "expires": D(2024, 12, 31)}) == (
        "expired"
    )
    assert f(**{**ok, "right_to_work_type": "time_limited", "expires": D(2025, 1, 1)}) is None
    assert f(**{**ok, "worker_type": "volunteer", "right_to_work_type": ""}) is None


def test_dorset_2_2_leaver_still_active():
    today = D(2025, 1, 10)
    assert r.dorset_2_2_leaver_still_active(is_active=True, leaving_date=D(2025, 1, 9), today=today)
    assert not r.dorset_2_2_leaver_still_active(
        is_active=False, leaving_date=D(2025, 1, 9), today=today
    )
    assert not r.dorset_2_2_leaver_still_active(
        is_active=True, leaving_date=D(2025, 2, 1), today=today
    )


def test_nel_c11_training_required():
    f = r.nel_c11_training_required
    assert f(
        regulated_children=True, regulated_adults=False, holds_dsl_role=False, recruits_staff=False
    ) == {"safeguarding_children"}
    assert f(
        regulated_children=False, regulated_adults=True, holds_dsl_role=True, recruits_staff=True
    ) == {"safeguarding_adults", "mca", "prevent", "dsl", "safer_recruitment"}


def test_dorset_3_5_refresh_years():
    f = r.dorset_3_5_refresh_years
    args = {"training_refresh_years": 3, "dsl_training_refresh_years": 2}
    assert f(kind="safeguarding_children", holds_dsl_role=False, **args) == 3
    assert f(kind="safeguarding_children", holds_dsl_role=True, **args) == 2
    assert f(kind="dsl", holds_dsl_role=False, **args) == 2
    assert f(kind="prevent", holds_dsl_role=True, **args) == 3


def test_dorset_3_5_training_current():
    today = D(2025, 5, 1)
    assert r.dorset_3_5_training_current(completed_on=D(2022, 5, 1), refresh_years=3, today=today)
    assert not r.dorset_3_5_training_current(
        completed_on=D(2022, 4, 30), refresh_years=3, today=today
    )
    assert not r.dorset_3_5_training_current(completed_on=None, refresh_years=3, today=today)


def test_dorset_3_5_training_out_of_date():
    today = D(2025, 5, 1)
    stale = r.dorset_3_5_training_out_of_date(
        required={"safeguarding_children", "dsl", "prevent"},
        latest={"safeguarding_children": D(2023, 1, 1), "dsl": D(2024, 1, 1)},
        holds_dsl_role=True,
        training_refresh_years=3,
        dsl_training_refresh_years=2,
        today=today,
    )
    # Safeguarding from 2023 is within 3 years but not within a DSL's 2: out of date.
    assert stale == ["prevent", "safeguarding_children"]


def test_dorset_3_3_dsl_training_overdue():
    today = D(2025, 5, 1)
    f = r.dorset_3_3_dsl_training_overdue
    assert f(
        holds_dsl_role=True,
        last_dsl_training=D(2023, 4, 30),
        dsl_training_refresh_years=2,
        today=today,
    )
    assert not f(
        holds_dsl_role=True,
        last_dsl_training=D(2023, 5, 1),
        dsl_training_refresh_years=2,
        today=today,
    )
    assert not f(
        holds_dsl_role=False, last_dsl_training=None, dsl_training_refresh_years=2, today=today
    )


def test_nel_c11_training_coverage_and_minimum():
    assert r.nel_c11_training_coverage(relevant=0, up_to_date=0) is None
    assert r.nel_c11_training_coverage(relevant=20, up_to_date=17) == 0.85
    assert r.nel_c11_training_coverage_met(coverage=0.85, minimum=0.85)
    assert not r.nel_c11_training_coverage_met(coverage=0.84, minimum=0.85)
    assert r.nel_c11_training_coverage_met(coverage=None, minimum=0.85)


def test_dorset_3_4_safer_recruitment_short():
    assert r.dorset_3_4_safer_recruitment_short(trained_recruiters=0, minimum=1)
    assert not r.dorset_3_4_safer_recruitment_short(trained_recruiters=1, minimum=1)


def test_nel_c9_named_roles_required():
    assert "named_doctor" in r.nel_c9_named_roles_required(is_health=True)
    assert "named_doctor" not in r.nel_c9_named_roles_required(is_health=False)
    assert "dsl" in r.nel_c9_named_roles_required(is_health=False)


def test_nel_sc32_2_roles_vacant():
    vacant = r.nel_sc32_2_roles_vacant(
        required=("dsl", "prevent_lead", "cse_lead"),
        holders={"dsl": "A Person", "prevent_lead": None},
    )
    assert vacant == ["prevent_lead", "cse_lead"]


def test_every_workforce_rule_names_a_requirement_that_exists():
    from pathlib import Path

    import yaml

    from safecom.rules.registry import registered_rules

    folder = Path(r.__file__).parents[1] / "standards" / "data"
    known = set()
    for path in folder.glob("*.yaml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        known |= {(data["id"], req["ref"]) for req in data.get("requirements", [])}
    mine = [(x.framework, x.ref) for x in registered_rules() if x.name in vars(r)]
    assert len(mine) >= 20
    assert set(mine) <= known, set(mine) - known
