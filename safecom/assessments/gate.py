"""The pre-engagement gate: what must be true of a contract's provider before the contract
goes live (or is awarded, where the commissioner chooses).

The conditions themselves are rules (safecom/rules/assessments.py); this module gathers the
facts for one contract. It takes no user: the caller has already found the contract through
the user's tenancy (or is the operator's command line).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from safecom.assessments import integrations
from safecom.assessments.models import Assessment
from safecom.assessments.selectors import framework_submission, statement_of_provider
from safecom.contracts.models import ClauseConfirmation, Contract
from safecom.rules import assessments as rules


@dataclass(frozen=True)
class GateResult:
    contract: Contract
    passed: bool
    conditions: list[rules.GateCondition]

    def as_dict(self) -> dict[str, Any]:
        return {
            "contract": self.contract.pk,
            "passed": self.passed,
            "conditions": [
                {"name": c.name, "passed": c.passed, "detail": c.detail} for c in self.conditions
            ],
        }


def day_label(value: dt.datetime) -> str:
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{local.day} {local:%B %Y}"


def _self_assessment(contract: Contract, on: dt.date) -> rules.GateCondition:
    versions = list(contract.frameworks.select_related("framework"))
    pairs = {v.framework.slug: v.framework.short_name for v in versions}
    if not pairs:
        # No framework chosen: any framework the provider has submitted under will do.
        for slug, short in (
            Assessment.objects.filter(provider=contract.provider, submitted_at__isnull=False)
            .values_list(
                "round__frameworks__framework__slug", "round__frameworks__framework__short_name"
            )
            .distinct()
        ):
            if slug:
                pairs[slug] = short
    submissions = [
        framework_submission(provider=contract.provider, framework_slug=slug, label=short, on=on)
        for slug, short in sorted(pairs.items())
    ]
    if not versions and any(s.in_date for s in submissions):
        submissions = [s for s in submissions if s.in_date][:1]
    return rules.chscp_1_gate_self_assessment(submissions=submissions)


def _clause(contract: Contract) -> rules.GateCondition:
    check = integrations.clause_check_latest(contract=contract)
    confirmation = ""
    if not check.exists:
        found = (
            ClauseConfirmation.objects.filter(contract=contract)
            .select_related("confirmed_by")
            .first()
        )
        if found is not None:
            who = str(found.confirmed_by) if found.confirmed_by else "the system"
            confirmation = f"by {who} on {day_label(found.confirmed_at)}: {found.reason}"
    facts = rules.ClauseCheckFacts(
        exists=check.exists,
        all_met=check.all_met,
        checked_at=day_label(check.checked_at) if check.checked_at else "",
        unmet_refs=check.unmet_refs,
        summary=check.summary,
        confirmation=confirmation,
    )
    return rules.chscp_1_gate_clause_check(facts=facts)


def _dsl(contract: Contract) -> rules.GateCondition:
    holders = integrations.named_role_holders(provider=contract.provider)
    return rules.dorset_1_1_2_gate_dsl_named(
        holder=(holders or {}).get("dsl"), available=holders is not None
    )


def contract_gate(*, contract: Contract, on: dt.date | None = None) -> GateResult:
    day = on or timezone.localdate()
    conditions = [_self_assessment(contract, day)]
    keys = [
        (slug, ref)
        for slug, ref in contract.frameworks.values_list("framework__slug", "requirements__ref")
    ]
    if rules.bscp_1_statement_required(requirement_keys=keys):
        statement = statement_of_provider(provider=contract.provider)
        conditions.append(
            rules.bscp_1_gate_statement(
                review_date=statement.review_date if statement else None, today=day
            )
        )
    conditions += [_clause(contract), _dsl(contract)]
    return GateResult(contract, rules.gate_passed(conditions), conditions)


def gate_applies(*, contract: Contract, to_stage: str) -> bool:
    return rules.chscp_1_gate_applies(to_stage=to_stage, gate_at_award=contract.gate_at_award)
