"""Rules for continuous assurance: monitoring, returns, thematic checks, allegations, reviews.

Plain Python (no Django). Every number a standard sets (working days, months between returns
or reports) arrives as an argument read from the requirement's parameters; every date that
depends on "now" arrives as `today`, and bank holidays arrive as a collection of dates, so each
rule gives the same answer for the same input.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

# Calendar helpers live in their own module; imported here so existing imports keep working.
from safecom.rules.assurance_calendar import (  # noqa: F401
    FINANCIAL_YEAR_START_MONTH,
    Period,
    add_months,
    add_working_days,
    is_working_day,
    long_date,
    recent_periods,
    reporting_period,
    working_days_between,
)
from safecom.rules.registry import rule

# --- Allegations against staff (nel C10.1, dorset 1.3.5) ---------------------------------------


@dataclass(frozen=True)
class LadoTimeliness:
    status: str  # in_time | late | pending | overdue
    deadline: dt.date
    working_days_taken: int | None
    explanation: str

    @property
    def breach(self) -> bool:
        return self.status in {"late", "overdue"}


def _skipped(
    start: dt.date, end: dt.date, bank_holidays: Collection[dt.date]
) -> tuple[int, list[str]]:
    """Weekend days and bank holidays after `start` up to and including `end`."""
    weekend, named = 0, []
    day = start
    while day < end:
        day += dt.timedelta(days=1)
        if day.weekday() >= 5:
            weekend += 1
        elif day in bank_holidays:
            name = bank_holidays.get(day) if isinstance(bank_holidays, Mapping) else None
            named.append(f"{name} ({day.day} {day:%B})" if name else f"{day.day} {day:%B}")
    return weekend, named


def _not_counted(start: dt.date, end: dt.date, bank_holidays: Collection[dt.date]) -> str:
    weekend, named = _skipped(start, end, bank_holidays)
    parts = []
    if weekend:
        parts.append("the weekend")
    if named:
        parts.append(("bank holiday " if len(named) == 1 else "bank holidays ") + ", ".join(named))
    return f" ({' and '.join(parts)} not counted)" if parts else ""


@rule("nel C10.1")
def nel_c10_1_lado_informed_within_working_days(
    *,
    made_on: dt.date,
    informed_on: dt.date | None,
    working_days: int,
    bank_holidays: Collection[dt.date],
    today: dt.date,
) -> LadoTimeliness:
    """Informing the Local Authority Designated Officer (LADO) and the CCG Designated Nurse and
    or Doctor for safeguarding with the details of any referrals of allegations against staff
    within one working day of the allegation being made."""
    deadline = add_working_days(made_on, working_days, bank_holidays)
    unit = "working day" if working_days == 1 else "working days"
    if informed_on is not None:
        taken = working_days_between(made_on, informed_on, bank_holidays)
        later = "the same day" if taken == 0 else f"{taken} working day{'s' * (taken != 1)} later"
        text = (
            f"Made {long_date(made_on)}; the LADO was told {long_date(informed_on)}, {later}"
            f"{_not_counted(made_on, informed_on, bank_holidays)}."
        )
        if informed_on <= deadline:
            return LadoTimeliness(
                "in_time", deadline, taken, text + f" Within {working_days} {unit}."
            )
        return LadoTimeliness(
            "late",
            deadline,
            taken,
            text + f" Late: the deadline was {long_date(deadline)} ({working_days} {unit}).",
        )
    if today <= deadline:
        return LadoTimeliness(
            "pending",
            deadline,
            None,
            f"Made {long_date(made_on)}; the LADO must be told by {long_date(deadline)}"
            f"{_not_counted(made_on, deadline, bank_holidays)}.",
        )
    return LadoTimeliness(
        "overdue",
        deadline,
        None,
        f"Made {long_date(made_on)}; no date recorded for telling the LADO, which was due by "
        f"{long_date(deadline)}{_not_counted(made_on, deadline, bank_holidays)}.",
    )


@rule("dorset 1.3.5")
def dorset_1_3_5_allegation_reported_to_lado(*, informed_on: dt.date | None) -> bool:
    """include a named officer who will report all allegations to the Local Authority
    Safeguarding Officer (LADO) as appropriate and continue to liaise as appropriate, in
    accordance with the PDSCP procedures"""
    return informed_on is not None


# --- Contract monitoring (chscp 5, bscp 5, hips 3) ---------------------------------------------


@rule("chscp 5", "bscp 5")
def chscp_5_meeting_has_safeguarding_item(*, safeguarding_item: str | None) -> bool:
    """This should include safeguarding discussions at each contract monitoring meeting and
    safeguarding metrics included within the contract."""
    return bool(safeguarding_item and safeguarding_item.strip())


@rule("chscp 5", "bscp 5", "hips 3")
def chscp_5_metric_rag(
    *,
    value: Decimal | None,
    target: Decimal | None,
    amber_tolerance: Decimal,
    direction: str,
) -> str | None:
    """Evidence adherence to the above standards through robust performance management and a
    good quality assurance framework of commissioned services on a regular basis.

    Red, amber or green against the contract's target: `direction` "higher" means at or above
    the target is green, "lower" means at or below it is; within `amber_tolerance` of the
    target is amber. No target, no value or a count kept only to watch ("none"): no RAG."""
    if value is None or target is None or direction not in {"higher", "lower"}:
        return None
    gap = (target - value) if direction == "higher" else (value - target)
    if gap <= 0:
        return "green"
    if gap <= amber_tolerance:
        return "amber"
    return "red"


# --- Quarterly returns and annual reports (nel 15) ---------------------------------------------


@rule("nel 15.2", "nel AppA.2")
def nel_15_2_return_status(*, due_on: dt.date, submitted_on: dt.date | None, today: dt.date) -> str:
    """Submit complete safeguarding dashboards or other performance management data to the CCG
    commissioners on a quarterly basis and in a timely manner;

    "submitted" (on time), "late" (submitted after the due date), "missing" (not submitted and
    past the due date) or "open" (not yet due)."""
    if submitted_on is not None:
        return "submitted" if submitted_on <= due_on else "late"
    return "missing" if today > due_on else "open"


@dataclass(frozen=True)
class ReportDue:
    due_on: dt.date | None
    overdue: bool


@rule("nel 15.1", "nel A9")
def nel_15_1_annual_report_due(
    *,
    last_received_on: dt.date | None,
    start_on: dt.date | None,
    interval_months: int,
    today: dt.date,
) -> ReportDue:
    """Have arrangements in place to regularly monitor safeguarding performance and activity
    as well as an annual report on safeguarding children and an annual report on safeguarding
    adults.

    The next report is due `interval_months` after the last one (or after the contract
    started, when none has been received)."""
    base = last_received_on or start_on
    if base is None:
        return ReportDue(None, False)
    due = add_months(base, interval_months)
    return ReportDue(due, today > due)


# --- Statutory reviews (nel 8) -----------------------------------------------------------------


@rule("nel 8.1.3")
def nel_8_1_3_recommendation_overdue(
    *, due_on: dt.date | None, completed_on: dt.date | None, today: dt.date
) -> bool:
    """Completion of reviews, recommendations against timescales forms part of CCG
    commissioners' performance monitoring arrangements."""
    return completed_on is None and due_on is not None and due_on < today


# --- Briefings (chscp 3, bscp 3, hips 2) -------------------------------------------------------


@rule("chscp 3", "bscp 3", "hips 2")
def chscp_3_briefing_unacknowledged(
    *, recipients: Iterable[tuple[str, dt.date | None]]
) -> list[str]:
    """Enable contractors and subcontractors to receive The CHSCP's 'Things You Should Know'
    briefings, updates and participate in CHSCP training.

    The recipients (name, acknowledged on) that have not acknowledged, by name."""
    return sorted(name for name, acknowledged_on in recipients if acknowledged_on is None)


# --- Risk-based thematic checks (chscp 6, bscp 6) ----------------------------------------------


@dataclass(frozen=True)
class RiskPolicy:
    """How scores map to tiers and tiers to months between checks (a commissioner may change)."""

    high_from: int = 50
    medium_from: int = 25
    high_months: int = 3
    medium_months: int = 6
    low_months: int = 12

    def months(self, tier: str) -> int:
        return {"high": self.high_months, "medium": self.medium_months}.get(tier, self.low_months)


@dataclass(frozen=True)
class RiskInputs:
    client_group: str
    regulated_activity: bool
    value: Decimal | None
    last_check_on: dt.date | None
    overdue_actions: int
    overdue_recommendations: int
    allegations_12m: int
    lado_breaches_12m: int
    serious_incidents_12m: int
    reviews_12m: int
    returns_issued_12m: int
    returns_late_12m: int
    returns_missing_12m: int
    assessment: Mapping[str, Any] | None
    workforce: Mapping[str, Any] | None
    training_coverage_min: float | None
    today: dt.date


@dataclass(frozen=True)
class RiskFactor:
    code: str
    label: str
    points: int
    max_points: int
    explanation: str
    has_data: bool = True


@dataclass(frozen=True)
class RiskScore:
    score: int
    factors: tuple[RiskFactor, ...]


def _count(value: Any) -> int:
    """A count from another app's summary, which may give a number or a list."""
    if value is None:
        return 0
    if isinstance(value, list | tuple | set | frozenset):
        return len(value)
    return int(value)


def _sentence(parts: list[str]) -> str:
    text = "; ".join(parts)
    return text[:1].upper() + text[1:] + "."


def _plural(n: int, word: str, plural: str | None = None) -> str:
    return f"{n} {word if n == 1 else (plural or word + 's')}"


def _client_factor(i: RiskInputs) -> RiskFactor:
    who = {"children": "children", "adults": "adults at risk", "both": "children and adults"}.get(
        i.client_group, i.client_group
    )
    if i.regulated_activity:
        points = 12 if i.client_group == "adults" else 15
        text = f"Staff carry out regulated activity with {who}."
    else:
        points = 5 if i.client_group != "adults" else 3
        text = f"Serves {who}; staff do not carry out regulated activity."
    return RiskFactor("client_group", "Client group and regulated activity", points, 15, text)


def _size_factor(i: RiskInputs) -> RiskFactor:
    label = "Contract size"
    if i.value is None:
        return RiskFactor("size", label, 0, 10, "No data: no contract value recorded.", False)
    pounds = f"£{i.value:,.0f}"
    if i.value >= 1_000_000:
        return RiskFactor("size", label, 10, 10, f"{pounds}: a large contract (£1m or more).")
    if i.value >= 250_000:
        return RiskFactor(
            "size", label, 6, 10, f"{pounds}: a medium-sized contract (£250,000 to £1m)."
        )
    return RiskFactor("size", label, 2, 10, f"{pounds}: a small contract (under £250,000).")


def _check_factor(i: RiskInputs) -> RiskFactor:
    label = "Time since the last thematic check"
    if i.last_check_on is None:
        return RiskFactor("last_check", label, 15, 15, "No thematic check recorded yet.")
    months = (i.today.year - i.last_check_on.year) * 12 + i.today.month - i.last_check_on.month
    months -= i.today.day < i.last_check_on.day
    when = f"Last check {i.last_check_on.day} {i.last_check_on:%B %Y}"
    if months >= 12:
        return RiskFactor("last_check", label, 15, 15, f"{when}, {months} months ago.")
    if months >= 6:
        return RiskFactor("last_check", label, 8, 15, f"{when}, {months} months ago.")
    return RiskFactor("last_check", label, 0, 15, f"{when}, under 6 months ago.")


def _actions_factor(i: RiskInputs) -> RiskFactor:
    label = "Overdue actions"
    total = i.overdue_actions + i.overdue_recommendations
    if not total:
        return RiskFactor("overdue_actions", label, 0, 10, "No overdue actions or recommendations.")
    parts = []
    if i.overdue_actions:
        parts.append(_plural(i.overdue_actions, "monitoring or check action"))
    if i.overdue_recommendations:
        parts.append(_plural(i.overdue_recommendations, "review recommendation"))
    return RiskFactor(
        "overdue_actions", label, min(10, 3 * total), 10, " and ".join(parts) + " overdue."
    )


def _incidents_factor(i: RiskInputs) -> RiskFactor:
    label = "Allegations and incidents in the last 12 months"
    points = (
        4 * i.allegations_12m
        + 4 * i.lado_breaches_12m
        + 4 * i.serious_incidents_12m
        + 2 * i.reviews_12m
    )
    if not points:
        return RiskFactor("incidents", label, 0, 20, "No allegations, incidents or reviews.")
    parts = []
    if i.allegations_12m:
        parts.append(_plural(i.allegations_12m, "allegation") + " against staff")
    if i.lado_breaches_12m:
        parts.append(
            _plural(i.lado_breaches_12m, "allegation")
            + " not reported to the LADO within the time allowed"
        )
    if i.serious_incidents_12m:
        parts.append(_plural(i.serious_incidents_12m, "serious incident"))
    if i.reviews_12m:
        parts.append(_plural(i.reviews_12m, "statutory review"))
    return RiskFactor("incidents", label, min(20, points), 20, "; ".join(parts) + ".")


def _as_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def _holds_assessment(a: Mapping[str, Any] | None) -> bool:
    """An empty summary (nothing submitted, nothing due, no ratings) is no data, not a gap."""
    if not a:
        return False
    ratings = a.get("ratings") or {}
    return bool(
        a.get("submitted_in_date")
        or a.get("due_date")
        or any(_count(v) for v in ratings.values())
        or _count(a.get("open_actions"))
    )


def _assessment_factor(i: RiskInputs) -> RiskFactor:
    label = "Self-assessment"
    a = i.assessment
    if a is None or not _holds_assessment(a):
        return RiskFactor(
            "self_assessment",
            label,
            0,
            10,
            "No data: no self-assessment held for the provider.",
            False,
        )
    ratings = a.get("ratings") or {}
    not_met, partly = _count(ratings.get("not_met")), _count(ratings.get("partly_met"))
    challenges = _count(a.get("suggested_challenges"))
    overdue = _count(a.get("overdue_actions"))
    points = 2 * not_met + partly + challenges + overdue
    parts = []
    due = _as_date(a.get("due_date"))
    if not a.get("submitted_in_date") and due is not None:
        if due < i.today:
            points += 4
            parts.append(f"not submitted, or out of date, since {due.day} {due:%B %Y}")
        else:
            parts.append(f"not yet submitted: due {due.day} {due:%B %Y}")
    if not_met:
        parts.append(_plural(not_met, "standard") + " rated not met (red)")
    if partly:
        parts.append(_plural(partly, "standard") + " partly met (amber)")
    if challenges:
        parts.append(_plural(challenges, "suggested challenge"))
    if overdue:
        parts.append(_plural(overdue, "overdue self-assessment action"))
    text = _sentence(parts) if parts else "Submitted and in date; no reds, ambers or challenges."
    return RiskFactor("self_assessment", label, min(10, points), 10, text)


def _workforce_factor(i: RiskInputs) -> RiskFactor:
    label = "Workforce compliance"
    w = i.workforce
    if not w or not _count(w.get("staff")):
        return RiskFactor(
            "workforce", label, 0, 10, "No data: no staff records held for the provider.", False
        )
    points, parts = 0, []
    dbs_gap = _count(w.get("dbs_missing")) + _count(w.get("barred_list_missing"))
    if dbs_gap:
        points += 4
        parts.append(_plural(dbs_gap, "missing DBS or barred-list check"))
    if recheck := _count(w.get("dbs_recheck_overdue")):
        points += 2
        parts.append(_plural(recheck, "overdue DBS recheck"))
    checks = _count(w.get("references_incomplete")) + _count(w.get("right_to_work_missing"))
    if checks:
        points += 2
        parts.append(_plural(checks, "incomplete reference or right-to-work check"))
    coverage = w.get("training_coverage")
    minimum = i.training_coverage_min
    if coverage is not None and minimum is not None and coverage < minimum:
        points += 3
        parts.append(
            f"training coverage {math.floor(coverage * 100)}% "
            f"(the standard asks {round(minimum * 100)}%)"
        )
    if dsl := _count(w.get("dsl_training_overdue")):
        points += 2
        parts.append(
            _plural(
                dsl,
                "lead with overdue safeguarding training",
                "leads with overdue safeguarding training",
            )
        )
    if vacant := w.get("named_roles_vacant"):
        points += 2
        names = ", ".join(map(str, vacant)) if isinstance(vacant, list | tuple) else str(vacant)
        parts.append(f"named roles vacant: {names}")
    text = _sentence(parts) if parts else "Staff records complete."
    return RiskFactor("workforce", label, min(10, points), 10, text)


def _returns_factor(i: RiskInputs) -> RiskFactor:
    label = "Quarterly returns"
    if not i.returns_issued_12m:
        return RiskFactor(
            "returns", label, 0, 10, "No data: no returns were due in the last 12 months.", False
        )
    bad = i.returns_late_12m + i.returns_missing_12m
    if not bad:
        return RiskFactor(
            "returns", label, 0, 10, f"All {_plural(i.returns_issued_12m, 'return')} on time."
        )
    parts = []
    if i.returns_late_12m:
        parts.append(_plural(i.returns_late_12m, "return") + " late")
    if i.returns_missing_12m:
        parts.append(_plural(i.returns_missing_12m, "return") + " missing")
    return RiskFactor(
        "returns",
        label,
        min(10, 3 * i.returns_late_12m + 5 * i.returns_missing_12m),
        10,
        " and ".join(parts) + f" of {i.returns_issued_12m} in the last 12 months.",
    )


@rule("chscp 6", "bscp 6")
def chscp_6_risk_score(*, inputs: RiskInputs) -> RiskScore:
    """Undertake thematic checks as part of the quality assurance process to ensure these
    standards are met. The regularity and mechanisms for these checks should be considered
    using a risk based approach.

    A score out of 100 from named factors, each with its points and the reason in words. A
    factor without data says so and adds nothing."""
    factors = (
        _client_factor(inputs),
        _size_factor(inputs),
        _check_factor(inputs),
        _actions_factor(inputs),
        _incidents_factor(inputs),
        _assessment_factor(inputs),
        _workforce_factor(inputs),
        _returns_factor(inputs),
    )
    return RiskScore(score=sum(f.points for f in factors), factors=factors)


@rule("chscp 6", "bscp 6")
def chscp_6_risk_tier(*, score: int, policy: RiskPolicy) -> str:
    """The regularity and mechanisms for these checks should be considered using a risk based
    approach."""
    if score >= policy.high_from:
        return "high"
    if score >= policy.medium_from:
        return "medium"
    return "low"


@rule("chscp 6", "bscp 6")
def chscp_6_next_check_due(
    *,
    tier: str,
    last_check_on: dt.date | None,
    start_on: dt.date | None,
    policy: RiskPolicy,
) -> dt.date | None:
    """The regularity and mechanisms for these checks should be considered using a risk based
    approach.

    The tier's interval after the last check or, before any check, after the contract
    started."""
    base = last_check_on or start_on
    return add_months(base, policy.months(tier)) if base else None
