"""Checks and helpers shared by the assessment services."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.validators import URLValidator
from django.db import transaction

from safecom.assessments.models import Answer, ChildSafeguardingStatement, EvidenceFile
from safecom.audit.services import audit_record
from safecom.core.uploads import UploadRefused, upload_check
from safecom.organisations.models import Organisation

EVIDENCE_KINDS = {"pdf", "docx", "xlsx", "odt", "png", "jpg", "txt"}
MAX_LINKS = 10
MAX_NARRATIVE = 20000
MAX_COMMENT = 5000


def user_or_none(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def check_text(
    errors: dict[str, list[str]], name: str, value: str, *, limit: int, required: str = ""
) -> None:
    """Add to `errors` what is wrong with one text field, in words."""
    if "\x00" in value:
        errors.setdefault(name, []).append("Remove the null character from the text.")
    elif len(value.strip()) > limit:
        errors.setdefault(name, []).append(f"Use {limit:,} characters or fewer.")
    elif required and not value.strip():
        errors.setdefault(name, []).append(required)


def clean_links(errors: dict[str, list[str]], links: Iterable[str]) -> list[str]:
    cleaned = [link.strip() for link in links if link and link.strip()]
    if len(cleaned) > MAX_LINKS:
        errors.setdefault("links", []).append(f"Give at most {MAX_LINKS} links.")
        return cleaned
    check = URLValidator(schemes=["http", "https"])
    for link in cleaned:
        try:
            if len(link) > 500:
                raise ValidationError("too long")
            check(link)
        except ValidationError:
            errors.setdefault("links", []).append(
                f"'{link[:80]}' is not a web address: give each link in full, starting "
                "https://, one per line."
            )
    return cleaned


def check_files(errors: dict[str, list[str]], files: Iterable[tuple[str, bytes]]) -> list[Any]:
    """Each upload checked by its content; what is refused says why, naming the file."""
    checked = []
    for name, data in files:
        try:
            checked.append(
                (
                    upload_check(
                        data=data,
                        name=name,
                        allowed=EVIDENCE_KINDS,
                        max_bytes=settings.SAFECOM_UPLOAD_MAX_BYTES,
                    ),
                    data,
                )
            )
        except UploadRefused as exc:
            errors.setdefault("evidence", []).append(f"{name[:80]}: {exc}")
    return checked


def store_evidence(*, actor: Any, provider: Organisation, info: Any, data: bytes) -> EvidenceFile:
    """Keep a checked file once per provider (found again by its SHA-256)."""
    existing = EvidenceFile.objects.filter(provider=provider, sha256=info.sha256).first()
    if existing is not None:
        return existing
    # A random folder per file: names never collide and cannot be guessed from the page.
    path = default_storage.save(
        f"evidence/{provider.pk}/{uuid.uuid4().hex}/{info.safe_name}", ContentFile(data)
    )
    evidence = EvidenceFile.objects.create(
        provider=provider,
        file=path,
        name=info.safe_name,
        kind=info.kind,
        content_type=info.content_type,
        size=info.size,
        sha256=info.sha256,
        uploaded_by=user_or_none(actor),
    )
    audit_record(
        actor=actor,
        action="assessment.evidence_uploaded",
        obj=evidence,
        organisation=provider,
        summary=f"Uploaded evidence {info.safe_name} ({info.size:,} bytes)",
        changes={"sha256": [None, info.sha256]},
    )
    return evidence


def discard_unused(*, actor: Any, evidence_ids: Iterable[int]) -> list[str]:
    """Delete files taken off an answer that nothing gives any more: no answer in any return
    and no Child Safeguarding Statement. A file still given anywhere stays. The stored copy goes
    once the transaction commits, so a rolled-back removal loses nothing."""
    ids = set(evidence_ids)
    if not ids:
        return []
    in_statements = ChildSafeguardingStatement.objects.filter(evidence__isnull=False).values(
        "evidence_id"
    )
    gone = []
    for evidence in (
        EvidenceFile.objects.filter(pk__in=ids, answers__isnull=True)
        .exclude(pk__in=in_statements)
        .select_related("provider")
    ):
        path, name = evidence.file.name or "", evidence.name
        audit_record(
            actor=actor,
            action="assessment.evidence_deleted",
            obj=evidence,
            organisation=evidence.provider,
            summary=f"Deleted evidence {name}: no answer or statement gives it any more",
            changes={"sha256": [evidence.sha256, None]},
        )
        evidence.delete()
        if path:
            transaction.on_commit(_deleter(path))
        gone.append(name)
    return gone


def _deleter(path: str) -> Any:
    def delete() -> None:
        default_storage.delete(path)

    return delete


def copy_content(*, target: Answer, source: Answer) -> None:
    """Give `target` the content of `source` (rating, narrative, links and evidence)."""
    target.rating = source.rating
    target.narrative = source.narrative
    target.links = list(source.links or [])
    target.save()
    target.evidence.set(list(source.evidence.all()))


def raise_if(errors: dict[str, list[str]]) -> None:
    if errors:
        raise ValidationError(errors)
