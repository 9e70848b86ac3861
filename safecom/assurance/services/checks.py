"""Writes for risk-based thematic checks (chscp/bscp 6) and the commissioner's risk policy."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from safecom.accounts import roles
from safecom.assurance.models import AssurancePolicy, ThematicCheck
from safecom.assurance.selectors.risk import contract_risks
from safecom.assurance.services._common import (
    Errors,
    add,
    choice,
    past_date,
    raise_if,
    text,
    user_or_none,
)
from safecom.audit.services import audit_record
from safecom.contracts.models import Contract
from safecom.organisations.models import Organisation

POLICY_FIELDS = ("high_from", "medium_from", "high_months", "medium_months", "low_months")


@transaction.atomic
def assurance_policy_set(
    *,
    actor: Any,
    commissioner: Organisation,
    high_from: int,
    medium_from: int,
    high_months: int,
    medium_months: int,
    low_months: int,
) -> AssurancePolicy:
    """Set the score at which a contract is high or medium risk, and the months between checks."""
    errors: Errors = {}
    if commissioner.kind != roles.COMMISSIONER:
        add(errors, "__all__", f"{commissioner} is not a commissioner.")
    if not 1 <= medium_from < high_from <= 100:
        add(
            errors,
            "high_from",
            "The high-risk score must be above the medium-risk score, both from 1 to 100.",
        )
    for name, value in (
        ("high_months", high_months),
        ("medium_months", medium_months),
        ("low_months", low_months),
    ):
        if not 1 <= value <= 36:
            add(errors, name, "Give the months between checks from 1 to 36.")
    if not errors and not high_months <= medium_months <= low_months:
        add(
            errors,
            "medium_months",
            "Higher risk must be checked at least as often: high ≤ medium ≤ low months.",
        )
    raise_if(errors)
    new = {
        "high_from": high_from,
        "medium_from": medium_from,
        "high_months": high_months,
        "medium_months": medium_months,
        "low_months": low_months,
    }
    policy, created = AssurancePolicy.objects.select_for_update(of=("self",)).get_or_create(
        commissioner=commissioner, defaults=new
    )
    changes = {
        name: [getattr(policy, name), value]
        for name, value in new.items()
        if getattr(policy, name) != value
    }
    if not created and changes:
        for name, value in new.items():
            setattr(policy, name, value)
        policy.save()
    if created or changes:
        audit_record(
            actor=actor,
            action="assurance.policy_set",
            obj=policy,
            organisation=commissioner,
            summary=f"Set the thematic check policy of {commissioner}",
            changes=changes if not created else new,
        )
    return policy


@transaction.atomic
def thematic_check_record(
    *,
    actor: Any,
    contract: Contract,
    theme: str,
    method: str,
    carried_out_on: dt.date | None,
    findings: str,
    rag: str,
    theme_detail: str = "",
    sample_size: int | None = None,
) -> ThematicCheck:
    """Record a completed thematic check, keeping the risk score it was planned on."""
    errors: Errors = {}
    choice(errors, "theme", theme, ThematicCheck.Theme.choices, "Choose the theme of the check.")
    choice(errors, "method", method, ThematicCheck.Method.choices, "Choose how it was checked.")
    choice(errors, "rag", rag, ThematicCheck.Rag.choices, "Choose red, amber or green.")
    theme_detail = text(errors, "theme_detail", theme_detail, limit=200)
    if theme == ThematicCheck.Theme.OTHER and not theme_detail:
        add(errors, "theme_detail", "Say what the theme was.")
    if method == ThematicCheck.Method.STAFF_RECORDS:
        if sample_size is None or sample_size < 1:
            add(errors, "sample_size", "Enter how many staff records were sampled (1 or more).")
        elif sample_size > 100000:
            add(errors, "sample_size", "Enter a sample size below 100,000.")
    elif sample_size is not None and sample_size < 0:
        add(errors, "sample_size", "A sample size cannot be negative.")
    past_date(
        errors,
        "carried_out_on",
        carried_out_on,
        label="the date of the check",
        not_before=(contract.start_date, "the contract started"),
    )
    findings = text(errors, "findings", findings, limit=10000, required="Enter the findings.")
    raise_if(errors)
    assert carried_out_on is not None
    risk = contract_risks(contracts=[contract])[contract.pk]
    check = ThematicCheck.objects.create(
        contract=contract,
        theme=theme,
        theme_detail=theme_detail,
        method=method,
        sample_size=sample_size,
        carried_out_on=carried_out_on,
        findings=findings,
        rag=rag,
        risk_score_at_check=risk.score,
        risk_tier_at_check=risk.tier,
        recorded_by=user_or_none(actor),
    )
    audit_record(
        actor=actor,
        action="assurance.check_recorded",
        obj=check,
        organisation=contract.commissioner,
        summary=(
            f"Recorded a {check.get_theme_display().lower()} check ({rag}) of {contract.reference}"
        ),
    )
    return check
