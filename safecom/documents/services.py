"""Writes of document checks and portfolio audits. The document is read and checked first;
only a finished result is stored, in one transaction with its audit event."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from safecom.audit.services import audit_record
from safecom.contracts.models import Contract
from safecom.core.jobs import job_start
from safecom.core.models import Job
from safecom.documents.checking import KINDS, check_text
from safecom.documents.extraction import Extracted, ExtractionRefused, document_extract
from safecom.documents.models import DocumentCheck, PortfolioAudit
from safecom.organisations.models import Organisation
from safecom.rules.documents import MET, NOT_MET, PARTLY_MET, DocumentResult
from safecom.standards.models import FrameworkVersion

AUDIT_JOB = "documents.portfolio_audit"


def _check_inputs(*, framework_version: FrameworkVersion | None, kind: str) -> None:
    errors: dict[str, list[str]] = {}
    if kind not in KINDS:
        errors["kind"] = ["Choose what the document is: contract clauses or provider policies."]
    if framework_version is None:
        errors["framework"] = ["Choose the standards to check the document against."]
    elif kind in KINDS and not framework_version.requirements.filter(kind=kind).exists():
        errors["framework"] = [
            f"{framework_version.framework.short_name} has no {KINDS[kind]} requirements: "
            f"choose standards that do."
        ]
    if errors:
        raise ValidationError(errors)


def document_check_create(
    *,
    actor: Any,
    contract: Contract,
    framework_version: FrameworkVersion | None,
    kind: str,
    name: str,
    data: bytes,
    source: str = DocumentCheck.Source.UPLOAD,
    today: dt.date | None = None,
) -> DocumentCheck:
    """Read, check and store one uploaded document; ValidationError (nothing stored) if not."""
    _check_inputs(framework_version=framework_version, kind=kind)
    assert framework_version is not None
    try:
        extracted = document_extract(data=data, name=name)
    except ExtractionRefused as exc:
        raise ValidationError({"file": [str(exc)]}) from exc
    return _store(
        actor=actor,
        contract=contract,
        framework_version=framework_version,
        kind=kind,
        extracted=extracted,
        source=source,
        today=today,
    )


def document_check_create_from_text(
    *,
    actor: Any,
    contract: Contract,
    framework_version: FrameworkVersion,
    kind: str,
    name: str,
    text: str,
    source: str = DocumentCheck.Source.DEMO,
    checked_at: dt.datetime | None = None,
    today: dt.date | None = None,
) -> DocumentCheck:
    """Check and store text already in hand (the demo portfolio)."""
    _check_inputs(framework_version=framework_version, kind=kind)
    data = text.encode()
    return _store(
        actor=actor,
        contract=contract,
        framework_version=framework_version,
        kind=kind,
        extracted=document_extract(data=data, name=name if "." in name else f"{name}.txt"),
        source=source,
        today=today,
        checked_at=checked_at,
    )


def _store(
    *,
    actor: Any,
    contract: Contract,
    framework_version: FrameworkVersion,
    kind: str,
    extracted: Extracted,
    source: str,
    today: dt.date | None,
    checked_at: dt.datetime | None = None,
) -> DocumentCheck:
    result = check_text(
        version=framework_version,
        kind=kind,
        text=extracted.text,
        document=extracted.safe_name,
        page_starts=extracted.page_starts,
        heading_hints=extracted.heading_hints,
        today=today,
    )
    with transaction.atomic():
        check = DocumentCheck.objects.create(
            contract=contract,
            framework_version=framework_version,
            kind=kind,
            document_name=extracted.safe_name[:200],
            sha256=extracted.sha256,
            size_bytes=extracted.size,
            page_count=extracted.page_count,
            text=extracted.text,
            page_starts=extracted.page_starts,
            result=result.as_record(),
            source=source,
            checked_at=checked_at or timezone.now(),
            checked_by=actor if getattr(actor, "is_authenticated", False) else None,
            **result_figures(result),
        )
        audit_record(
            actor=actor,
            action="document_check.created",
            obj=check,
            organisation=contract.commissioner,
            summary=(
                f"Checked {check.document_name} for {contract.reference} against "
                f"{framework_version}: {check.summary}"
            ),
        )
    return check


def result_figures(result: DocumentResult) -> dict[str, Any]:
    return {
        "all_met": result.all_met,
        "met_count": result.count(MET),
        "partly_met_count": result.count(PARTLY_MET),
        "not_met_count": result.count(NOT_MET),
        "warning_count": len(result.warnings),
        "unmet_refs": result.unmet_refs,
    }


def portfolio_audit_start(
    *, actor: Any, commissioner: Organisation, framework_version: FrameworkVersion | None
) -> Job:
    """Start the Appendix A audit of every contract of a commissioner, in the background."""
    _check_inputs(framework_version=framework_version, kind=DocumentCheck.Kind.CONTRACT_CLAUSE)
    assert framework_version is not None
    if commissioner.kind != "commissioner":
        raise ValidationError({"commissioner": [f"{commissioner} is not a commissioner."]})
    return job_start(
        kind=AUDIT_JOB,
        actor=actor,
        organisation=commissioner,
        label=f"Safeguarding clause audit of {commissioner.name} against {framework_version}",
        params={
            "commissioner_id": commissioner.pk,
            "framework_version_id": framework_version.pk,
            "actor_id": getattr(actor, "pk", None),
        },
    )


@transaction.atomic
def portfolio_audit_record(
    *,
    actor: Any,
    commissioner: Organisation,
    framework_version: FrameworkVersion,
    rows: list[dict[str, Any]],
    job: Job | None = None,
) -> PortfolioAudit:
    audit = PortfolioAudit.objects.create(
        commissioner=commissioner,
        framework_version=framework_version,
        job=job,
        contracts_total=len(rows),
        contracts_checked=sum(1 for r in rows if r["checked"]),
        contracts_all_met=sum(1 for r in rows if r["all_met"]),
        rows=rows,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    share = audit.share_all_met
    audit_record(
        actor=actor,
        action="portfolio_audit.created",
        obj=audit,
        organisation=commissioner,
        summary=(
            f"Audited {audit.contracts_total} contracts of {commissioner} against "
            f"{framework_version}: "
            + (f"{share:.0%} with every element met" if share is not None else "no contracts")
        ),
    )
    return audit
