"""Self-assessment states and pre-engagement gates for a whole portfolio at once.

The dashboard reads hundreds of contracts. These give the same answers as
`provider_assessment_state` and `contract_gate` (a test holds them together) in a fixed
number of queries, however many providers and contracts there are: everything is loaded in
a few set-based reads, then the same pure rules are applied in memory.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone

from safecom.assessments import integrations, mapping
from safecom.assessments.declared import (
    AWAITING_DECISION,
    contract_data,
    contract_facts,
    contradictions_for,
)
from safecom.assessments.gate import GateResult, day_label
from safecom.assessments.integrations import ClauseCheck
from safecom.assessments.models import (
    ActionItem,
    Answer,
    Assessment,
    ChildSafeguardingStatement,
)
from safecom.assessments.selectors import SUBMITTED
from safecom.contracts.models import ClauseConfirmation, Contract
from safecom.rules import assessments as rules
from safecom.standards.models import Requirement
from safecom.standards.portfolio import PortfolioFrameworks


@dataclass(frozen=True)
class _Taken:
    """One assessment as seen under one of its round's framework versions."""

    pk: int
    provider_id: int
    status: str
    submitted_at: dt.datetime | None
    created_at: dt.datetime
    due_date: dt.date
    interval: str
    version_id: int
    slug: str
    short_name: str
    version: str


@dataclass
class _Loaded:
    taken: list[_Taken] = field(default_factory=list)
    by_provider: dict[int, list[_Taken]] = field(default_factory=dict)
    # version id -> (framework slug, [(ref, parameters)])
    requirements: dict[int, list[tuple[str, str, dict[str, Any]]]] = field(default_factory=dict)

    def interval_months(self, version_id: int) -> int | None:
        values = [
            int(p["self_audit_interval_months"])
            for _, _, p in self.requirements.get(version_id, ())
            if p and p.get("self_audit_interval_months")
        ]
        return min(values) if values else None


def _load(
    provider_ids: list[int],
    extra_versions: set[int],
    known: dict[int, list[tuple[str, str, dict[str, Any]]]] | None = None,
) -> _Loaded:
    loaded = _Loaded()
    rows = (
        Assessment.objects.filter(provider__in=provider_ids)
        .values_list(
            "pk",
            "provider_id",
            "status",
            "submitted_at",
            "created_at",
            "round__due_date",
            "round__interval",
            "round__frameworks",
            "round__frameworks__framework__slug",
            "round__frameworks__framework__short_name",
            "round__frameworks__version",
        )
        .order_by("created_at", "pk")
    )
    loaded.taken = [_Taken(*row) for row in rows if row[7] is not None]
    for t in loaded.taken:
        loaded.by_provider.setdefault(t.provider_id, []).append(t)
    versions = {t.version_id for t in loaded.taken} | extra_versions
    known = known or {}
    loaded.requirements.update({v: known[v] for v in versions if v in known})
    for vid, slug, ref, parameters in Requirement.objects.filter(
        framework_version__in=versions - set(known)
    ).values_list(
        "framework_version_id", "framework_version__framework__slug", "ref", "parameters"
    ):
        loaded.requirements.setdefault(vid, []).append((slug, ref, parameters or {}))
    return loaded


def _submission(
    loaded: _Loaded, provider_id: int, slug: str, label: str, day: dt.date
) -> rules.FrameworkSubmission:
    """As `framework_submission`: the latest submitted return under the framework."""
    candidates = [
        t
        for t in loaded.by_provider.get(provider_id, ())
        if t.slug == slug and t.status in SUBMITTED and t.submitted_at is not None
    ]
    if not candidates:
        return rules.FrameworkSubmission(label, None, None, False)
    found = max(candidates, key=lambda t: (t.submitted_at, t.pk))
    submitted_on = timezone.localdate(found.submitted_at)
    months = loaded.interval_months(found.version_id)
    due = rules.chscp_1_self_assessment_next_due(
        submitted_on=submitted_on, interval=found.interval, self_audit_interval_months=months
    )
    in_date = rules.chscp_1_self_assessment_in_date(
        submitted_on=submitted_on,
        today=day,
        interval=found.interval,
        self_audit_interval_months=months,
    )
    return rules.FrameworkSubmission(label, submitted_on, due, in_date)


def _statements(provider_ids: list[int]) -> dict[int, dt.date]:
    """provider id -> review date of its latest Child Safeguarding Statement."""
    out: dict[int, dt.date] = {}
    for provider_id, review_date in ChildSafeguardingStatement.objects.filter(
        provider__in=provider_ids
    ).values_list("provider_id", "review_date"):
        out.setdefault(provider_id, review_date)  # default ordering: latest first
    return out


def _clause_checks(
    contracts: list[Contract], frameworks: dict[int, list[Any]], found: dict[int, Any] | None
) -> dict[int, Any]:
    if found is None:
        found = integrations.clause_checks_latest(contracts=contracts)
    if found is None:
        return {c.pk: ClauseCheck(available=False) for c in contracts}
    out: dict[int, Any] = {}
    for c in contracts:
        check = found.get(c.pk)
        if check is None:
            out[c.pk] = ClauseCheck(available=True)
            continue
        out[c.pk] = ClauseCheck(
            available=True,
            exists=True,
            all_met=bool(check.all_met),
            checked_at=check.checked_at,
            unmet_refs=tuple(str(r) for r in (check.unmet_refs or ())),
            summary=str(check.summary or ""),
            frameworks=tuple(slug for _, slug, _, _ in frameworks.get(c.pk, [])),
        )
    return out


def _holders(providers: list[Any]) -> dict[int, dict[str, str | None]] | None:
    return integrations.named_role_holders_of(providers=providers)


def _contract_frameworks(contract_ids: list[int]) -> dict[int, list[tuple[int, str, str, str]]]:
    """contract id -> [(version id, slug, short name, version)] in the contract's own order."""
    through = Contract.frameworks.through
    out: dict[int, list[tuple[int, str, str, str]]] = defaultdict(list)
    for contract_id, vid, slug, short, version in (
        through.objects.filter(contract_id__in=contract_ids)
        .values_list(
            "contract_id",
            "frameworkversion_id",
            "frameworkversion__framework__slug",
            "frameworkversion__framework__short_name",
            "frameworkversion__version",
        )
        .order_by("pk")
    ):
        out[contract_id].append((vid, slug, short, version))
    return out


def _confirmations(contract_ids: list[int]) -> dict[int, str]:
    out: dict[int, str] = {}
    for found in ClauseConfirmation.objects.filter(contract__in=contract_ids).select_related(
        "confirmed_by"
    ):
        if found.contract_id in out:
            continue  # default ordering: latest first
        who = str(found.confirmed_by) if found.confirmed_by else "the system"
        out[found.contract_id] = f"by {who} on {day_label(found.confirmed_at)}: {found.reason}"
    return out


def contract_gates(
    *,
    contracts: list[Contract],
    on: dt.date | None = None,
    clause_checks: dict[int, Any] | None = None,
) -> dict[int, GateResult]:
    """contract id -> `contract_gate(contract=...)` for many contracts in a fixed number of
    queries. `clause_checks` is `clause_checks_latest` for them when the caller has it."""
    if not contracts:
        return {}
    reads = _PortfolioReads(contracts, [], clause_checks)
    return reads.gates(contracts, on or timezone.localdate())


class _PortfolioReads:
    """Everything the gates and the states read, loaded once for a whole portfolio."""

    def __init__(
        self,
        contracts: list[Contract],
        providers: list[Any],
        clause_checks: dict[int, Any] | None,
        standards: PortfolioFrameworks | None = None,
        holders: dict[int, dict[str, str | None]] | None = None,
    ) -> None:
        self.contracts = {c.pk: c for c in contracts}
        known: dict[int, list[tuple[str, str, dict[str, Any]]]] = {}
        if standards is None:
            self.frameworks = _contract_frameworks([c.pk for c in contracts])
        else:
            self.frameworks = {
                c.pk: [
                    (v.pk, v.slug, v.short_name, v.version)
                    for v in standards.contract_versions.get(c.pk, [])
                ]
                for c in contracts
            }
            known = {
                vid: [(standards.versions[vid].slug, r.ref, r.parameters) for r in reqs]
                for vid, reqs in standards.requirements.items()
            }
        self.providers = sorted(
            {c.provider for c in contracts} | set(providers), key=lambda p: p.pk
        )
        ids = [p.pk for p in self.providers]
        versions = {vid for rows in self.frameworks.values() for vid, *_ in rows}
        self.loaded = _load(ids, versions, known)
        self.statements = _statements(ids)
        self.checks = _clause_checks(contracts, self.frameworks, clause_checks)
        self.holders = holders if holders is not None else _holders(self.providers)

    def states(
        self, providers: list[Any], workforce: dict[int, dict[str, Any]] | None, day: dt.date
    ) -> dict[int, dict[str, Any]]:
        return _states(self, providers, workforce, day)

    def gates(self, contracts: list[Contract], day: dt.date) -> dict[int, GateResult]:
        loaded, statements, holders = self.loaded, self.statements, self.holders
        confirmations = _confirmations([c.pk for c in contracts if not self.checks[c.pk].exists])
        out = {}
        for c in contracts:
            versions = self.frameworks.get(c.pk, [])
            pairs = {slug: short for _, slug, short, _ in versions}
            if not pairs:
                # No framework chosen: any framework the provider has submitted under will do.
                for t in loaded.by_provider.get(c.provider_id, ()):
                    if t.submitted_at is not None:
                        pairs[t.slug] = t.short_name
            submissions = [
                _submission(loaded, c.provider_id, slug, short, day)
                for slug, short in sorted(pairs.items())
            ]
            if not versions and any(s.in_date for s in submissions):
                submissions = [s for s in submissions if s.in_date][:1]
            conditions = [rules.chscp_1_gate_self_assessment(submissions=submissions)]
            keys = [
                (slug, ref)
                for vid, *_ in versions
                for slug, ref, _ in loaded.requirements.get(vid, [])
            ]
            if rules.bscp_1_statement_required(requirement_keys=keys):
                conditions.append(
                    rules.bscp_1_gate_statement(
                        review_date=statements.get(c.provider_id), today=day
                    )
                )
            check = self.checks[c.pk]
            facts = rules.ClauseCheckFacts(
                exists=check.exists,
                all_met=check.all_met,
                checked_at=day_label(check.checked_at) if check.checked_at else "",
                unmet_refs=check.unmet_refs,
                summary=check.summary,
                confirmation="" if check.exists else confirmations.get(c.pk, ""),
            )
            conditions.append(rules.chscp_1_gate_clause_check(facts=facts))
            held = None if holders is None else holders.get(c.provider_id, {})
            conditions.append(
                rules.dorset_1_1_2_gate_dsl_named(
                    holder=(held or {}).get("dsl"), available=held is not None
                )
            )
            out[c.pk] = GateResult(c, rules.gate_passed(conditions), conditions)
        return out


def provider_assessment_states(
    *,
    providers: list[Any],
    workforce: dict[int, dict[str, Any]] | None = None,
    on: dt.date | None = None,
) -> dict[int, dict[str, Any]]:
    """provider id -> `provider_assessment_state(provider=...)` for many providers.

    `workforce` is the providers' workforce summaries when the caller already has them (the
    dashboard does), so they are not counted twice.
    """
    if not providers:
        return {}
    reads = _PortfolioReads([], providers, None)
    return reads.states(providers, workforce, on or timezone.localdate())


def portfolio_assessments(
    *,
    contracts: list[Contract],
    workforce: dict[int, dict[str, Any]] | None = None,
    clause_checks: dict[int, Any] | None = None,
    standards: PortfolioFrameworks | None = None,
    holders: dict[int, dict[str, str | None]] | None = None,
    on: dt.date | None = None,
) -> tuple[dict[int, GateResult], dict[int, dict[str, Any]]]:
    """The gates of the contracts and the self-assessment states of their providers, from one
    set of reads (`standards`, `holders`: the portfolio's frameworks and named role holders,
    when the caller has read them)."""
    day = on or timezone.localdate()
    if not contracts:
        return {}, {}
    reads = _PortfolioReads(contracts, [], clause_checks, standards, holders)
    return reads.gates(contracts, day), reads.states(reads.providers, workforce, day)


def _ratings(chosen: set[tuple[int, str]]) -> dict[tuple[int, str], Counter[str]]:
    ratings: dict[tuple[int, str], Counter[str]] = defaultdict(Counter)
    for assessment_id, slug, rating, n in (
        Answer.objects.filter(assessment__in={pk for pk, _ in chosen})
        .exclude(rating="")
        .values_list("assessment_id", "requirement__framework_version__framework__slug", "rating")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        if (assessment_id, slug) in chosen:
            ratings[(assessment_id, slug)][rating] += n
    return ratings


def _actions(ids: list[int], day: dt.date) -> dict[int, dict[str, int]]:
    return {
        provider_id: {"open": n_open, "overdue": n_overdue}
        for provider_id, n_open, n_overdue in ActionItem.objects.filter(provider__in=ids)
        .exclude(status=ActionItem.Status.DONE)
        .values("provider_id")
        .annotate(open=Count("pk"), overdue=Count("pk", filter=Q(due_date__lt=day)))
        .values_list("provider_id", "open", "overdue")
        .order_by()
    }


def _states(
    reads: _PortfolioReads,
    providers: list[Any],
    workforce: dict[int, dict[str, Any]] | None,
    day: dt.date,
) -> dict[int, dict[str, Any]]:
    loaded = reads.loaded
    latest: dict[int, dict[str, _Taken]] = defaultdict(dict)
    for t in loaded.taken:  # oldest first, so the last one kept is the latest
        latest[t.provider_id][t.slug] = t
    chosen = {(t.pk, t.slug) for per in latest.values() for t in per.values()}
    ratings = _ratings(chosen)
    actions = _actions([p.pk for p in providers], day)
    suggested = _suggested_challenges(reads, providers, chosen, workforce, day)
    out = {}
    for p in providers:
        totals = {r: 0 for r in rules.RATINGS}
        dues: list[dt.date] = []
        in_date = []
        for slug, t in latest.get(p.pk, {}).items():
            if t.status == Assessment.Status.DRAFT:
                dues.append(t.due_date)
            submission = _submission(loaded, p.pk, slug, t.short_name, day)
            if submission.due_by:
                dues.append(submission.due_by)
            in_date.append(submission.in_date)
            for r in rules.RATINGS:
                totals[r] += ratings[(t.pk, slug)].get(r, 0)
        row = actions.get(p.pk, {})
        out[p.pk] = {
            "submitted_in_date": bool(in_date) and all(in_date),
            "due_date": min(dues) if dues else None,
            "ratings": totals,
            "open_actions": row.get("open", 0),
            "overdue_actions": row.get("overdue", 0),
            "suggested_challenges": suggested.get(p.pk, 0),
        }
    return out


def _suggested_challenges(
    reads: _PortfolioReads,
    providers: list[Any],
    chosen: set[tuple[int, str]],
    workforce: dict[int, dict[str, Any]] | None,
    day: dt.date,
) -> dict[int, int]:
    """provider id -> how many contradictions the data shows against its latest met answers
    awaiting a decision (as `suggestions_for_answers` counts them, for many providers)."""
    answers = [
        a
        for a in Answer.objects.filter(
            assessment__in={pk for pk, _ in chosen},
            rating=rules.MET,
            moderation__in=sorted(AWAITING_DECISION),
        ).select_related("requirement__framework_version__framework", "assessment")
        if (a.assessment_id, a.requirement.framework_version.framework.slug) in chosen
    ]
    if not answers:
        return {}
    by_provider: dict[int, list[Answer]] = defaultdict(list)
    for a in answers:
        by_provider[a.assessment.provider_id].append(a)
    wanted = [p for p in providers if p.pk in by_provider]
    if workforce is None:
        workforce = integrations.workforce_summaries(providers=wanted)
    through = Assessment.contracts.through
    contract_ids: dict[int, set[int]] = defaultdict(set)
    for assessment_id, contract_id in through.objects.filter(
        assessment__in={a.assessment_id for a in answers}
    ).values_list("assessment_id", "contract_id"):
        contract_ids[assessment_id].add(contract_id)
    wanted_ids = {c for ids in contract_ids.values() for c in ids}
    contracts = [reads.contracts[pk] for pk in sorted(wanted_ids) if pk in reads.contracts]
    if len(contracts) < len(wanted_ids):
        contracts += list(Contract.objects.filter(pk__in=wanted_ids - set(reads.contracts)))
    checks = {pk: reads.checks[pk] for pk in wanted_ids if pk in reads.checks}
    if len(checks) < len(wanted_ids):
        more = [c for c in contracts if c.pk not in checks]
        checks.update(_clause_checks(more, _contract_frameworks([c.pk for c in more]), None))
    data = contract_data(contracts=contracts, on=day, clause_checks=checks)
    graph = mapping.current_graph()
    out = {}
    for p in wanted:
        mine = by_provider[p.pk]
        summary = None if workforce is None else workforce.get(p.pk)
        vacant: frozenset[str] | None = None
        if summary is not None and summary.get("named_roles_vacant") is not None:
            vacant = frozenset(summary["named_roles_vacant"])
        elif reads.holders is not None:
            held = reads.holders.get(p.pk, {})
            vacant = frozenset(code for code, name in held.items() if not name)
        linked = {cid for a in mine for cid in contract_ids.get(a.assessment_id, ())}
        facts = rules.ProviderFacts(
            today=day,
            workforce=summary,
            vacant_roles=vacant,
            statement_review_date=reads.statements.get(p.pk),
            **contract_facts([data[cid] for cid in sorted(linked)], graph),
        )
        out[p.pk] = sum(len(contradictions_for(a, facts)) for a in mine)
    return out
