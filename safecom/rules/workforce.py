"""Workforce rules: staff records, DBS, training and named roles. Plain Python, no Django.

Every number (recheck years, references required, refresh intervals, coverage) comes in as an
argument read from the framework's parameters; nothing here decides a policy on its own.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

from safecom.rules.registry import rule

DUE_SOON_DAYS = 60  # the issue's "due within 60 days" warning window

BARRED_CHILDREN = frozenset({"enhanced_barred_children", "enhanced_barred_both"})
BARRED_ADULTS = frozenset({"enhanced_barred_adults", "enhanced_barred_both"})
# Right-to-work checks are for people the provider pays or engages to work, not volunteers,
# trustees or governors.
RIGHT_TO_WORK_TYPES = frozenset({"employee", "agency", "contractor"})
CHILDREN_TRAINING = frozenset({"safeguarding_children"})
ADULTS_TRAINING = frozenset({"safeguarding_adults", "mca", "prevent"})
DSL_ROLES = frozenset({"dsl", "deputy_dsl"})
BASE_NAMED_ROLES = (
    "dsl",
    "deputy_dsl",
    "safeguarding_lead",
    "cse_lead",
    "mca_dols_lead",
    "prevent_lead",
    "allegations_manager",
    "allegations_deputy",
)
HEALTH_NAMED_ROLES = ("named_doctor", "named_nurse")


def add_years(day: dt.date, years: int) -> dt.date:
    """The same day `years` later (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def earliest_still_current(*, today: dt.date, years: int) -> dt.date:
    """The earliest date `d` with add_years(d, years) >= today: anything on or after it is
    still within its interval today. Lets a database filter agree exactly with the rules."""
    day = add_years(today, -years)
    while add_years(day - dt.timedelta(days=1), years) >= today:
        day -= dt.timedelta(days=1)
    while add_years(day, years) < today:
        day += dt.timedelta(days=1)
    return day


# --- DBS -------------------------------------------------------------------------------


@rule("dorset 2.3")
def dorset_2_3_dbs_current_from(
    *,
    issue_date: dt.date | None,
    update_service: bool,
    status_checked_on: dt.date | None,
    status_result: str,
) -> dt.date | None:
    """Providers must ensure any staff/volunteers requiring DBS checks have valid and up-to-date
    certificates that are renewed as required. ... the last check must be recorded in the staff
    record or SCR.

    The date the DBS evidence is current from: the certificate's issue date, moved on by the
    latest Update Service status check that found it still current.
    """
    if issue_date is None:
        return None
    if (
        update_service
        and status_checked_on is not None
        and status_result == "current"
        and status_checked_on > issue_date
    ):
        return status_checked_on
    return issue_date


@rule("dorset 2.3")
def dorset_2_3_dbs_recheck_due(
    *, current_from: dt.date | None, recheck_years: int | None
) -> dt.date | None:
    """Dorset Council recommends DBS check are updated at least every three years.

    The recheck-due date (what the standards call the DBS "expiry"): the date the DBS evidence
    is current from plus the commissioner's recheck interval. None when there is no DBS check
    or no interval set.
    """
    if current_from is None or not recheck_years:
        return None
    return add_years(current_from, recheck_years)


@rule("dorset 2.3")
def dorset_2_3_dbs_recheck_status(
    *,
    current_from: dt.date | None,
    recheck_years: int | None,
    today: dt.date,
    due_soon_days: int = DUE_SOON_DAYS,
) -> str:
    """Providers must ensure any staff/volunteers requiring DBS checks have valid and up-to-date
    certificates that are renewed as required.

    "missing" (no DBS recorded), "overdue" (recheck date passed), "due_soon" (within the
    warning window) or "ok".
    """
    if current_from is None:
        return "missing"
    due = dorset_2_3_dbs_recheck_due(current_from=current_from, recheck_years=recheck_years)
    if due is None:
        return "ok"
    if due < today:
        return "overdue"
    if due <= today + dt.timedelta(days=due_soon_days):
        return "due_soon"
    return "ok"


@rule("chscp 4", "bscp 4")
def chscp_4_dbs_not_recorded(*, in_regulated_activity: bool, dbs_number_recorded: bool) -> bool:
    """Record the DBS numbers and DBS expiry dates for staff within contracted services who work
    directly with, or have regular contact with, children and young people based on levels of
    contact.

    True when someone in regulated activity has no DBS certificate number on record (the
    recheck date follows from the issue date, see dorset 2.3).
    """
    return in_regulated_activity and not dbs_number_recorded


@rule("dorset 2.5", "dorset 1.2.6")
def dorset_2_5_barred_list_missing(
    *, regulated_children: bool, regulated_adults: bool, dbs_level: str
) -> bool:
    """Enhanced DBS checks (including Children's Barred List) for staff/volunteers working in
    regulated activity.

    True when someone in regulated activity lacks an enhanced check with the barred list for
    the group they work with.
    """
    if regulated_children and dbs_level not in BARRED_CHILDREN:
        return True
    return regulated_adults and dbs_level not in BARRED_ADULTS


# --- The staff record --------------------------------------------------------------------


@rule("dorset 2.4")
def dorset_2_4_record_missing(
    *, first_name: str, last_name: str, address: str, date_of_birth_recorded: bool
) -> list[str]:
    """The record should include names, addresses, dates of birth of all: staff trustees
    governors volunteers agency workers

    The parts of the record that are missing (empty when complete).
    """
    missing = []
    if not first_name.strip() or not last_name.strip():
        missing.append("name")
    if not address.strip():
        missing.append("address")
    if not date_of_birth_recorded:
        missing.append("date of birth")
    return missing


@rule("dorset 2.5")
def dorset_2_5_identity_not_recorded(
    *, documents: str, checked_by: str, checked_on: dt.date | None
) -> bool:
    """The record should include: identity checks (address and photographic identity) that have
    been carried out and by whom what was checked for example a passport, utility bill, driving
    licence etc

    True when what was seen, who checked it or when is not recorded.
    """
    return not documents.strip() or not checked_by.strip() or checked_on is None


@rule("dorset 2.5")
def dorset_2_5_references_incomplete(
    *, references_received: int, single_reference_risk_assessed: bool, references_required: int
) -> bool:
    """confirmation that two satisfactory references have been seen and verified in line with
    safe recruitment practice confirmation that a risk assessment is conducted and added to the
    record for any longer term staff with only one reference

    True when fewer references than required were seen and no risk assessment covers the one.
    """
    if references_received >= references_required:
        return False
    return not (references_received >= 1 and single_reference_risk_assessed)


@rule("dorset 2.5")
def dorset_2_5_right_to_work_problem(
    *,
    worker_type: str,
    right_to_work_type: str,
    checked_on: dt.date | None,
    expires: dt.date | None,
    today: dt.date,
) -> str | None:
    """Right to Work' in the United Kingdom checks

    "missing" when someone paid or engaged to work has no right-to-work check recorded,
    "expired" when a time-limited right has passed its expiry, otherwise None.
    """
    if worker_type not in RIGHT_TO_WORK_TYPES:
        return None
    if not right_to_work_type or checked_on is None:
        return "missing"
    if right_to_work_type == "time_limited" and (expires is None or expires < today):
        return "expired" if expires is not None else "missing"
    return None


@rule("dorset 2.2")
def dorset_2_2_leaver_still_active(
    *, is_active: bool, leaving_date: dt.date | None, today: dt.date
) -> bool:
    """The record must be completed immediately when any changes occur and reviewed annually.

    True when someone whose leaving date has passed is still listed as active.
    """
    return is_active and leaving_date is not None and leaving_date < today


# --- Training ----------------------------------------------------------------------------


@rule("nel C11", "nel A4")
def nel_c11_training_required(
    *,
    regulated_children: bool,
    regulated_adults: bool,
    holds_dsl_role: bool,
    recruits_staff: bool,
) -> frozenset[str]:
    """Ensure a training needs analysis for all staff is completed which assigns job role to
    the level of training required;

    The kinds of training someone needs from their role: safeguarding children for work with
    children (nel C11); safeguarding adults, MCA/DoLS and Prevent for work with adults (nel A4);
    the DSL course for a DSL or deputy (dorset 3.3); safer recruitment for recruiters
    (dorset 3.4).
    """
    kinds: set[str] = set()
    if regulated_children:
        kinds |= CHILDREN_TRAINING
    if regulated_adults:
        kinds |= ADULTS_TRAINING
    if holds_dsl_role:
        kinds.add("dsl")
    if recruits_staff:
        kinds.add("safer_recruitment")
    return frozenset(kinds)


@rule("dorset 3.5")
def dorset_3_5_refresh_years(
    *,
    kind: str,
    holds_dsl_role: bool,
    training_refresh_years: int,
    dsl_training_refresh_years: int,
) -> int:
    """all safeguarding training should be updated at regular intervals; best practice is every
    three years for staff and volunteers working with children. Designated Safeguarding Leads
    and deputies, this should be every two years.

    How often this kind of training must be refreshed for this person.
    """
    if kind == "dsl" or (
        holds_dsl_role and kind in {"safeguarding_children", "safeguarding_adults"}
    ):
        return dsl_training_refresh_years
    return training_refresh_years


@rule("dorset 3.5")
def dorset_3_5_training_current(
    *, completed_on: dt.date | None, refresh_years: int, today: dt.date
) -> bool:
    """all safeguarding training should be updated at regular intervals

    True when the latest course was completed within the refresh interval.
    """
    if completed_on is None:
        return False
    return add_years(completed_on, refresh_years) >= today


@rule("dorset 3.5")
def dorset_3_5_training_out_of_date(
    *,
    required: Iterable[str],
    latest: Mapping[str, dt.date],
    holds_dsl_role: bool,
    training_refresh_years: int,
    dsl_training_refresh_years: int,
    today: dt.date,
) -> list[str]:
    """all safeguarding training should be updated at regular intervals; best practice is every
    three years for staff and volunteers working with children. Designated Safeguarding Leads
    and deputies, this should be every two years.

    The required kinds (sorted) whose latest completion is missing or older than its interval.
    """
    out = []
    for kind in sorted(required):
        years = dorset_3_5_refresh_years(
            kind=kind,
            holds_dsl_role=holds_dsl_role,
            training_refresh_years=training_refresh_years,
            dsl_training_refresh_years=dsl_training_refresh_years,
        )
        if not dorset_3_5_training_current(
            completed_on=latest.get(kind), refresh_years=years, today=today
        ):
            out.append(kind)
    return out


@rule("dorset 3.3", "dorset 3.5")
def dorset_3_3_dsl_training_overdue(
    *,
    holds_dsl_role: bool,
    last_dsl_training: dt.date | None,
    dsl_training_refresh_years: int,
    today: dt.date,
) -> bool:
    """your Designated Safeguarding Lead and deputy undertakes the training for staff working in
    specialist roles including designated and named professionals

    True when a DSL or deputy has not completed the DSL course within its refresh interval.
    """
    if not holds_dsl_role:
        return False
    return not dorset_3_5_training_current(
        completed_on=last_dsl_training, refresh_years=dsl_training_refresh_years, today=today
    )


@rule("nel C11", "nel A4")
def nel_c11_training_coverage(*, relevant: int, up_to_date: int) -> float | None:
    """Ensure that 85% of relevant staff are up to date with the level of training they need at
    any one time;

    The share of relevant staff up to date, or None when there are no relevant staff.
    """
    if relevant <= 0:
        return None
    return min(1.0, max(0, up_to_date) / relevant)


@rule("nel C11", "nel A4")
def nel_c11_training_coverage_met(*, coverage: float | None, minimum: float) -> bool:
    """Ensure that 85% of relevant staff are up to date with the level of training they need at
    any one time;

    True when coverage reaches the framework's minimum (no relevant staff counts as met).
    """
    return coverage is None or coverage >= minimum


@rule("dorset 3.4", "dorset 1.2.5")
def dorset_3_4_safer_recruitment_short(*, trained_recruiters: int, minimum: int) -> bool:
    """at least one person (including the Chair) of any recruitment panel has undertaken safer
    recruitment training

    True when the provider has fewer people with current safer recruitment training than a
    panel needs, so a panel cannot include one.
    """
    return trained_recruiters < minimum


# --- Named roles -------------------------------------------------------------------------


@rule("nel C9", "nel A8", "dorset 1.1.2", "dorset 1.3.2")
def nel_c9_named_roles_required(*, is_health: bool) -> tuple[str, ...]:
    """All commissioned services providing services for children should have proportionate
    coverage of named professionals: a named doctor and a named nurse – and a named midwife if
    the organisation provides maternity services.

    The named roles a provider must fill: DSL and deputy (dorset 1.1.2), the safeguarding, CSE,
    MCA/DoLS and Prevent leads (nel SC32.2), the senior manager for allegations and deputy
    (dorset 1.3.2), and a named doctor and nurse for health providers (nel C9). A named midwife
    only where the provider records one (maternity services).
    """
    return BASE_NAMED_ROLES + (HEALTH_NAMED_ROLES if is_health else ())


@rule("nel SC32.2.1", "nel SC32.2.2", "nel SC32.2.3", "nel SC32.2.4")
def nel_sc32_2_roles_vacant(
    *, required: Iterable[str], holders: Mapping[str, str | None]
) -> list[str]:
    """The Provider must nominate: ... a Safeguarding Lead ... a Child Sexual Abuse and
    Exploitation Lead; ... a Mental Capacity and Deprivation of Liberty Lead; ... a Prevent
    Lead, and must ensure that the Co-ordinating Commissioner is kept informed at all times of
    the identity of the persons holding those positions.

    The required roles (in the order given) that nobody holds.
    """
    return [code for code in required if not holders.get(code)]
