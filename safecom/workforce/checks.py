"""One person's gaps, each with its reason and the requirement it comes from, by the rules.

The staff list filters by the same gaps set-based (selectors.gap_filters); a test holds the
two together.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from safecom.rules import workforce as rules
from safecom.workforce.models import StaffMember
from safecom.workforce.policy import WorkforcePolicy

TRAINING_LABELS = {
    "safeguarding_children": "safeguarding children",
    "safeguarding_adults": "safeguarding adults",
    "prevent": "Prevent",
    "mca": "Mental Capacity Act",
    "online_safety": "online safety",
    "safer_recruitment": "safer recruitment",
    "dsl": "designated safeguarding lead",
}


@dataclass(frozen=True)
class Gap:
    code: str  # as selectors.GAP_LABELS
    ref: str  # the requirement, "dorset 2.3"
    message: str
    severity: str  # "red" (a check missing or lapsed) or "amber" (due soon)


def dbs_recheck_due(staff: StaffMember, policy: WorkforcePolicy) -> dt.date | None:
    return rules.dorset_2_3_dbs_recheck_due(
        current_from=staff.dbs_current_from, recheck_years=policy.dbs_recheck_years
    )


def training_status(
    staff: StaffMember,
    *,
    policy: WorkforcePolicy,
    today: dt.date,
    latest: Mapping[str, Any],
    holds_dsl: bool,
) -> dict[str, dict[str, Any]]:
    """kind -> {"required", "completed_on", "due", "current"} for every kind on record or
    required (the training matrix's cells)."""
    required = rules.nel_c11_training_required(
        regulated_children=staff.regulated_children,
        regulated_adults=staff.regulated_adults,
        holds_dsl_role=holds_dsl,
        recruits_staff=staff.recruits_staff,
    )
    out = {}
    for kind in TRAINING_LABELS:
        record = latest.get(kind)
        if record is None and kind not in required:
            continue
        years = rules.dorset_3_5_refresh_years(
            kind=kind,
            holds_dsl_role=holds_dsl,
            training_refresh_years=policy.training_refresh_years or 0,
            dsl_training_refresh_years=policy.dsl_training_refresh_years or 0,
        )
        done = record.completed_on if record else None
        out[kind] = {
            "required": kind in required,
            "completed_on": done,
            "level": record.level if record else "",
            "due": rules.add_years(done, years) if done and years else None,
            "current": bool(years)
            and rules.dorset_3_5_training_current(
                completed_on=done, refresh_years=years, today=today
            ),
        }
    return out


def recorded(staff: StaffMember, name: str) -> bool:
    """Whether the record holds a value in that (encrypted) field. Lists read the flag
    `<name>_recorded` instead of the column (selectors.staff_listing), so nothing is decrypted
    for a value they do not show; a record read whole answers from the value itself."""
    flag = staff.__dict__.get(f"{name}_recorded")
    return bool(getattr(staff, name)) if flag is None else bool(flag)


def staff_gaps(
    staff: StaffMember,
    *,
    policy: WorkforcePolicy,
    today: dt.date,
    latest: Mapping[str, Any],
    holds_dsl: bool,
) -> list[Gap]:
    gaps: list[Gap] = []
    regulated = staff.regulated_children or staff.regulated_adults
    missing = rules.dorset_2_4_record_missing(
        first_name=staff.first_name,
        last_name=staff.last_name,
        address=staff.address,
        date_of_birth_recorded=recorded(staff, "date_of_birth"),
    )
    if missing:
        gaps.append(
            Gap("record_incomplete", "dorset 2.4", f"No {' or '.join(missing)} on record.", "red")
        )
    if rules.dorset_2_2_leaver_still_active(
        is_active=staff.is_active, leaving_date=staff.leaving_date, today=today
    ):
        gaps.append(
            Gap(
                "leaver_still_active",
                "dorset 2.2",
                f"Left on {staff.leaving_date:%d/%m/%Y} but still listed as active.",
                "red",
            )
        )
    if rules.dorset_2_5_identity_not_recorded(
        documents=staff.identity_documents,
        checked_by=staff.identity_checked_by,
        checked_on=staff.identity_checked_on,
    ):
        gaps.append(
            Gap(
                "identity_not_recorded",
                "dorset 2.5",
                "The identity check (what was seen, by whom, when) is not fully recorded.",
                "red",
            )
        )
    rtw = rules.dorset_2_5_right_to_work_problem(
        worker_type=staff.worker_type,
        right_to_work_type=staff.right_to_work_type,
        checked_on=staff.right_to_work_checked_on,
        expires=staff.right_to_work_expires,
        today=today,
    )
    if rtw == "missing":
        gaps.append(
            Gap("right_to_work_missing", "dorset 2.5", "No right to work check recorded.", "red")
        )
    elif rtw == "expired":
        gaps.append(
            Gap(
                "right_to_work_missing",
                "dorset 2.5",
                f"Right to work ended on {staff.right_to_work_expires:%d/%m/%Y}.",
                "red",
            )
        )
    if policy.references_required and rules.dorset_2_5_references_incomplete(
        references_received=staff.references_received,
        single_reference_risk_assessed=staff.single_reference_risk_assessed,
        references_required=policy.references_required,
    ):
        gaps.append(
            Gap(
                "references_incomplete",
                "dorset 2.5",
                f"{staff.references_received} of {policy.references_required} references seen, "
                "and no risk assessment recorded.",
                "red",
            )
        )
    if regulated:
        gaps += _dbs_gaps(staff, policy, today)
    gaps += _training_gaps(staff, policy=policy, today=today, latest=latest, holds_dsl=holds_dsl)
    return gaps


def _dbs_gaps(staff: StaffMember, policy: WorkforcePolicy, today: dt.date) -> list[Gap]:
    gaps = []
    if rules.chscp_4_dbs_not_recorded(
        in_regulated_activity=True, dbs_number_recorded=recorded(staff, "dbs_number")
    ):
        gaps.append(
            Gap("dbs_missing", "chscp 4", "In regulated activity with no DBS on record.", "red")
        )
    else:
        status = rules.dorset_2_3_dbs_recheck_status(
            current_from=staff.dbs_current_from,
            recheck_years=policy.dbs_recheck_years,
            today=today,
        )
        due = dbs_recheck_due(staff, policy)
        if status == "overdue" and due:
            gaps.append(
                Gap(
                    "dbs_recheck_overdue",
                    "dorset 2.3",
                    f"DBS recheck was due on {due:%d/%m/%Y}.",
                    "red",
                )
            )
        elif status == "due_soon" and due:
            gaps.append(
                Gap(
                    "dbs_recheck_due_60d",
                    "dorset 2.3",
                    f"DBS recheck due on {due:%d/%m/%Y}.",
                    "amber",
                )
            )
    if rules.dorset_2_5_barred_list_missing(
        regulated_children=staff.regulated_children,
        regulated_adults=staff.regulated_adults,
        dbs_level=staff.dbs_level,
    ):
        groups = " and ".join(
            g
            for g, on in (
                ("children's", staff.regulated_children),
                ("adults'", staff.regulated_adults),
            )
            if on
        )
        gaps.append(
            Gap(
                "barred_list_missing",
                "dorset 2.5",
                f"In regulated activity without an enhanced check of the {groups} barred list.",
                "red",
            )
        )
    return gaps


def _training_gaps(
    staff: StaffMember,
    *,
    policy: WorkforcePolicy,
    today: dt.date,
    latest: Mapping[str, Any],
    holds_dsl: bool,
) -> list[Gap]:
    if policy.training_refresh_years is None or policy.dsl_training_refresh_years is None:
        return []
    required = rules.nel_c11_training_required(
        regulated_children=staff.regulated_children,
        regulated_adults=staff.regulated_adults,
        holds_dsl_role=holds_dsl,
        recruits_staff=staff.recruits_staff,
    )
    stale = rules.dorset_3_5_training_out_of_date(
        required=required,
        latest={k: r.completed_on for k, r in latest.items()},
        holds_dsl_role=holds_dsl,
        training_refresh_years=policy.training_refresh_years,
        dsl_training_refresh_years=policy.dsl_training_refresh_years,
        today=today,
    )
    if not stale:
        return []
    names = ", ".join(TRAINING_LABELS[k] for k in stale)
    ref = "dorset 3.3" if stale == ["dsl"] else "dorset 3.5"
    return [Gap("training_out_of_date", ref, f"Training missing or out of date: {names}.", "red")]
