"""Reads of document checks, always through the user's tenancy (or a contract already let in)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import QuerySet

from safecom.accounts import roles
from safecom.accounts.tenancy import (
    contract_filter,
    organisation_filter,
    organisations_where,
    user_can,
)
from safecom.contracts.models import Contract
from safecom.documents.checking import versions_with
from safecom.documents.models import DocumentCheck, PortfolioAudit
from safecom.organisations.models import Organisation
from safecom.standards.models import FrameworkVersion


@dataclass(frozen=True)
class ClauseCheckStatus:
    """What the pre-engagement gate needs to know about a contract's safeguarding clauses."""

    all_met: bool
    checked_at: datetime
    unmet_refs: list[str]
    summary: str
    check_ids: tuple[int, ...]


def clause_check_latest(*, contract: Any) -> ClauseCheckStatus | None:
    """The latest contract-clause check per framework of this contract, taken together.

    None when the contract's clauses have never been checked. When a contract is under
    several frameworks (say chscp and nel) every framework's latest check must be all met;
    an older check against another edition of the same framework is superseded by a newer one.
    The caller has already let the user see `contract` (this takes no user).
    """
    return clause_checks_latest(contracts=[contract]).get(contract.pk)


def clause_checks_latest(*, contracts: list[Any]) -> dict[int, ClauseCheckStatus]:
    """contract id -> `clause_check_latest(contract=...)` for many contracts in one query;
    contracts never checked are left out."""
    latest: dict[int, dict[int, DocumentCheck]] = {}
    checks = (
        DocumentCheck.objects.filter(
            contract__in=[c.pk for c in contracts], kind=DocumentCheck.Kind.CONTRACT_CLAUSE
        )
        .select_related("framework_version__framework")
        .defer("result", "text")
        .order_by("-checked_at", "-pk")
    )
    for check in checks:
        latest.setdefault(check.contract_id, {}).setdefault(
            check.framework_version.framework_id, check
        )
    return {pk: _taken_together(found) for pk, found in latest.items()}


def _taken_together(latest_by_framework: dict[int, DocumentCheck]) -> ClauseCheckStatus:
    chosen = sorted(latest_by_framework.values(), key=lambda c: c.framework_version.framework.slug)
    unmet: list[str] = []
    for check in chosen:
        slug = check.framework_version.framework.slug
        unmet.extend(f"{slug} {ref}" for ref in check.unmet_refs)
    summary = "; ".join(f"{c.framework_version.framework.short_name}: {c.summary}" for c in chosen)
    return ClauseCheckStatus(
        all_met=all(c.all_met for c in chosen),
        checked_at=max(c.checked_at for c in chosen),
        unmet_refs=unmet,
        summary=summary,
        check_ids=tuple(c.pk for c in chosen),
    )


def check_list(*, user: Any, contract_id: int | None = None) -> QuerySet[DocumentCheck]:
    qs = (
        DocumentCheck.objects.filter(contract__in=_visible_contract_ids(user))
        .select_related("contract", "framework_version__framework", "checked_by")
        .order_by("-checked_at", "-pk")
    )
    if contract_id is not None:
        qs = qs.filter(contract_id=contract_id)
    return qs


def check_get(*, user: Any, pk: int) -> DocumentCheck | None:
    """The check if this user may see its contract; None (answered as 404) otherwise."""
    return check_list(user=user).filter(pk=pk).first()


def _visible_contract_ids(user: Any) -> QuerySet[Any]:
    return Contract.objects.filter(contract_filter(user)).values("pk")


def audit_commissioners(*, user: Any) -> QuerySet[Organisation]:
    """Commissioners whose portfolio audits this user may see."""
    return (
        Organisation.objects.filter(organisation_filter(user), kind=roles.COMMISSIONER)
        .distinct()
        .order_by("name")
    )


def audit_commissioners_to_run(*, user: Any) -> QuerySet[Organisation]:
    """Commissioners whose portfolio audit this user may start."""
    ids = organisations_where(user, roles.CONTRACT_EDIT) | organisations_where(
        user, roles.ASSURANCE_RECORD
    )
    return Organisation.objects.filter(pk__in=ids, kind=roles.COMMISSIONER).order_by("name")


def audit_list(*, user: Any) -> QuerySet[PortfolioAudit]:
    return (
        PortfolioAudit.objects.filter(commissioner__in=audit_commissioners(user=user).values("pk"))
        .select_related("commissioner", "framework_version__framework", "created_by")
        .order_by("-created_at", "-pk")
    )


def audit_get(*, user: Any, pk: int) -> PortfolioAudit | None:
    return audit_list(user=user).filter(pk=pk).first()


def audit_latest(*, commissioner: Organisation) -> PortfolioAudit | None:
    """The latest audit of a commissioner the caller has already let the user see."""
    return (
        PortfolioAudit.objects.filter(commissioner=commissioner)
        .select_related("framework_version__framework")
        .order_by("-created_at", "-pk")
        .first()
    )


def check_as_dict(check: DocumentCheck) -> dict[str, Any]:
    """The stored check for the API: the checker's JSON plus where it is stored."""
    result = check.result or {}
    return {
        "id": check.pk,
        "contract_id": check.contract_id,
        "kind": check.kind,
        "framework_version": str(check.framework_version.version),
        "checked_at": check.checked_at.isoformat(),
        "all_met": check.all_met,
        "summary": check.summary,
        "result": public_result(result),
        "suggested_wording": [
            {"ref": r["ref"], "status": r["status"], "wording": r.get("model_wording", "")}
            for r in result.get("requirements", [])
            if r.get("status") != "met" and r.get("model_wording")
        ],
    }


def public_result(record: dict[str, Any]) -> dict[str, Any]:
    """The stored record in exactly the shape of `safecom check-document --format json`."""
    return {
        "document": record.get("document", ""),
        "framework": record.get("framework", ""),
        "requirements": [
            {
                "ref": r["ref"],
                "title": r["title"],
                "status": r["status"],
                "evidence": [
                    {k: e[k] for k in ("quote", "page", "char_start", "char_end")}
                    for e in r.get("evidence", [])
                ],
                "explanation": r["explanation"],
            }
            for r in record.get("requirements", [])
        ],
        "warnings": [
            {k: w[k] for k in ("code", "message", "quote")} for w in record.get("warnings", [])
        ],
    }


def upload_kinds(user: Any, contract: Contract) -> list[str]:
    """What this user may upload for the contract: clauses (its commissioner's contract
    managers) and policies (they, or the provider's safeguarding lead)."""
    kinds = []
    if user_can(user, roles.CONTRACT_EDIT, contract.commissioner_id):
        kinds.append(DocumentCheck.Kind.CONTRACT_CLAUSE.value)
    if user_can(user, roles.CONTRACT_EDIT, contract.commissioner_id) or user_can(
        user, roles.POLICY_SUBMIT, contract.provider_id
    ):
        kinds.append(DocumentCheck.Kind.PROVIDER_POLICY.value)
    return kinds


def audit_default_version(*, commissioner: Any) -> FrameworkVersion | None:
    """The clause standards most of the commissioner's contracts are let under."""
    candidates = {v.pk: v for v in versions_with("contract_clause")}
    counts: dict[int, int] = {}
    for version_id in Contract.objects.filter(commissioner=commissioner).values_list(
        "frameworks", flat=True
    ):
        if version_id in candidates:
            counts[version_id] = counts.get(version_id, 0) + 1
    if counts:
        return candidates[max(sorted(counts), key=lambda k: counts[k])]
    return next(iter(candidates.values()), None)
