"""Answering: the optimistic lock, evidence files, links and submitting a return."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client, override_settings
from django.utils import timezone

from safecom.assessments.models import Answer, Assessment, EvidenceFile
from safecom.assessments.services import answer_save, assessment_submit
from safecom.assessments.services.answers import StaleAnswer
from safecom.assessments.tests.factories import (
    StatementFactory,
    answer,
    answer_all,
    open_round,
    submit,
    with_action,
)

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _draft(world: Any, frameworks: tuple[str, ...] = ("chscp",)) -> Assessment:
    return open_round(
        owner=world.commissioner_a, providers=[world.provider_a], frameworks=frameworks
    ).assessments.get()


def test_a_second_save_from_the_same_version_is_refused_and_changes_nothing(world: Any) -> None:
    a = _draft(world).answers.first()
    assert a is not None
    opened_by_both = a.version
    answer_save(
        actor=world.users["provider_lead"],
        answer=a,
        expected_version=opened_by_both,
        rating="met",
        narrative="First person's text.",
    )
    with pytest.raises(StaleAnswer, match="since you opened it"):
        answer_save(
            actor=None,
            answer=a,
            expected_version=opened_by_both,
            rating="not_met",
            narrative="Second person's text.",
        )
    a.refresh_from_db()
    assert (a.rating, a.narrative, a.version) == ("met", "First person's text.", opened_by_both + 1)


def test_the_page_keeps_the_second_persons_text_and_shows_the_saved_one(world: Any) -> None:
    a = _draft(world).answers.first()
    assert a is not None
    lead = Client()
    lead.force_login(world.users["provider_lead"])
    stale_version = a.version
    answer(a, "met", "Saved first by a colleague.")
    response = lead.post(
        f"/assessments/answers/{a.pk}/",
        {"version": stale_version, "rating": "partly_met", "narrative": "My careful paragraph."},
    )
    page = response.content.decode()
    assert response.status_code == 409
    assert "changed by" in page and "since you opened it" in page
    assert "My careful paragraph." in page  # nothing the person typed is lost
    assert "Saved first by a colleague." in page  # and they see what is saved now
    a.refresh_from_db()
    assert a.narrative == "Saved first by a colleague."
    # Saving again, having seen it, replaces it: the form now carries the current version.
    assert f'value="{a.version}"' in page
    again = lead.post(
        f"/assessments/answers/{a.pk}/",
        {"version": a.version, "rating": "partly_met", "narrative": "My careful paragraph."},
    )
    assert again.status_code == 302
    a.refresh_from_db()
    assert a.narrative == "My careful paragraph."


def test_evidence_is_checked_by_content_stored_with_its_hash_and_kept_once(world: Any) -> None:
    a = _draft(world).answers.first()
    assert a is not None
    answer(a, files=[("Policy 2026.pdf", PDF)])
    evidence = EvidenceFile.objects.get()
    assert evidence.kind == "pdf" and evidence.name == "Policy_2026.pdf"
    import hashlib

    assert evidence.sha256 == hashlib.sha256(PDF).hexdigest()
    assert evidence.file.read() == PDF
    other = Answer.objects.exclude(pk=a.pk).filter(assessment=a.assessment).first()
    assert other is not None
    answer(other, files=[("copy.pdf", PDF)])
    assert EvidenceFile.objects.count() == 1  # the same content is kept once per provider


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("setup.pdf", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00", "not a type we can read"),
        ("notes.zip", b"PK\x03\x04", "damaged"),
        ("empty.txt", b"", "empty"),
    ],
)
def test_refused_files_say_why_and_nothing_is_saved(
    world: Any, name: str, data: bytes, message: str
) -> None:
    a = _draft(world).answers.first()
    assert a is not None
    with pytest.raises(ValidationError, match=message):
        answer(a, "met", "Text that must not be half-saved.", files=[(name, data)])
    a.refresh_from_db()
    assert (a.rating, a.narrative) == ("", "")
    assert EvidenceFile.objects.count() == 0


def test_a_zip_that_is_not_a_document_is_refused(world: Any) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("payload.bin", b"x" * 100)
    a = _draft(world).answers.first()
    assert a is not None
    with pytest.raises(ValidationError, match="not a Word, Excel or OpenDocument"):
        answer(a, files=[("report.docx", buffer.getvalue())])


@override_settings(SAFECOM_UPLOAD_MAX_BYTES=1024)
def test_an_oversized_file_is_refused_on_the_page_without_losing_the_text(world: Any) -> None:
    a = _draft(world).answers.first()
    assert a is not None
    client = Client()
    client.force_login(world.users["provider_lead"])
    upload = io.BytesIO(b"a" * 4096)
    upload.name = "big.txt"
    response = client.post(
        f"/assessments/answers/{a.pk}/",
        {"version": a.version, "rating": "met", "narrative": "Keep me.", "evidence": upload},
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "the largest allowed is 0 MB" in page or "largest allowed" in page
    assert "Keep me." in page
    assert EvidenceFile.objects.count() == 0


def test_evidence_downloads_only_within_the_tenancy(world: Any, client: Client) -> None:
    a = _draft(world).answers.first()
    assert a is not None
    answer(a, files=[("policy.txt", b"Our safeguarding policy.")])
    evidence = EvidenceFile.objects.get()
    client.force_login(world.users["qa_officer"])
    response = client.get(f"/assessments/evidence/{evidence.pk}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"Our safeguarding policy."  # type: ignore[attr-defined]
    assert "attachment" in response["Content-Disposition"]
    client.force_login(world.outsider)
    assert client.get(f"/assessments/evidence/{evidence.pk}/").status_code == 404


def test_links_must_be_web_addresses(world: Any) -> None:
    a = _draft(world).answers.first()
    assert a is not None
    with pytest.raises(ValidationError, match="is not a web address"):
        answer(a, links=["javascript:alert(1)"])
    saved = answer(a, links=["https://example.org/policy.pdf", " "])
    assert saved.links == ["https://example.org/policy.pdf"]


def test_submission_lists_what_is_missing_and_then_locks_the_return(world: Any) -> None:
    assessment = _draft(world, ("chscp", "bscp"))
    with pytest.raises(ValidationError) as caught:
        assessment_submit(actor=None, assessment=assessment, declared=False)
    errors = caught.value.message_dict
    assert "declared" in errors
    assert any(m.startswith("chscp 1: choose a rating") for m in errors["__all__"])
    assert any("Child Safeguarding Statement" in m for m in errors["__all__"])
    answer_all(assessment, "partly_met")
    with pytest.raises(ValidationError, match="add an action-plan item"):
        submit(assessment)
    for a in assessment.answers.filter(origin="own"):
        with_action(a)
    StatementFactory(provider=world.provider_a)
    submit(assessment)
    assessment.refresh_from_db()
    assert assessment.status == "submitted" and assessment.submitted_at is not None
    assert set(assessment.answers.values_list("moderation", flat=True)) == {"pending"}
    a = assessment.answers.first()
    assert a is not None
    with pytest.raises(ValidationError, match="answers are locked"):
        answer(a, "met")


def test_a_return_is_submitted_once(world: Any) -> None:
    assessment = _draft(world)
    answer_all(assessment, "met")
    submit(assessment)
    with pytest.raises(ValidationError, match="already been submitted"):
        submit(assessment)


def test_the_statements_file_is_downloadable_by_those_who_see_the_provider(world: Any) -> None:
    from safecom.assessments.services import statement_record

    statement = statement_record(
        actor=None,
        provider=world.provider_a,
        summary="How we keep children safe.",
        signed_off_by="Chair of trustees",
        approved_on=timezone.localdate(),
        review_date=timezone.localdate() + dt.timedelta(days=300),
        file=("statement.pdf", PDF),
    )
    assert statement.evidence is not None
    client = Client()
    client.force_login(world.users["commissioner"])
    assert client.get(f"/assessments/evidence/{statement.evidence.pk}/").status_code == 200
    client.force_login(world.outsider)
    assert client.get(f"/assessments/evidence/{statement.evidence.pk}/").status_code == 404
