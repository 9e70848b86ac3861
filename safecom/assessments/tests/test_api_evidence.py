"""Evidence files through the API: added (base64), listed, downloaded and removed, with the
same checks, lock and tenancy as the answer page; hostile files refused with nothing kept."""

from __future__ import annotations

import base64
import hashlib
import io
import zipfile
from typing import Any

import pytest
from django.core.files.storage import default_storage
from django.test import Client, override_settings

from safecom.assessments.models import Answer, Assessment, EvidenceFile
from safecom.assessments.services import answer_moderate
from safecom.assessments.tests.factories import answer, answer_all, open_round, submit
from safecom.audit.models import AuditEvent

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def _client(world: Any, role: str) -> Client:
    client = Client()
    client.force_login(world.users[role])
    return client


def _draft_answer(world: Any, provider: Any = None, owner: Any = None) -> Answer:
    assessment = open_round(
        owner=owner or world.commissioner_a,
        providers=[provider or world.provider_a],
        kinds=(),
    ).assessments.get()
    found = assessment.answers.get()
    return found


def _add(client: Client, a: Answer, name: str, data: bytes, version: int | None = None) -> Any:
    return client.post(
        f"/api/assessments/answers/{a.pk}/evidence",
        {"version": version or a.version, "name": name, "content_base64": _b64(data)},
        content_type="application/json",
    )


def test_a_file_is_added_listed_downloaded_and_removed(
    world: Any, django_capture_on_commit_callbacks: Any
) -> None:
    a = _draft_answer(world)
    lead = _client(world, "provider_lead")
    added = _add(lead, a, "Safeguarding policy 2026.pdf", PDF)
    assert added.status_code == 201, added.json()
    body = added.json()
    assert body["version"] == a.version + 1
    [given] = body["evidence"]
    assert given["name"] == "Safeguarding_policy_2026.pdf" and given["kind"] == "pdf"
    assert given["sha256"] == hashlib.sha256(PDF).hexdigest()
    assert given["content_type"] == "application/pdf" and given["size"] == len(PDF)

    qa = _client(world, "qa_officer")
    listed = qa.get(f"/api/assessments/answers/{a.pk}/evidence").json()["items"]
    assert [e["id"] for e in listed] == [given["id"]]
    download = qa.get(given["download"])
    assert download.status_code == 200 and "attachment" in download["Content-Disposition"]
    assert b"".join(download.streaming_content) == PDF  # type: ignore[attr-defined]
    assert download["X-Content-Type-Options"] == "nosniff"

    stored = EvidenceFile.objects.get().file.name
    with django_capture_on_commit_callbacks(execute=True):
        removed = lead.post(
            f"/api/assessments/answers/{a.pk}/evidence/{given['id']}/remove",
            {"version": body["version"]},
            content_type="application/json",
        )
    assert removed.status_code == 200 and removed.json()["evidence"] == []
    assert removed.json()["version"] == body["version"] + 1
    # Nothing else gives the file, so it is deleted, row and stored copy.
    assert not EvidenceFile.objects.exists() and not default_storage.exists(stored)
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"assessment.evidence_uploaded", "assessment.evidence_deleted"} <= actions


def test_a_file_another_answer_gives_is_kept_when_taken_off_one(world: Any) -> None:
    a = _draft_answer(world)
    other = open_round(
        owner=world.commissioner_a, providers=[world.provider_a], title="Another", kinds=()
    ).assessments.get()
    b = other.answers.get()
    lead = _client(world, "provider_lead")
    first = _add(lead, a, "policy.pdf", PDF).json()
    _add(lead, b, "same-policy.pdf", PDF)
    assert EvidenceFile.objects.count() == 1  # one file, given by both answers
    lead.post(
        f"/api/assessments/answers/{a.pk}/evidence/{first['evidence'][0]['id']}/remove",
        {"version": first["version"]},
        content_type="application/json",
    )
    kept = EvidenceFile.objects.get()
    assert list(kept.answers.all()) == [b] and default_storage.exists(kept.file.name)


def test_a_stale_version_is_refused_and_nothing_is_kept(world: Any) -> None:
    a = _draft_answer(world)
    lead = _client(world, "provider_lead")
    answer(a, "met", "Changed meanwhile.")
    stale = _add(lead, a, "policy.pdf", PDF, version=a.version)
    assert stale.status_code == 409 and "since you opened it" in stale.json()["detail"]
    assert not EvidenceFile.objects.exists()
    a.refresh_from_db()
    assert a.evidence.count() == 0


def test_who_may_add_and_remove_and_where(world: Any) -> None:
    a = _draft_answer(world)
    foreign = _draft_answer(world, world.provider_b, world.commissioner_b)
    answer(foreign, files=[("theirs.txt", b"Their policy.")])
    theirs = EvidenceFile.objects.get()
    hr = _client(world, "provider_hr")
    assert hr.get(f"/api/assessments/answers/{a.pk}/evidence").status_code == 200
    assert _add(hr, a, "policy.pdf", PDF).status_code == 403
    qa = _client(world, "qa_officer")
    assert _add(qa, a, "policy.pdf", PDF).status_code == 403
    lead = _client(world, "provider_lead")
    foreign.refresh_from_db()
    assert _add(lead, foreign, "policy.pdf", PDF).status_code == 404
    assert lead.get(f"/api/assessments/answers/{foreign.pk}/evidence").status_code == 404
    assert lead.get(f"/api/assessments/evidence/{theirs.pk}").status_code == 404
    # Another's file named against one's own answer is simply not there.
    missing = lead.post(
        f"/api/assessments/answers/{a.pk}/evidence/{theirs.pk}/remove",
        {"version": a.version},
        content_type="application/json",
    )
    assert missing.status_code == 404
    assert EvidenceFile.objects.get().answers.get() == foreign


def test_a_submitted_return_takes_files_only_with_a_response(world: Any) -> None:
    assessment = open_round(
        owner=world.commissioner_a, providers=[world.provider_a], kinds=()
    ).assessments.get()
    answer_all(assessment)
    submit(assessment)
    a = assessment.answers.get()
    lead = _client(world, "provider_lead")
    locked = _add(lead, a, "late.pdf", PDF)
    assert locked.status_code == 422 and "locked" in locked.json()["detail"]
    answer_moderate(actor=None, answer=a, decision="challenge", comment="Show the audit.")
    a.refresh_from_db()
    responded = lead.post(
        f"/api/assessments/answers/{a.pk}/response",
        {
            "version": a.version,
            "comment": "The audit is attached.",
            "evidence": [{"name": "audit.pdf", "content_base64": _b64(PDF)}],
        },
        content_type="application/json",
    )
    assert responded.status_code == 200, responded.json()
    assert [e["name"] for e in responded.json()["evidence"]] == ["audit.pdf"]
    assert responded.json()["moderation"] == "responded"


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in entries.items():
            z.writestr(name, data)
    return buffer.getvalue()


HOSTILE = [
    ("setup.pdf", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + bytes(200), "not a type we can read"),
    ("bomb.docx", _zip({"word/document.xml": bytes(30 * 1024 * 1024)}), "zip bomb"),
    ("archive.docx", _zip({"payload.bin": b"x" * 100}), "not a Word, Excel or OpenDocument"),
    ("broken.xlsx", b"PK\x03\x04" + bytes(64), "damaged"),
    ("empty.txt", b"", "empty"),
    ("random.pdf", bytes(range(256)) * 8, "not a type we can read"),
]


@pytest.mark.parametrize(("name", "data", "message"), HOSTILE, ids=[h[0] for h in HOSTILE])
def test_hostile_files_are_refused_with_a_reason_and_nothing_written(
    world: Any, name: str, data: bytes, message: str
) -> None:
    a = _draft_answer(world)
    before = (a.version, AuditEvent.objects.count())
    refused = _add(_client(world, "provider_lead"), a, name, data)
    assert refused.status_code == 422
    assert message in refused.json()["detail"] and name in refused.json()["detail"]
    a.refresh_from_db()
    assert (a.version, AuditEvent.objects.count()) == before
    assert not EvidenceFile.objects.exists()


@override_settings(SAFECOM_UPLOAD_MAX_BYTES=1024)
def test_a_file_over_the_limit_is_refused(world: Any) -> None:
    a = _draft_answer(world)
    refused = _add(_client(world, "provider_lead"), a, "big.txt", b"a" * 4096)
    assert refused.status_code == 422 and "largest allowed" in refused.json()["detail"]
    assert not EvidenceFile.objects.exists()


def test_content_that_is_not_base64_is_refused(world: Any) -> None:
    a = _draft_answer(world)
    refused = _client(world, "provider_lead").post(
        f"/api/assessments/answers/{a.pk}/evidence",
        {"version": a.version, "name": "policy.pdf", "content_base64": "not base64 at all!"},
        content_type="application/json",
    )
    assert refused.status_code == 422
    assert "policy.pdf: the content is not valid base64" in refused.json()["detail"]


def test_a_body_over_the_request_limit_is_refused_not_failed(world: Any) -> None:
    a = _draft_answer(world)
    refused = _add(_client(world, "provider_lead"), a, "huge.txt", b"a" * (6 * 1024 * 1024))
    assert 400 <= refused.status_code < 500
    assert not EvidenceFile.objects.exists()


@pytest.mark.parametrize(
    ("name", "stored"),
    [
        ("../../../../etc/passwd.txt", "passwd.txt"),
        ("..\\..\\Windows\\hosts.txt", "hosts.txt"),
        ("<script>alert('x')</script>.txt", "script.txt"),
        ("minutes.txt.exe", "minutes.txt.txt"),
        ("sta\x1bff\r\n.txt", "sta_ff.txt"),
    ],
)
def test_hostile_names_are_made_safe(world: Any, name: str, stored: str) -> None:
    a = _draft_answer(world)
    added = _add(_client(world, "provider_lead"), a, name, b"Minutes of the safeguarding board.")
    assert added.status_code == 201, added.json()
    evidence = EvidenceFile.objects.get()
    assert evidence.name == stored and "/" not in evidence.name and "\\" not in evidence.name
    assert evidence.file.name.startswith(f"evidence/{a.assessment.provider_id}/")
    assert ".." not in evidence.file.name


def test_answers_page_and_api_agree_on_the_files(world: Any) -> None:
    """A file added through the API shows on the page, and the answer it mirrors to gets it."""
    both = open_round(
        owner=world.commissioner_a, providers=[world.provider_a], frameworks=("chscp", "bscp")
    ).assessments.get()
    chscp4 = both.answers.get(
        requirement__framework_version__framework__slug="chscp", requirement__ref="4"
    )
    answer(chscp4, "met", "All recorded.")
    chscp4.refresh_from_db()
    _add(_client(world, "provider_lead"), chscp4, "dbs-log.pdf", PDF)
    bscp4 = Assessment.objects.get(pk=both.pk).answers.get(
        requirement__framework_version__framework__slug="bscp", requirement__ref="4"
    )
    assert [e.name for e in bscp4.evidence.all()] == ["dbs-log.pdf"]
    page = _client(world, "qa_officer").get(f"/assessments/answers/{chscp4.pk}/").content.decode()
    assert "dbs-log.pdf" in page
