"""How each area of a contract's assurance becomes a RAG with its reason. Plain Python.

Every function takes the state that area's app reports (plain dicts and values, or None
when there is no data) and returns (rag, reason): "red", "amber", "green" or "grey" (no
data or not applicable), and one sentence a commissioner can defend.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from safecom.rules.registry import rule

Rag = tuple[str, str]
RAG_ORDER = {"red": 0, "amber": 1, "grey": 2, "green": 3}


def worst(*rags: Rag) -> Rag:
    return min(rags, key=lambda r: RAG_ORDER[r[0]])


def gate_rag(passed: bool | None, failed_conditions: list[str], overridden: bool = False) -> Rag:
    if passed is None:
        return "grey", "The pre-engagement gate has not been checked."
    if overridden:
        return "amber", "The gate was overridden with a recorded reason."
    if passed:
        return "green", "Every pre-engagement condition is met."
    return "red", "Not met: " + ", ".join(failed_conditions) + "."


@rule("nel AppA.1")
def nel_appa_1_clause_rag(check: dict[str, Any] | None) -> Rag:
    """Safeguarding children and adults service standards are included within all contracts,
    service level agreements and service specifications."""
    if check is None:
        return "red", "No safeguarding clause check is recorded for this contract."
    unmet = check.get("unmet_refs") or []
    if check.get("all_met"):
        return "green", "Every element of the safeguarding clause is met."
    if len(unmet) <= 2:
        return "amber", f"{len(unmet)} clause element(s) not fully met: {', '.join(unmet)}."
    return "red", f"{len(unmet)} clause elements not fully met."


def assessment_rag(state: dict[str, Any] | None, today: dt.date) -> Rag:
    if state is None:
        return "grey", "No self-assessment round includes this provider."
    due = state.get("due_date")
    if not state.get("submitted_in_date"):
        if due and due < today:
            return "red", f"The self-assessment was due on {due:%d/%m/%Y} and is not in."
        return "amber", "The self-assessment is not yet submitted."
    ratings = state.get("ratings") or {}
    if state.get("overdue_actions"):
        return "red", f"{state['overdue_actions']} action(s) from the self-assessment overdue."
    if ratings.get("not_met") or state.get("suggested_challenges"):
        return "amber", (
            f"{ratings.get('not_met', 0)} requirement(s) not met, "
            f"{state.get('suggested_challenges', 0)} rating(s) the data contradicts."
        )
    return "green", "Submitted, in date, with no open gaps."


def workforce_rag(summary: dict[str, Any] | None, coverage_min: float) -> Rag:
    if not summary or not summary.get("staff"):
        return "grey", "No staff records are held for this provider."
    serious = {
        "DBS checks missing": summary.get("dbs_missing", 0),
        "DBS rechecks overdue": summary.get("dbs_recheck_overdue", 0),
        "barred-list checks missing": summary.get("barred_list_missing", 0),
        "right-to-work checks missing": summary.get("right_to_work_missing", 0),
    }
    vacant = summary.get("named_roles_vacant") or []
    red = [f"{n} {label}" for label, n in serious.items() if n]
    coverage = summary.get("training_coverage")
    if coverage is not None and coverage < coverage_min:
        red.append(f"training coverage {coverage:.0%} against {coverage_min:.0%}")
    if "dsl" in vacant:
        red.append("no designated safeguarding lead")
    if red:
        return "red", "; ".join(red).capitalize() + "."
    amber = []
    if summary.get("dbs_recheck_due_60d"):
        amber.append(f"{summary['dbs_recheck_due_60d']} DBS rechecks due within 60 days")
    if summary.get("references_incomplete"):
        amber.append(f"{summary['references_incomplete']} with references incomplete")
    if vacant:
        amber.append(f"vacant roles: {', '.join(vacant)}")
    if amber:
        return "amber", "; ".join(amber).capitalize() + "."
    return "green", "Checks, training and named roles in order."


@rule("chscp 5", "bscp 5")
def chscp_5_monitoring_rag(
    monitoring: dict[str, Any] | None, today: dt.date, max_gap_days: int = 120
) -> Rag:
    """This should include safeguarding discussions at each contract monitoring meeting and
    safeguarding metrics included within the contract."""
    if not monitoring or not monitoring.get("last_meeting"):
        return "red", "No contract monitoring meeting is recorded."
    if monitoring.get("meetings_without_safeguarding_item"):
        n = monitoring["meetings_without_safeguarding_item"]
        return "red", f"{n} monitoring meeting(s) without a safeguarding item."
    if monitoring.get("overdue_actions"):
        return "amber", f"{monitoring['overdue_actions']} monitoring action(s) overdue."
    last = monitoring["last_meeting"]
    if (today - last).days > max_gap_days:
        return "amber", f"The last monitoring meeting was on {last:%d/%m/%Y}."
    return "green", "Safeguarding discussed at every monitoring meeting."


def returns_rag(returns: dict[str, Any] | None) -> Rag:
    if not returns:
        return "grey", "No quarterly returns are expected for this contract."
    if returns.get("missing"):
        return "red", f"{returns['missing']} quarterly return(s) missing."
    if returns.get("late"):
        return "amber", f"{returns['late']} quarterly return(s) late."
    return "green", "Quarterly returns in on time."


def thematic_rag(risk: dict[str, Any] | None, today: dt.date) -> Rag:
    if not risk:
        return "grey", "No risk score yet."
    due = risk.get("next_check_due")
    tier = risk.get("tier", "")
    if risk.get("overdue") or (due and due < today):
        return "red", f"{tier.capitalize()} risk: the thematic check is overdue."
    if due and (due - today).days <= 30:
        return "amber", f"{tier.capitalize()} risk: a thematic check is due by {due:%d/%m/%Y}."
    return "green", f"{tier.capitalize()} risk: the next check is on schedule."


def allegations_rag(allegations: dict[str, Any] | None) -> Rag:
    if not allegations:
        return "green", "No allegations in the last 12 months."
    if allegations.get("lado_breaches_12m"):
        return "red", (
            f"{allegations['lado_breaches_12m']} allegation(s) not referred to the "
            "LADO within one working day."
        )
    if allegations.get("open"):
        return "amber", f"{allegations['open']} allegation(s) open."
    return "green", "Allegations referred in time; none open."
