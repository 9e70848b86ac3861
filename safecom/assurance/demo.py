"""Demo continuous assurance for the synthetic portfolio. Deterministic and idempotent.

For each commissioner's contracts in delivery (at most PER_COMMISSIONER of them, at any
scale): quarterly monitoring meetings (one without a safeguarding item), actions (one
overdue), contract safeguarding metrics with values (some red), quarterly returns for the
last four quarters (some late, one missing), thematic checks for some contracts (others never
checked, so overdue), allegations (one reported to the LADO late over the spring bank holiday
weekend, one in time over Easter), a serious incident and a child safeguarding practice review
with an overdue recommendation, annual reports, partnership briefings (some providers have not
acknowledged) and a decommissioning checklist part-done.

Dates are fixed (the financial year 2025/26 and the first half of 2026/27), so every run makes
the same records; a second run finds each by its natural key and makes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from django.db import transaction

from safecom.assurance import services
from safecom.assurance.constants import DELIVERY_STAGES
from safecom.assurance.demo_plans import ALLEGATIONS, BRIEFINGS, REVIEWS
from safecom.assurance.models import (
    Allegation,
    AnnualReport,
    Briefing,
    ContractMetric,
    MetricValue,
    MonitoringMeeting,
    ReturnTemplate,
    Review,
    SafeguardingReturn,
    ThematicCheck,
)
from safecom.assurance.selectors.returns import return_prefill
from safecom.assurance.services.monitoring import metric_period_months
from safecom.contracts.models import Contract
from safecom.core.demo import Portfolio
from safecom.rules.assurance import reporting_period
from safecom.standards.models import Framework

D = dt.date
PER_COMMISSIONER = 12
ACKNOWLEDGING = 300
QUARTER_DAYS = (D(2025, 11, 15), D(2026, 2, 15), D(2026, 5, 15), D(2026, 8, 15))
MEETINGS = (D(2026, 2, 10), D(2026, 5, 12), D(2026, 8, 11))
ITEMS = (
    ("staff", "Staff on the service", "count", "staff"),
    ("regulated", "Staff in regulated activity", "count", "regulated_activity"),
    ("trained", "Safeguarding training coverage", "percent", "training_coverage"),
    ("dbs-missing", "Staff in regulated activity without a DBS check", "count", "dbs_missing"),
    ("concerns", "Safeguarding concerns raised", "count", ""),
    ("referrals", "Referrals to social care", "count", ""),
    ("narrative", "Themes, learning and risks this quarter", "text", ""),
)
NARRATIVES = (
    "Concerns mostly about neglect; two referrals accepted by MASH. Supervision back on track.",
    "One complaint with a safeguarding element, resolved. New starters trained at induction.",
    "Rise in online safety concerns; staff briefed on the partnership's guidance.",
    "Vacancy in the deputy DSL post covered by the service manager until recruitment.",
)


def _ok(created: dict[str, int], name: str, n: int = 1) -> None:
    created[name] += n


def _delivery(portfolio: Portfolio) -> dict[str, list[Contract]]:
    out: dict[str, list[Contract]] = {}
    for commissioner in portfolio.commissioners:
        out[commissioner.slug] = list(
            portfolio.contracts()
            .filter(commissioner=commissioner, stage__in=DELIVERY_STAGES)
            .prefetch_related("frameworks__framework")[:PER_COMMISSIONER]
        )
    return out


@transaction.atomic
def build(*, portfolio: Portfolio) -> dict[str, int]:
    created: dict[str, int] = defaultdict(int)
    by_commissioner = _delivery(portfolio)
    contracts = [c for group in by_commissioner.values() for c in group]
    if not contracts:
        return {}
    _policies(portfolio)
    for n, contract in enumerate(contracts):
        _meetings(contract, n, created)
        _metrics(contract, n, created)
        _checks(contract, n, created)
    _returns(portfolio, by_commissioner, created)
    _allegations(by_commissioner, created)
    _reviews(by_commissioner, created)
    _annual_reports(contracts, created)
    _briefings(portfolio, created)
    _decommissioning(contracts, created)
    return dict(created)


def _policies(portfolio: Portfolio) -> None:
    # One commissioner checks more often than the default, to show the policy is its own.
    icb = next((c for c in portfolio.commissioners if c.slug == "east-riverside-icb"), None)
    if icb:
        services.assurance_policy_set(
            actor=None,
            commissioner=icb,
            high_from=45,
            medium_from=20,
            high_months=3,
            medium_months=6,
            low_months=9,
        )


def _meetings(contract: Contract, n: int, created: dict[str, int]) -> None:
    for k, held_on in enumerate(MEETINGS):
        held_on = held_on + dt.timedelta(days=n % 9)
        if contract.start_date and held_on < contract.start_date:
            continue
        if MonitoringMeeting.objects.filter(contract=contract, held_on=held_on).exists():
            continue
        # The second contract's May meeting ran out of time before the safeguarding item.
        skipped = n == 1 and k == 1
        meeting = services.meeting_create(
            actor=None,
            contract=contract,
            held_on=held_on,
            attendees="Contract manager (commissioner)\nService manager (provider)\n"
            "Designated safeguarding lead (provider)",
            safeguarding_item=""
            if skipped
            else (
                "Safeguarding log reviewed: "
                f"{2 + (n + k) % 5} concerns raised, {(n + k) % 3} referrals. "
                "Training and DBS figures checked against the return."
            ),
            notes="Performance against the specification on track."
            if not skipped
            else "Agenda overran on finance; safeguarding deferred to the next meeting.",
        )
        _ok(created, "monitoring meetings")
        due = held_on + dt.timedelta(days=42)
        action = services.action_create(
            actor=None,
            meeting=meeting,
            description="Send the updated safeguarding training matrix",
            owner="Provider DSL",
            due_on=due,
        )
        _ok(created, "assurance actions")
        # Older actions were done on time, except the third contract's, left overdue.
        if k < 2 and not (n == 2 and k == 1):
            services.action_complete(actor=None, action=action, done_on=due - dt.timedelta(days=3))


def _metrics(contract: Contract, n: int, created: dict[str, int]) -> None:
    plan = (
        ("staff_trained_pct", Decimal(90), Decimal(5)),
        ("dbs_compliance_pct", Decimal(100), Decimal(2)),
        ("supervision_coverage_pct", Decimal(85), Decimal(10)),
        ("concerns_raised", None, None),
        ("allegations", Decimal(0), Decimal(1)),
    )
    months = metric_period_months(contract) or 3
    for k, (code, target, tolerance) in enumerate(plan):
        metric = ContractMetric.objects.filter(contract=contract, metric=code).first()
        if metric is None:
            metric = services.metric_add(
                actor=None,
                contract=contract,
                metric=code,
                target=target,
                amber_tolerance=tolerance,
            )
            _ok(created, "contract metrics")
        for q, day in enumerate(QUARTER_DAYS[2:]):
            if contract.start_date and day < contract.start_date:
                continue
            if MetricValue.objects.filter(
                contract_metric=metric, period_start=reporting_period(day, months).start
            ).exists():
                continue
            services.metric_value_record(
                actor=None,
                contract_metric=metric,
                period_day=day,
                value=_metric_value(code, n, q, k),
            )
            _ok(created, "metric values")


def _metric_value(code: str, n: int, q: int, k: int) -> Decimal:
    swing = (n * 7 + q * 3 + k) % 11
    if code == "staff_trained_pct":
        return Decimal(78 + swing + q * 2)  # some red, some amber, most green by Q2
    if code == "dbs_compliance_pct":
        return Decimal(100 if swing < 8 else 96 + swing % 3)
    if code == "supervision_coverage_pct":
        return Decimal(70 + swing * 2)
    if code == "concerns_raised":
        return Decimal(1 + swing)
    return Decimal(1 if (n + q) % 7 == 3 else 0)


def _checks(contract: Contract, n: int, created: dict[str, int]) -> None:
    # Two in three contracts have had a check; the rest have never been checked.
    if n % 3 == 2:
        return
    themes = ("safer_recruitment", "training", "allegations", "record_keeping", "voice")
    methods = ("staff_records", "file_audit", "visit", "staff_survey")
    theme = themes[n % len(themes)]
    method = methods[n % len(methods)]
    on = D(2025, 12, 1) + dt.timedelta(days=(n * 41) % 320)
    if contract.start_date and on < contract.start_date:
        on = contract.start_date + dt.timedelta(days=60)
    if on > D(2026, 10, 31):
        on = D(2026, 10, 31)
    if ThematicCheck.objects.filter(contract=contract, theme=theme, carried_out_on=on).exists():
        return
    rag = ("green", "amber", "green", "red", "amber")[n % 5]
    check = services.thematic_check_record(
        actor=None,
        contract=contract,
        theme=theme,
        method=method,
        sample_size=8 + n % 7 if method == "staff_records" else None,
        carried_out_on=on,
        findings={
            "green": "Standards met. Records complete and staff clear about how to raise concerns.",
            "amber": "Mostly met. Two files lacked a second reference; supervision notes thin.",
            "red": "Not met. DBS rechecks overdue for several staff; no risk assessments.",
        }[rag],
        rag=rag,
    )
    _ok(created, "thematic checks")
    if rag != "green":
        services.action_create(
            actor=None,
            thematic_check=check,
            description="Provide an action plan for the gaps found, with dates",
            owner="Provider registered manager",
            due_on=on + dt.timedelta(days=30 if rag == "red" else 60),
        )
        _ok(created, "assurance actions")


def _templates(portfolio: Portfolio, created: dict[str, int]) -> dict[str, ReturnTemplate]:
    items = [{"code": c, "label": label, "kind": k, "prefill": p} for c, label, k, p in ITEMS]
    out: dict[str, ReturnTemplate] = {}
    nel = Framework.objects.filter(slug="nel").first()
    if nel:
        found = ReturnTemplate.objects.filter(framework=nel, commissioner__isnull=True).first()
        if found is None:
            found = services.return_template_create(
                actor=None,
                name="NEL quarterly safeguarding dashboard",
                framework=nel,
                items=items,
                due_days=30,
            )
            _ok(created, "return templates")
        out["nel"] = found
    for commissioner in portfolio.commissioners:
        name = f"{commissioner.name} quarterly safeguarding return"
        found = ReturnTemplate.objects.filter(name=name, commissioner=commissioner).first()
        if found is None:
            found = services.return_template_create(
                actor=None, name=name, commissioner=commissioner, items=items[:5], due_days=30
            )
            _ok(created, "return templates")
        out[commissioner.slug] = found
    return out


def _returns(
    portfolio: Portfolio, by_commissioner: dict[str, list[Contract]], created: dict[str, int]
) -> None:
    templates = _templates(portfolio, created)
    for slug, contracts in by_commissioner.items():
        uses_nel = "nel" in templates and any(
            v.framework.slug == "nel" for c in contracts for v in c.frameworks.all()
        )
        template = templates["nel"] if uses_nel else templates[slug]
        for day in QUARTER_DAYS:
            started = [c for c in contracts if not c.start_date or c.start_date <= day]
            made = services.returns_issue(
                actor=None, template=template, period_day=day, contracts=started
            )
            _ok(created, "quarterly returns", len(made))
        for n, ret in enumerate(
            SafeguardingReturn.objects.filter(contract__in=contracts, template=template)
            .select_related("template", "contract", "contract__provider")
            .order_by("period_start", "contract_id")
        ):
            if ret.submitted_on is not None:
                continue
            latest = ret.period_start >= D(2026, 7, 1)
            # One return never came in: the council's second contract's latest.
            if latest and slug == "riverside-council" and ret.contract_id == contracts[-1].pk:
                continue
            late = n % 5 == 3
            when = (
                ret.due_on + dt.timedelta(days=9) if late else ret.due_on - dt.timedelta(days=n % 6)
            )
            _submit(ret, when, n)
            _ok(created, "returns submitted")


def _submit(ret: SafeguardingReturn, when: dt.date, n: int) -> None:
    held = return_prefill(safeguarding_return=ret)
    values = {}
    for item in ret.template.items.all():
        if item.code in held:
            values[item.code] = held[item.code]
        elif item.kind == "text":
            values[item.code] = NARRATIVES[n % len(NARRATIVES)]
        elif item.kind == "percent":
            values[item.code] = str(80 + n % 20)
        else:
            values[item.code] = str(n % 7 + (2 if item.code == "concerns" else 0))
    services.return_submit(actor=None, safeguarding_return=ret, values=values, submitted_on=when)


def _allegations(by_commissioner: dict[str, list[Contract]], created: dict[str, int]) -> None:
    for slug, index, fields in ALLEGATIONS:
        contracts = by_commissioner.get(slug) or []
        if not contracts:
            continue
        contract = contracts[min(index, len(contracts) - 1)]
        if Allegation.objects.filter(
            contract=contract, made_on=fields["made_on"], category=fields["category"]
        ).exists():
            continue
        services.allegation_record(actor=None, contract=contract, **fields)
        _ok(created, "allegations")


def _reviews(by_commissioner: dict[str, list[Contract]], created: dict[str, int]) -> None:
    for slug, index, fields, recs in REVIEWS:
        contracts = by_commissioner.get(slug) or []
        if not contracts:
            continue
        contract = contracts[min(index, len(contracts) - 1)]
        if Review.objects.filter(
            contract=contract, kind=fields["kind"], reference=fields["reference"]
        ).exists():
            continue
        review = services.review_record(actor=None, contract=contract, **fields)
        _ok(created, "incidents and reviews")
        for text, owner, due, progress in recs:
            rec = services.recommendation_add(
                actor=None, review=review, text_=text, owner=owner, due_on=due
            )
            if progress != "not_started":
                services.recommendation_update(
                    actor=None,
                    recommendation=rec,
                    progress=progress,
                    progress_note="Update sent to the designated professional."
                    if progress == "complete"
                    else "Audit tool agreed; sample not yet complete.",
                    completed_on=due - dt.timedelta(days=5) if progress == "complete" else None,
                )
            _ok(created, "recommendations")


def _annual_reports(contracts: list[Contract], created: dict[str, int]) -> None:
    for n, contract in enumerate(contracts):
        # Every other contract has its 2025/26 report in; the rest have none (some overdue).
        if n % 3 == 2 or (contract.start_date and contract.start_date > D(2026, 3, 31)):
            continue
        kind = "adults" if contract.client_group == "adults" else "children"
        if AnnualReport.objects.filter(contract=contract, kind=kind, year_label="2025/26").exists():
            continue
        reviewed = n % 4 == 0
        services.annual_report_record(
            actor=None,
            contract=contract,
            kind=kind,
            year_label="2025/26",
            received_on=D(2026, 6, 12) + dt.timedelta(days=n % 20),
            reviewed_on=D(2026, 7, 20) if reviewed else None,
            review_note="Activity up on last year; training coverage improving; recommendations "
            "on supervision carried into the contract's metrics."
            if reviewed
            else "",
        )
        _ok(created, "annual reports")


def _briefings(portfolio: Portfolio, created: dict[str, int]) -> None:
    for slug, kind, title, summary, published, respond_by in BRIEFINGS:
        partnership = portfolio.partnerships.get(slug)
        if (
            partnership is None
            or Briefing.objects.filter(partnership=partnership, title=title).exists()
        ):
            continue
        briefing = services.briefing_publish(
            actor=None,
            partnership=partnership,
            kind=kind,
            title=title,
            summary=summary,
            link="https://www.example.org/briefings",
            published_on=published,
            respond_by=respond_by,
        )
        _ok(created, "briefings")
        # Most providers acknowledge the older briefings; about a third have not, and the
        # newest is still waiting for most (the demo provider lead can acknowledge it).
        recipients = briefing.recipients.select_related("briefing", "provider").order_by("pk")
        # At the large scale a briefing reaches thousands: acknowledge among the first few
        # hundred only (the rest wait, as many do), to keep the demo quick to build.
        for n, recipient in enumerate(recipients[:ACKNOWLEDGING]):
            if respond_by is None and n % 3:
                continue
            if n % 3 == 1 or recipient.provider_id == portfolio.providers[0].pk:
                continue
            services.briefing_acknowledge(
                actor=None,
                recipient=recipient,
                staff_reached=12 + (n * 5) % 40,
                cascade_note="Shared at team meetings and added to the induction pack.",
                acknowledged_on=published + dt.timedelta(days=3 + n % 10),
            )


def _decommissioning(contracts: list[Contract], created: dict[str, int]) -> None:
    first = True
    for contract in contracts:
        if contract.stage != "decommissioning":
            continue
        opened_before = hasattr(contract, "decommissioning_checklist")
        checklist = services.decommissioning_checklist_open(actor=None, contract=contract)
        if opened_before:
            continue
        _ok(created, "decommissioning checklists")
        if not first:
            continue
        first = False
        # The first one is part-done: two items done, one waived, one still to do.
        items = {i.code: i for i in checklist.items.all()}
        services.decommissioning_item_resolve(
            actor=None,
            item=items["records_transfer"],
            status="done",
            note="Case records transferred to the new provider by secure file transfer.",
        )
        services.decommissioning_item_resolve(
            actor=None,
            item=items["notifications"],
            status="done",
            note="Families, referrers, the partnership and the designated nurse told in writing.",
        )
        services.decommissioning_item_resolve(
            actor=None,
            item=items["subcontractor_exit"],
            status="waived",
            note="The provider used no sub-contractors on this contract.",
        )
