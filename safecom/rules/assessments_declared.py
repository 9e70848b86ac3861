"""Declared versus computed: what the data held here says against a provider's "met".

Plain Python, no Django. Each check reads the `ProviderFacts` (rules/assessments.py) for one
answer and returns a `Contradiction` with the figures, or None. The sources: the workforce
records; the provider's own latest quarterly return (the same figures, as it reported them);
its record of returns; named roles; the Child Safeguarding Statement; and the contract's
latest clause and policy document checks. Where a source holds nothing, nothing is suggested.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from safecom.rules.assessments import (
    CLAUSE,
    MET,
    POLICY,
    Contradiction,
    DocumentFinding,
    ProviderFacts,
    _declared,
    bscp_1_statement_in_date,
)

# Named safeguarding roles a requirement asks to be filled (role codes of the workforce records).
NAMED_ROLES_BY_REF: dict[tuple[str, str], tuple[str, ...]] = {
    ("dorset", "1.1.2"): ("dsl", "deputy_dsl"),
    ("nel", "SC32.2.1"): ("safeguarding_lead",),
    ("nel", "SC32.2.2"): ("cse_lead",),
    ("nel", "SC32.2.3"): ("mca_dols_lead",),
    ("nel", "SC32.2.4"): ("prevent_lead",),
    ("nel", "A8"): ("mca_dols_lead", "prevent_lead"),
    ("nel", "A11"): ("prevent_lead",),
    ("nel", "C9"): ("named_doctor", "named_nurse"),
}
ROLE_LABELS = {
    "dsl": "designated safeguarding lead",
    "deputy_dsl": "deputy designated safeguarding lead",
    "safeguarding_lead": "safeguarding lead",
    "cse_lead": "child sexual abuse and exploitation lead",
    "mca_dols_lead": "Mental Capacity Act and DoLS lead",
    "prevent_lead": "Prevent lead",
    "named_doctor": "named doctor",
    "named_nurse": "named nurse",
}


def _day(value: dt.date) -> str:
    return f"{value.day} {value:%B %Y}"


# --- Figures: the workforce records, and the provider's own quarterly return ------------------


@dataclass(frozen=True)
class _Source:
    """Where a set of figures comes from, and how a message names it."""

    figures: Mapping[str, Any]
    says: str  # "the training records show", "its quarterly return for Q1 2026/27 reports"
    prefix: str  # "" for the records, "return_" for the return (the check's name)
    about: dict[str, Any]  # added to the figures: which return, when


def _records(facts: ProviderFacts, says: str) -> _Source | None:
    if facts.workforce is None:
        return None
    return _Source(facts.workforce, f"the {says} show", "", {})


def _return(facts: ProviderFacts) -> _Source | None:
    found = facts.return_figures
    if found is None:
        return None
    when = f", submitted {_day(found.submitted_on)}," if found.submitted_on else ""
    return _Source(
        found.values,
        f"the provider's own quarterly return for {found.period}{when} reports",
        "return_",
        {
            "source": "quarterly_return",
            "period": found.period,
            "submitted_on": found.submitted_on.isoformat() if found.submitted_on else None,
        },
    )


def _count(source: _Source, name: str) -> int | None:
    """A count from the source; None when it does not hold that figure."""
    value = source.figures.get(name)
    return int(value) if isinstance(value, int | float) else None


def _training(
    source: _Source | None, key: str, parameters: Mapping[str, Any]
) -> Contradiction | None:
    coverage = None if source is None else source.figures.get("training_coverage")
    minimum = parameters.get("training_coverage_min")
    if source is None or coverage is None or minimum is None or coverage >= minimum:
        return None
    return Contradiction(
        f"{source.prefix}training_coverage",
        f"Rated met, but {source.says} {coverage:.0%} of staff up to date against the "
        f"{float(minimum):.0%} {key} asks for.",
        {"training_coverage": coverage, "training_coverage_min": minimum, **source.about},
    )


def _dbs(source: _Source | None) -> Contradiction | None:
    if source is None:
        return None
    missing = _count(source, "dbs_missing") or 0
    overdue = _count(source, "dbs_recheck_overdue") or 0
    if not (missing or overdue):
        return None
    bits = []
    if missing:
        bits.append(f"{missing} in regulated activity with no DBS check recorded")
    if overdue:
        bits.append(f"{overdue} with a DBS recheck overdue")
    return Contradiction(
        f"{source.prefix}dbs_records",
        f"Rated met, but {source.says} {' and '.join(bits)}.",
        {"dbs_missing": missing, "dbs_recheck_overdue": overdue, **source.about},
    )


STAFF_CHECK_WORDS = {
    "references_incomplete": "without the references needed",
    "right_to_work_missing": "without a right-to-work check",
    "barred_list_missing": "without a barred list check",
}


def _staff_checks(source: _Source | None) -> Contradiction | None:
    if source is None:
        return None
    counts = {name: _count(source, name) or 0 for name in STAFF_CHECK_WORDS}
    if not any(counts.values()):
        return None
    bits = [f"{n} {STAFF_CHECK_WORDS[k]}" for k, n in counts.items() if n]
    return Contradiction(
        f"{source.prefix}staff_record_checks",
        f"Rated met, but {source.says} {', '.join(bits)}.",
        {**counts, **source.about},
    )


def _safer_recruitment(
    source: _Source | None, key: str, parameters: Mapping[str, Any]
) -> Contradiction | None:
    minimum = parameters.get("recruitment_panel_safer_recruitment_trained_min")
    trained = None if source is None else _count(source, "safer_recruitment_trained")
    if source is None or minimum is None or trained is None or trained >= int(minimum):
        return None
    return Contradiction(
        f"{source.prefix}safer_recruitment",
        f"Rated met, but {source.says} {trained} staff trained in safer recruitment; "
        f"{key} asks for at least {minimum} on every panel.",
        {"safer_recruitment_trained": trained, "minimum": minimum, **source.about},
    )


def _dsl_training(source: _Source | None) -> Contradiction | None:
    overdue = None if source is None else _count(source, "dsl_training_overdue")
    if source is None or not overdue:
        return None
    return Contradiction(
        f"{source.prefix}dsl_training",
        f"Rated met, but {source.says} {overdue} DSL or deputy training "
        f"refresh{'es' if overdue > 1 else ''} overdue.",
        {"dsl_training_overdue": overdue, **source.about},
    )


@_declared("nel C11", "nel A4", parameter="training_coverage_min")
def nel_c11_training_coverage_contradicts_met(
    *, rating: str, key: str, facts: ProviderFacts, parameters: Mapping[str, Any]
) -> Contradiction | None:
    """Ensure that 85% of relevant staff are up to date with the level of training they need
    at any one time."""
    if rating != MET:
        return None
    return _training(_records(facts, "training records"), key, parameters)


@_declared("nel C11", "nel A4", parameter="training_coverage_min")
def nel_c11_return_training_coverage_contradicts_met(
    *, rating: str, key: str, facts: ProviderFacts, parameters: Mapping[str, Any]
) -> Contradiction | None:
    """Ensure that 85% of relevant staff are up to date with the level of training they need
    at any one time.

    Against the coverage the provider itself reported in its latest quarterly return."""
    return _training(_return(facts), key, parameters) if rating == MET else None


@_declared("chscp 4", "bscp 4", "dorset 2.3", "dorset 1.2.6")
def chscp_4_dbs_records_contradict_met(
    *, rating: str, key: str, facts: ProviderFacts, parameters: Mapping[str, Any]
) -> Contradiction | None:
    """Record the DBS numbers and DBS expiry dates for staff within contracted services who work
    directly with, or have regular contact with, children and young people."""
    return _dbs(_records(facts, "staff records")) if rating == MET else None


@_declared("chscp 4", "bscp 4", "dorset 2.3", "dorset 1.2.6")
def chscp_4_return_dbs_figures_contradict_met(
    *, rating: str, key: str, facts: ProviderFacts, parameters: Mapping[str, Any]
) -> Contradiction | None:
    """Record the DBS numbers and DBS expiry dates for staff within contracted services who work
    directly with, or have regular contact with, children and young people.

    Against the DBS figures in the provider's latest quarterly return."""
    return _dbs(_return(facts)) if rating == MET else None


@_declared("dorset 2.5")
def dorset_2_5_staff_record_checks_contradict_met(
    *, rating: str, key: str, facts: ProviderFacts, parameters: Mapping[str, Any]
) -> Contradiction | None:
    """Right to Work' in the United Kingdom checks Enhanced DBS checks (including Children's
    Barred List) ... confirmation that two satisfactory references have been seen and verified."""
    return _staff_checks(_records(facts, "staff records")) if rating == MET else None


@_declared("dorset 2.5")
def dorset_2_5_return_staff_checks_contradict_met(
    *, rating: str, key: str, facts: ProviderFacts, parameters: Mapping[str, Any]
) -> Contradiction | None:
    """Right to Work' in the United Kingdom checks Enhanced DBS checks (including Children's
    Barred List) ... confirmation that two satisfactory references have been seen and verified.

    Against the same figures in the provider's latest quarterly return."""
    return _staff_checks(_return(facts)) if rating == MET else None


@_declared(
    "dorset 3.4", "dorset 1.2.5", parameter="recruitment_panel_safer_recruitment_trained_min"
)
def dorset_3_4_safer_recruitment_contradicts_met(
    *, rating: str, key: str, facts: ProviderFacts, parameters: Mapping[str, Any]
) -> Contradiction | None:
    """At least one person (including the Chair) of any recruitment panel has undertaken safer
    recruitment training."""
    if rating != MET:
        return None
    return _safer_recruitment(_records(facts, "training records"), key, parameters)


@_declared(
    "dorset 3.4", "dorset 1.2.5", parameter="recruitment_panel_safer_recruitment_trained_min"
)
def dorset_3_4_return_safer_recruitment_contradicts_met(
    *, rating: str, key: str, facts: ProviderFacts, parameters: Mapping[str, Any]
) -> Contradiction | None:
    """At least one person (including the Chair) of any recruitment panel has undertaken safer
    recruitment training.

    Against the number the provider reported in its latest quarterly return."""
    return _safer_recruitment(_return(facts), key, parameters) if rating == MET else None


@_declared("dorset 3.5", "dorset 3.3")
def dorset_3_5_dsl_training_contradicts_met(
    *, rating: str, key: str, facts: ProviderFacts, parameters: Mapping[str, Any]
) -> Contradiction | None:
    """Designated Safeguarding Leads and deputies, this should be every two years."""
    return _dsl_training(_records(facts, "training records")) if rating == MET else None


@_declared("dorset 3.5", "dorset 3.3")
def dorset_3_5_return_dsl_training_contradicts_met(
    *, rating: str, key: str, facts: ProviderFacts, parameters: Mapping[str, Any]
) -> Contradiction | None:
    """Designated Safeguarding Leads and deputies, this should be every two years.

    Against the number the provider reported in its latest quarterly return."""
    return _dsl_training(_return(facts)) if rating == MET else None


@_declared("nel 15.2")
def nel_15_2_returns_on_time_contradict_met(
    *, rating: str, key: str, facts: ProviderFacts, parameters: Mapping[str, Any]
) -> Contradiction | None:
    """Submit complete safeguarding dashboards or other performance management data to the CCG
    commissioners on a quarterly basis and in a timely manner;"""
    record = facts.returns_record
    if rating != MET or record is None or not (record.late or record.missing):
        return None
    bits = []
    if record.late:
        bits.append(f"{record.late} came in late")
    if record.missing:
        bits.append(f"{record.missing} {'is' if record.missing == 1 else 'are'} missing")
    return Contradiction(
        "returns_on_time",
        f"Rated met, but of the quarterly returns due in the last 12 months {' and '.join(bits)}.",
        {"returns_late_12m": record.late, "returns_missing_12m": record.missing},
    )


# --- Named roles and the Child Safeguarding Statement ----------------------------------------


@_declared(
    "dorset 1.1.2",
    "nel SC32.2.1",
    "nel SC32.2.2",
    "nel SC32.2.3",
    "nel SC32.2.4",
    "nel A8",
    "nel A11",
    "nel C9",
)
def dorset_1_1_2_named_roles_contradict_met(
    *, rating: str, key: str, facts: ProviderFacts, parameters: Mapping[str, Any]
) -> Contradiction | None:
    """A named person and deputy that all staff are aware leads on safeguarding and deals with
    relevant concerns; Designated Safeguarding Lead (DSL) and deputy DSL."""
    framework, _, ref = key.partition(" ")
    wanted = NAMED_ROLES_BY_REF.get((framework, ref), ())
    if rating != MET or facts.vacant_roles is None:
        return None
    vacant = [r for r in wanted if r in facts.vacant_roles]
    if not vacant:
        return None
    names = " and ".join(ROLE_LABELS.get(r, r) for r in vacant)
    return Contradiction(
        "named_roles",
        f"Rated met, but the workforce records show no {names} in post.",
        {"vacant_roles": vacant},
    )


@_declared("bscp 1")
def bscp_1_statement_contradicts_met(
    *, rating: str, key: str, facts: ProviderFacts, parameters: Mapping[str, Any]
) -> Contradiction | None:
    """Ensure externally commissioned organisations have completed a BSCP Self-Assessment and
    Child Safeguarding Statement."""
    if rating != MET or bscp_1_statement_in_date(
        review_date=facts.statement_review_date, today=facts.today
    ):
        return None
    detail = (
        f"its review date {_day(facts.statement_review_date)} has passed"
        if facts.statement_review_date
        else "none is on record"
    )
    return Contradiction(
        "child_safeguarding_statement",
        f"Rated met, but the Child Safeguarding Statement is not in date: {detail}.",
        {"statement_review_date": facts.statement_review_date},
    )


# --- Document checks: the contract's clauses and the provider's policies ----------------------


def _finding(facts: ProviderFacts, key: str, kind: str) -> DocumentFinding | None:
    return next((f for f in facts.document_findings.get(key, ()) if f.kind == kind), None)


def _document_contradiction(
    check: str, what: str, key: str, finding: DocumentFinding
) -> Contradiction:
    named = f" of {finding.document}" if finding.document else ""
    when = f" ({_day(finding.checked_on)})" if finding.checked_on else ""
    if finding.found_on == key:
        found = f"finds {key} not fully met"
    else:
        # A met answer to `key` would mean `found_on` is met too (the mappings say so).
        found = f"finds {finding.found_on} not fully met, which {key} covers"
    return Contradiction(
        check,
        f"Rated met, but {what}{named}{when} {found}.",
        {
            "unmet_ref": finding.found_on,
            "document": finding.document or None,
            "checked_on": finding.checked_on.isoformat() if finding.checked_on else None,
        },
    )


@_declared("nel SC32.1", "nel SC32.3", "nel 5.1", always=True)
def nel_sc32_1_clause_check_contradicts_met(
    *, rating: str, key: str, facts: ProviderFacts, parameters: Mapping[str, Any]
) -> Contradiction | None:
    """The Provider must ensure that Service Users are protected from abuse, neglect and
    improper or degrading treatment.

    Any requirement rated met that the contract's latest clause check finds not fully met.
    """
    if rating != MET:
        return None
    finding = _finding(facts, key, CLAUSE)
    if finding is not None:
        return _document_contradiction(
            "clause_check", "the contract's safeguarding clause check", key, finding
        )
    if key not in facts.unmet_clause_refs:
        return None
    return Contradiction(
        "clause_check",
        f"Rated met, but the contract's safeguarding clause check finds {key} not met.",
        {"unmet_ref": key},
    )


@_declared("dorset 1", always=True)
def dorset_1_policy_check_contradicts_met(
    *, rating: str, key: str, facts: ProviderFacts, parameters: Mapping[str, Any]
) -> Contradiction | None:
    """Providers must have up-to-date safeguarding policies and procedures.

    Any requirement rated met that the latest check of the provider's policies finds not
    fully met.
    """
    finding = _finding(facts, key, POLICY) if rating == MET else None
    if finding is None:
        return None
    what = "the check of the provider's policy"
    return _document_contradiction("policy_check", what, key, finding)
