"""Every monitoring duty of a contract's standards, with its state read from the records.

The duties are the requirements of the contract's framework versions that are assurance
activities or commissioner duties, plus the few other requirements these records check
(managing allegations, serious incidents). Each is evaluated by the function named for it in
`EVALUATORS`; one without an evaluator says where it is checked instead. Requirement texts
come from the database, never from here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from safecom.assurance.models import AnnualReport, Review, ThematicCheck
from safecom.assurance.selectors.parameters import parameter_for_contracts
from safecom.rules.assurance import nel_15_1_annual_report_due
from safecom.standards.models import Requirement

STATES = {
    "met": ("Met", "govuk-tag--green"),
    "partly": ("Partly met", "govuk-tag--orange"),
    "not_met": ("Not met", "govuk-tag--red"),
    "no_data": ("No records yet", "govuk-tag--grey"),
    "not_applicable": ("Does not apply", "govuk-tag--grey"),
    "elsewhere": ("Not tracked here", "govuk-tag--grey"),
}
DUTY_KINDS = (Requirement.Kind.ASSURANCE_ACTIVITY, Requirement.Kind.COMMISSIONER_DUTY)


@dataclass(frozen=True)
class Duty:
    framework: str
    framework_name: str
    ref: str
    title: str
    source_text: str
    kind: str
    state: str
    detail: str
    section: str  # the part of the contract's assurance page holding the evidence

    @property
    def label(self) -> str:
        return STATES[self.state][0]

    @property
    def tag_class(self) -> str:
        return STATES[self.state][1]


Outcome = tuple[str, str, str]  # state, detail, section
Evaluator = Callable[[Any], Outcome]


def _d(day: dt.date | None) -> str:
    return f"{day.day} {day:%B %Y}" if day else "—"


def _cap(parts: list[str]) -> str:
    text = "; ".join(parts)
    return text[:1].upper() + text[1:] + "."


def _n(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def meetings_and_metrics(o: Any) -> Outcome:
    recent = [m for m in o.meetings if m.held_on >= o.since]
    without = [m for m in recent if not m.has_safeguarding_item]
    if not recent:
        if o.in_delivery:
            return "not_met", "No monitoring meeting recorded in the last 12 months.", "meetings"
        return "no_data", "No monitoring meetings yet: the contract is not in delivery.", "meetings"
    if without:
        return (
            "not_met",
            f"{len(without)} of {_n(len(recent), 'meeting')} in the last 12 months had no "
            f"safeguarding item (latest {_d(without[0].held_on)}).",
            "meetings",
        )
    said = f"Safeguarding discussed at all {_n(len(recent), 'meeting')} in the last 12 months"
    if not o.metrics:
        return "partly", said + ", but no safeguarding metrics are in the contract.", "metrics"
    red = [m.kind.label for m in o.metrics if m.rag == "red"]
    if red:
        return "partly", said + f"; red against target: {', '.join(red)}.", "metrics"
    return (
        "met",
        said + f"; {_n(len(o.metrics), 'safeguarding metric')} in the contract.",
        "meetings",
    )


def thematic_checks(o: Any) -> Outcome:
    risk = o.risk
    if not risk.scheduled:
        return "no_data", "Thematic checks begin when the contract is in delivery.", "checks"
    tier = f"{risk.tier} risk, score {risk.score}"
    last = o.checks[0] if o.checks else None
    if risk.overdue:
        done = f"last check {_d(last.carried_out_on)}" if last else "no check yet"
        return (
            "not_met",
            f"Check overdue since {_d(risk.next_check_due)} ({tier}; {done}).",
            "checks",
        )
    if last is None:
        return (
            "partly",
            f"No check yet; the first is due by {_d(risk.next_check_due)} ({tier}).",
            "checks",
        )
    return (
        "met",
        f"Last check {_d(last.carried_out_on)} ({last.get_theme_display().lower()}, "
        f"{last.rag}); next due {_d(risk.next_check_due)} ({tier}).",
        "checks",
    )


def briefings(o: Any) -> Outcome:
    got = o.briefings
    if not got:
        return "no_data", "No briefings sent to the provider in the last 12 months.", "briefings"
    waiting = [r for r in got if r.acknowledged_on is None]
    if not waiting:
        reached = sum(r.staff_reached or 0 for r in got)
        return (
            "met",
            f"All {_n(len(got), 'briefing')} acknowledged; cascaded to {reached} staff.",
            "briefings",
        )
    late = [r for r in waiting if r.briefing.respond_by and r.briefing.respond_by < o.today]
    titles = ", ".join(f"'{r.briefing.title}'" for r in waiting[:3])
    state = "not_met" if late else "partly"
    return state, f"{len(waiting)} of {len(got)} not acknowledged: {titles}.", "briefings"


def _due_returns(o: Any) -> list[Any]:
    return [r for r in o.returns if r.due_on >= o.since and r.status != "open"]


def returns(o: Any) -> Outcome:
    due = _due_returns(o)
    if not due:
        return "no_data", "No returns were due in the last 12 months.", "returns"
    missing = [r.period_label for r in due if r.status == "missing"]
    late = [r.period_label for r in due if r.status == "late"]
    if missing:
        return "not_met", f"Missing: {', '.join(missing)} (of {len(due)} due).", "returns"
    if late:
        return "partly", f"Submitted late: {', '.join(late)} (of {len(due)} due).", "returns"
    return "met", f"All {_n(len(due), 'return')} due in the last 12 months on time.", "returns"


def data_kept(o: Any) -> Outcome:
    due = sorted(_due_returns(o), key=lambda r: r.period_start, reverse=True)
    if not due:
        return "no_data", "No return has been due yet to show the provider's figures.", "returns"
    latest = due[0]
    if latest.status == "missing":
        return (
            "not_met",
            f"The {latest.period_label} return with the figures is missing.",
            "returns",
        )
    return "met", f"Figures given in the {latest.period_label} return.", "returns"


def _annual(o: Any, kinds: tuple[str, ...]) -> Outcome:
    months = o.annual_interval
    if months is None:
        return "no_data", "No standard sets how often the report is due.", "reports"
    problems, fine = [], []
    for kind in kinds:
        reports = [r for r in o.annual_reports if r.kind == kind]
        last = reports[0] if reports else None
        due = nel_15_1_annual_report_due(
            last_received_on=last.received_on if last else None,
            start_on=o.contract.start_date,
            interval_months=int(months),
            today=o.today,
        )
        name = AnnualReport.Kind(kind).label.lower()
        if due.overdue:
            problems.append(f"{name} report overdue since {_d(due.due_on)}")
        elif last:
            fine.append(f"{name} report {last.year_label} received {_d(last.received_on)}")
        else:
            fine.append(f"first {name} report due by {_d(due.due_on)}")
    if problems:
        return "not_met", _cap(problems), "reports"
    if not o.annual_reports:
        return "no_data", _cap(fine), "reports"
    return "met", _cap(fine), "reports"


def annual_reports(o: Any) -> Outcome:
    group = o.contract.client_group
    kinds = {"children": ("children",), "adults": ("adults",)}.get(group, ("children", "adults"))
    return _annual(o, kinds)


def adults_report(o: Any) -> Outcome:
    if o.contract.client_group == "children":
        return "not_applicable", "The contract is for children.", "reports"
    return _annual(o, ("adults",))


def adults_report_reviewed(o: Any) -> Outcome:
    if o.contract.client_group == "children":
        return "not_applicable", "The contract is for children.", "reports"
    adults = [r for r in o.annual_reports if r.kind == "adults"]
    if not adults:
        return "no_data", "No annual safeguarding adults report received yet.", "reports"
    if adults[0].reviewed_on:
        return (
            "met",
            f"{adults[0].year_label} report reviewed {_d(adults[0].reviewed_on)}.",
            "reports",
        )
    return "partly", f"{adults[0].year_label} report received but not yet reviewed.", "reports"


def _reviews(o: Any, kinds: tuple[str, ...], *, kept_updated: bool = False) -> Outcome:
    found = [r for r in o.reviews if r.kind in kinds]
    if not found:
        return "no_data", "None recorded for this contract.", "reviews"
    overdue = sum(r.overdue_count for r in found)
    if overdue:
        return (
            "not_met",
            f"{_n(overdue, 'recommendation')} overdue across {_n(len(found), 'review')}.",
            "reviews",
        )
    if kept_updated:
        nobody = [r.reference for r in found if r.status == "open" and not r.kept_updated]
        if nobody:
            return "partly", f"No one named as kept updated on {', '.join(nobody)}.", "reviews"
    return "met", f"{_n(len(found), 'review')}; no recommendation overdue.", "reviews"


def all_reviews(o: Any) -> Outcome:
    return _reviews(o, tuple(k for k in Review.Kind.values if k != "serious_incident"))


def cspr(o: Any) -> Outcome:
    return _reviews(o, ("cspr",))


def cspr_updates(o: Any) -> Outcome:
    return _reviews(o, ("cspr", "child_death"), kept_updated=True)


def sar_updates(o: Any) -> Outcome:
    return _reviews(o, ("sar",), kept_updated=True)


def dhr(o: Any) -> Outcome:
    return _reviews(o, ("dhr",))


def _incidents(o: Any, field: str, what: str) -> Outcome:
    found = [r for r in o.reviews if r.kind == "serious_incident"]
    if not found:
        return "no_data", "No serious incidents recorded for this contract.", "reviews"
    no = [r.reference for r in found if getattr(r, field) is False]
    unknown = [r.reference for r in found if getattr(r, field) is None]
    if no:
        return "not_met", f"Not done for {', '.join(no)}: {what}.", "reviews"
    if unknown:
        return "partly", f"Not recorded for {', '.join(unknown)}: {what}.", "reviews"
    return "met", f"Recorded for all {_n(len(found), 'serious incident')}.", "reviews"


def incident_escalation(o: Any) -> Outcome:
    return _incidents(o, "safeguarding_considered", "safeguarding escalation considered at once")


def incident_reviewer(o: Any) -> Outcome:
    return _incidents(o, "senior_reviewer", "a senior person with safeguarding expertise")


def lado_in_time(o: Any) -> Outcome:
    recent = [a for a in o.allegations if a.made_on >= o.since]
    if not recent:
        return "no_data", "No allegations recorded in the last 12 months.", "allegations"
    late = [a for a in recent if a.lado and a.lado.breach]
    pending = [a for a in recent if a.lado and a.lado.status == "pending"]
    if late:
        return (
            "not_met",
            f"{len(late)} of {_n(len(recent), 'allegation')} not reported to the LADO in time.",
            "allegations",
        )
    if pending:
        return (
            "partly",
            f"{len(pending)} awaiting report to the LADO (still in time).",
            "allegations",
        )
    return (
        "met",
        f"All {_n(len(recent), 'allegation')} reported to the LADO in time.",
        "allegations",
    )


def lado_reported(o: Any) -> Outcome:
    recent = [a for a in o.allegations if a.made_on >= o.since]
    if not recent:
        return "no_data", "No allegations recorded in the last 12 months.", "allegations"
    untold = [a for a in recent if a.lado_informed_on is None]
    if untold:
        return (
            "not_met",
            f"{len(untold)} of {len(recent)} not yet reported to the LADO.",
            "allegations",
        )
    return "met", f"All {_n(len(recent), 'allegation')} reported to the LADO.", "allegations"


def staff_records_inspected(o: Any) -> Outcome:
    methods = {ThematicCheck.Method.STAFF_RECORDS, ThematicCheck.Method.FILE_AUDIT}
    found = [c for c in o.checks if c.method in methods and c.carried_out_on >= o.since]
    if not found:
        return "no_data", "No staff records sampled or audited in the last 12 months.", "checks"
    c = found[0]
    sample = f", sample of {c.sample_size}" if c.sample_size else ""
    return "met", f"{c.get_method_display()} {_d(c.carried_out_on)}{sample} ({c.rag}).", "checks"


EVALUATORS: dict[tuple[str, str], Evaluator] = {
    ("chscp", "5"): meetings_and_metrics,
    ("bscp", "5"): meetings_and_metrics,
    ("hips", "3"): meetings_and_metrics,
    ("chscp", "6"): thematic_checks,
    ("bscp", "6"): thematic_checks,
    ("chscp", "3"): briefings,
    ("bscp", "3"): briefings,
    ("hips", "2"): briefings,
    ("nel", "15.2"): returns,
    ("nel", "AppA.2"): returns,
    ("nel", "14"): data_kept,
    ("nel", "15.1"): annual_reports,
    ("nel", "A9"): adults_report,
    ("nel", "A9.1"): adults_report_reviewed,
    ("nel", "7.1"): incident_escalation,
    ("nel", "7.3"): incident_reviewer,
    ("nel", "8"): all_reviews,
    ("nel", "8.1.1"): cspr,
    ("nel", "8.1.3"): cspr_updates,
    ("nel", "8.3.2"): sar_updates,
    ("nel", "8.4"): dhr,
    ("nel", "C10.1"): lado_in_time,
    ("dorset", "1.3.5"): lado_reported,
    ("dorset", "5.3"): staff_records_inspected,
}


def _elsewhere(req: Requirement) -> str:
    if req.question:
        return "Asked in the provider's self-assessment."
    if req.kind == Requirement.Kind.COMMISSIONER_DUTY:
        return "A commissioning step: recorded with the contract, not in monitoring."
    return "Not recorded in assurance records yet."


def contract_duties(overview: Any) -> list[Duty]:
    """The duties of the contract's standards, in the standards' order, each with its state."""
    contract = overview.contract
    reqs = (
        Requirement.objects.filter(framework_version__contracts=contract)
        .select_related("framework_version__framework")
        .order_by("framework_version__framework__slug", "order")
    )
    out = []
    for req in reqs:
        slug = req.framework_version.framework.slug
        evaluate = EVALUATORS.get((slug, req.ref))
        if evaluate is None and req.kind not in DUTY_KINDS:
            continue
        state, detail, section = (
            evaluate(overview) if evaluate else ("elsewhere", _elsewhere(req), "")
        )
        out.append(
            Duty(
                framework=slug,
                framework_name=req.framework_version.framework.short_name,
                ref=req.ref,
                title=req.title,
                source_text=req.source_text,
                kind=req.get_kind_display(),
                state=state,
                detail=detail,
                section=section,
            )
        )
    return out


def annual_interval(contract_id: int) -> Any:
    return parameter_for_contracts("annual_report_interval_months", [contract_id])[contract_id]
