"""Rules for self-assessment, the pre-engagement gate, and the facts and register of the
declared-versus-computed checks (the checks themselves: assessments_declared.py).

Plain Python, no Django. Numbers (intervals, minimum coverage) come in as arguments from the
framework parameters; which requirement a check reads is said by the `@rule` refs, so
`safecom frameworks coverage` counts them.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from safecom.rules.registry import rule

MET = "met"
PARTLY_MET = "partly_met"
NOT_MET = "not_met"
NOT_APPLICABLE = "not_applicable"
RATINGS = (MET, PARTLY_MET, NOT_MET, NOT_APPLICABLE)
SHORT_OF_MET = frozenset({PARTLY_MET, NOT_MET})

# Round intervals. "At tender" is a one-off return for a tender: it does not lapse with time,
# only a framework's own interval (self_audit_interval_months) can make it lapse.
INTERVAL_MONTHS: dict[str, int | None] = {"annual": 12, "two_yearly": 24, "at_tender": None}

ACCEPTED_MODERATION = frozenset({"accepted", "closed"})
DONE = "done"

# Requirements that ask for a Child Safeguarding Statement besides the self-assessment.
STATEMENT_REQUIRED_BY: frozenset[tuple[str, str]] = frozenset({("bscp", "1")})


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later, or the month's last day when it is shorter."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _interval_months(interval: str, self_audit_interval_months: int | None) -> int | None:
    if interval not in INTERVAL_MONTHS:
        raise ValueError(f"unknown interval {interval!r}")
    months = INTERVAL_MONTHS[interval]
    if self_audit_interval_months:
        # The framework's own interval is a ceiling: a two-yearly round cannot outlast it.
        months = min(months or self_audit_interval_months, int(self_audit_interval_months))
    return months


@rule("chscp 1", "bscp 1", "dorset 4")
def chscp_1_self_assessment_next_due(
    *, submitted_on: dt.date, interval: str, self_audit_interval_months: int | None = None
) -> dt.date | None:
    """Ensure externally commissioned organisations have completed a CHSCP Self-Assessment and
    that they are continuing to engage in the Self-Assessment processes at intervals agreed by
    the CHSCP.

    The date by which the next self-assessment is due; None when it does not lapse.
    """
    months = _interval_months(interval, self_audit_interval_months)
    return add_months(submitted_on, months) if months else None


@rule("chscp 1", "bscp 1", "dorset 4")
def chscp_1_self_assessment_in_date(
    *,
    submitted_on: dt.date | None,
    today: dt.date,
    interval: str,
    self_audit_interval_months: int | None = None,
) -> bool:
    """Ensure externally commissioned organisations have completed a CHSCP Self-Assessment and
    that they are continuing to engage in the Self-Assessment processes at intervals agreed by
    the CHSCP.

    In date: submitted, and the interval since submission has not run out.
    """
    if submitted_on is None:
        return False
    due = chscp_1_self_assessment_next_due(
        submitted_on=submitted_on,
        interval=interval,
        self_audit_interval_months=self_audit_interval_months,
    )
    return due is None or today <= due


@rule("chscp 1", "bscp 1", "dorset 4")
def chscp_1_answer_can_carry_forward(*, moderation: str) -> bool:
    """Continuing to engage in the Self-Assessment processes at intervals agreed by the CHSCP.

    A new cycle starts from the last answer a QA officer accepted (or closed after challenge);
    an answer still pending or under challenge is not carried.
    """
    return moderation in ACCEPTED_MODERATION


@rule("dorset 4")
def dorset_4_action_needed(*, rating: str) -> bool:
    """Where identified, they must implement action plans resulting from the audit.

    Every rating short of met needs an action-plan item.
    """
    return rating in SHORT_OF_MET


@rule("dorset 4")
def dorset_4_action_overdue(*, due_date: dt.date, status: str, today: dt.date) -> bool:
    """Where identified, they must implement action plans resulting from the audit."""
    return status != DONE and due_date < today


@rule("bscp 1")
def bscp_1_statement_required(*, requirement_keys: Iterable[tuple[str, str]]) -> bool:
    """Ensure externally commissioned organisations have completed a BSCP Self-Assessment and
    Child Safeguarding Statement.

    True when any of the requirements in play asks for a Child Safeguarding Statement.
    """
    return any(tuple(key) in STATEMENT_REQUIRED_BY for key in requirement_keys)


@rule("bscp 1")
def bscp_1_statement_in_date(*, review_date: dt.date | None, today: dt.date) -> bool:
    """Ensure externally commissioned organisations have completed a BSCP Self-Assessment and
    Child Safeguarding Statement.

    In date: a statement is on record and its review date has not passed.
    """
    return review_date is not None and today <= review_date


# --- Submitting a return -------------------------------------------------------------------


@dataclass(frozen=True)
class AnswerState:
    key: str  # "chscp 4", as shown to people
    rating: str
    narrative: str
    has_action: bool


@rule("chscp 1", "bscp 1", "dorset 4")
def chscp_1_return_problems(
    *,
    answers: Sequence[AnswerState],
    statement_required: bool,
    statement_in_date: bool,
    declared: bool,
) -> dict[str, list[str]]:
    """Ensure externally commissioned organisations have completed a CHSCP Self-Assessment.

    What stops a return being submitted, by topic ("answers", "statement", "declared"), one
    sentence each; empty when it can be submitted.
    """
    problems: dict[str, list[str]] = {}
    for a in answers:
        if a.rating not in RATINGS:
            problems.setdefault("answers", []).append(f"{a.key}: choose a rating.")
            continue
        if not a.narrative.strip():
            problems.setdefault("answers", []).append(
                f"{a.key}: say how you meet it, or why it does not apply."
            )
        if dorset_4_action_needed(rating=a.rating) and not a.has_action:
            problems.setdefault("answers", []).append(
                f"{a.key}: rated {a.rating.replace('_', ' ')}, so add an action-plan item "
                "with an owner and a due date."
            )
    if statement_required and not statement_in_date:
        problems["statement"] = [
            "Record your Child Safeguarding Statement with a review date that has not passed: "
            "the BSCP asks for it with the self-assessment."
        ]
    if not declared:
        problems["declared"] = [
            "Confirm you have reviewed every answer, including those carried forward or "
            "given under another framework."
        ]
    return problems


# --- The pre-engagement gate ---------------------------------------------------------------


@dataclass(frozen=True)
class GateCondition:
    name: str
    passed: bool
    detail: str


@rule("chscp 1", "bscp 1")
def chscp_1_gate_applies(*, to_stage: str, gate_at_award: bool) -> bool:
    """These should always be considered PRIOR to engaging any external services.

    The gate stands before `live`, and before `awarded` where the commissioner chooses.
    """
    return to_stage == "live" or (to_stage == "awarded" and gate_at_award)


@dataclass(frozen=True)
class FrameworkSubmission:
    framework: str  # short name, for people
    submitted_on: dt.date | None
    due_by: dt.date | None
    in_date: bool


def _day(value: dt.date) -> str:
    return f"{value.day} {value:%B %Y}"


@rule("chscp 1", "bscp 1", "dorset 4")
def chscp_1_gate_self_assessment(*, submissions: Sequence[FrameworkSubmission]) -> GateCondition:
    """Ensure externally commissioned organisations have completed a CHSCP Self-Assessment
    ... at the tender stage or through use of a recent audit.

    Passed when, for every framework the contract is let under, a self-assessment is
    submitted and in date.
    """
    name = "Self-assessment submitted and in date"
    if not submissions:
        return GateCondition(name, False, "No self-assessment has been submitted.")
    parts, passed = [], True
    for s in submissions:
        if s.submitted_on is None:
            passed = False
            parts.append(f"{s.framework}: no self-assessment submitted")
        elif not s.in_date:
            passed = False
            parts.append(
                f"{s.framework}: submitted {_day(s.submitted_on)}, out of date since "
                f"{_day(s.due_by) if s.due_by else 'its interval ran out'}"
            )
        else:
            until = f", in date until {_day(s.due_by)}" if s.due_by else ""
            parts.append(f"{s.framework}: submitted {_day(s.submitted_on)}{until}")
    return GateCondition(name, passed, "; ".join(parts) + ".")


@rule("bscp 1")
def bscp_1_gate_statement(*, review_date: dt.date | None, today: dt.date) -> GateCondition:
    """Ensure externally commissioned organisations have completed a BSCP Self-Assessment and
    Child Safeguarding Statement."""
    name = "Child Safeguarding Statement in date"
    if review_date is None:
        return GateCondition(name, False, "No Child Safeguarding Statement is on record.")
    if not bscp_1_statement_in_date(review_date=review_date, today=today):
        return GateCondition(
            name, False, f"The statement was due for review on {_day(review_date)}."
        )
    return GateCondition(name, True, f"On record, next review by {_day(review_date)}.")


@dataclass(frozen=True)
class ClauseCheckFacts:
    exists: bool
    all_met: bool = False
    checked_at: str = ""
    unmet_refs: tuple[str, ...] = ()
    summary: str = ""
    confirmation: str = ""  # "by <name> on <date>: <reason>" when confirmed by hand


@rule("chscp 1", "bscp 1")
def chscp_1_gate_clause_check(*, facts: ClauseCheckFacts) -> GateCondition:
    """These should always be considered PRIOR to engaging any external services.

    The contract's safeguarding clause has every element met: from the clause check, or, only
    while there is no check, from a commissioner's recorded manual confirmation.
    """
    name = "Safeguarding clause check has every element met"
    if facts.exists:
        if facts.all_met:
            return GateCondition(name, True, f"Checked {facts.checked_at}: every element met.")
        unmet = ", ".join(facts.unmet_refs) or "some elements"
        return GateCondition(name, False, f"Checked {facts.checked_at}: not met — {unmet}.")
    if facts.confirmation:
        return GateCondition(name, True, f"No clause check yet; confirmed {facts.confirmation}.")
    return GateCondition(
        name,
        False,
        "No clause check has been run, and no one has confirmed the clause by hand.",
    )


@rule("dorset 1.1.2")
def dorset_1_1_2_gate_dsl_named(*, holder: str | None, available: bool) -> GateCondition:
    """A named person and deputy that all staff are aware leads on safeguarding and deals with
    relevant concerns; Designated Safeguarding Lead (DSL) and deputy DSL.

    Before engaging: a designated safeguarding lead is named in the provider's records.
    """
    name = "A designated safeguarding lead is named"
    if not available:
        return GateCondition(name, False, "Workforce records are not available to confirm a DSL.")
    if holder:
        return GateCondition(name, True, f"{holder} is the designated safeguarding lead.")
    return GateCondition(name, False, "The designated safeguarding lead role is vacant.")


def gate_passed(conditions: Iterable[GateCondition]) -> bool:
    return all(c.passed for c in conditions)


# --- Declared versus computed --------------------------------------------------------------
# The facts and the register live here; the checks themselves in assessments_declared.py.

CLAUSE = "contract_clause"
POLICY = "provider_policy"


@dataclass(frozen=True)
class ReturnFigures:
    """What the provider itself reported in its latest submitted quarterly return, by the
    workforce figure each item reports ("training_coverage" as a fraction, counts as counts)."""

    period: str  # "Q1 2026/27"
    submitted_on: dt.date | None
    values: Mapping[str, float]


@dataclass(frozen=True)
class ReturnsRecord:
    """The provider's quarterly returns due in the last 12 months: how many came late and how
    many are still missing."""

    late: int
    missing: int


@dataclass(frozen=True)
class DocumentFinding:
    """A document check that finds a requirement not fully met."""

    kind: str  # CLAUSE or POLICY
    found_on: str  # the requirement the check found not met ("bscp 2.4")
    document: str = ""
    checked_on: dt.date | None = None


@dataclass(frozen=True)
class ProviderFacts:
    """What the project holds about a provider, for comparison with its self-ratings."""

    today: dt.date
    workforce: Mapping[str, Any] | None = None  # None: no workforce records to compare
    vacant_roles: frozenset[str] | None = None
    statement_review_date: dt.date | None = None
    unmet_clause_refs: frozenset[str] = field(default_factory=frozenset)  # "nel SC32.1"
    return_figures: ReturnFigures | None = None  # None: no submitted return to compare
    returns_record: ReturnsRecord | None = None
    # "dorset 1.1.2" -> what document checks find against a met answer to it: checks of that
    # very requirement, or of one it fully covers (a met answer would mean that one is met too).
    document_findings: Mapping[str, tuple[DocumentFinding, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class Contradiction:
    check: str
    message: str
    figures: dict[str, Any]


DeclaredCheck = Callable[..., Contradiction | None]
_DECLARED_BY_REF: dict[tuple[str, str], list[DeclaredCheck]] = {}
_DECLARED_BY_PARAMETER: dict[str, list[DeclaredCheck]] = {}
_DECLARED_ALWAYS: list[DeclaredCheck] = []


def _declared(
    *refs: str, parameter: str = "", always: bool = False
) -> Callable[[DeclaredCheck], DeclaredCheck]:
    """Register a declared-versus-computed check for requirements (by ref; by parameter name,
    for any requirement that carries that parameter; or, `always`, for every answer)."""

    def wrap(func: DeclaredCheck) -> DeclaredCheck:
        rule(*refs)(func)
        for ref in refs:
            framework, _, number = ref.partition(" ")
            _DECLARED_BY_REF.setdefault((framework, number), []).append(func)
        if parameter:
            _DECLARED_BY_PARAMETER.setdefault(parameter, []).append(func)
        if always:
            _DECLARED_ALWAYS.append(func)
        return func

    return wrap


def declared_checks_for(
    *, framework: str, ref: str, parameters: Mapping[str, Any]
) -> list[DeclaredCheck]:
    # The checks register themselves when their module is imported.
    from safecom.rules import assessments_declared  # noqa: F401

    found = list(_DECLARED_BY_REF.get((framework, ref), []))
    for name, funcs in _DECLARED_BY_PARAMETER.items():
        if name in parameters:
            found += [f for f in funcs if f not in found]
    found += [f for f in _DECLARED_ALWAYS if f not in found]
    return found


# Through a mapping, a document check speaks only of requirements about the same document: a
# contract's clause of other clause requirements; a provider's policy of what the provider
# itself declares (its policies, practice and staff), never of the commissioner's contract.
FINDINGS_REACH = {
    CLAUSE: frozenset({"contract_clause"}),
    POLICY: frozenset({"provider_policy", "self_assessment", "workforce_rule"}),
}


def findings_for(facts: ProviderFacts, key: str, kind: str) -> tuple[DocumentFinding, ...]:
    """The document findings that bear on a requirement of this kind: its own, and those on a
    requirement it covers about the same document (all of them when the kind is not known)."""
    return tuple(
        f
        for f in facts.document_findings.get(key, ())
        if f.found_on == key or not kind or kind in FINDINGS_REACH.get(f.kind, frozenset())
    )


def contradictions(
    *,
    framework: str,
    ref: str,
    rating: str,
    parameters: Mapping[str, Any],
    facts: ProviderFacts,
    kind: str = "",
) -> list[Contradiction]:
    """Every declared-versus-computed check that applies to one answer (to a requirement of
    `kind`), and what it found."""
    key = f"{framework} {ref}"
    if key in facts.document_findings:
        facts = replace(facts, document_findings={key: findings_for(facts, key, kind)})
    found = []
    for check in declared_checks_for(framework=framework, ref=ref, parameters=parameters):
        result = check(rating=rating, key=key, facts=facts, parameters=parameters)
        if result is not None:
            found.append(result)
    return found
