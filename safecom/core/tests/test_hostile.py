"""The hostile corpus (safecom/core/tests/hostile/) through every upload and import: the
workforce import (page, API, command line), the document checker (page, API, command line)
and self-assessment evidence (an answer, a response to a challenge, the safeguarding
statement).

Each file is refused with a message saying what is wrong, or, where `ok_for` says the target
may take it, taken safely (a safe stored name, script shown escaped). Never a server error or a
traceback, and a refused file changes no row of any table.
"""

from __future__ import annotations

import base64
import contextlib
import io
import json
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client

from safecom.core.tests.hostile import harness as h
from safecom.core.tests.hostile.corpus import DOCUMENTS, EVIDENCE, FILES, IMPORT, HostileFile

pytestmark = pytest.mark.django_db


@dataclass
class Outcome:
    refused: bool
    message: str = ""
    stored_names: list[str] = field(default_factory=list)
    shown: bytes = b""  # a page showing what was taken, checked for unescaped script


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _token_client(user: Any) -> Client:
    """A client sending the user's API token (made once: a token is a row)."""
    from safecom.accounts.services import api_token_create

    raw = getattr(user, "_hostile_token", None)
    if raw is None:
        _, raw = api_token_create(user=user, name="hostile")
        user._hostile_token = raw
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


def _post_file(client: Client, path: str, fields: dict[str, str], key: str, item: HostileFile):
    body, content_type = h.multipart(fields, {key: (item.name, item.data)})
    return client.generic("POST", path, body, content_type=content_type)


def _cli_path(folder: Path, item: HostileFile) -> Path:
    """The file on disk: a name cannot hold a folder or NUL, so the last part is kept."""
    name = item.name.replace("\\", "/").replace("\x00", "").rsplit("/", 1)[-1] or "file"
    path = folder / name[-200:]
    path.write_bytes(item.data)
    return path


# The workforce import -----------------------------------------------------------------------


def _job_outcome(job: Any) -> Outcome:
    job.refresh_from_db()
    assert job.finished, job.status
    assert "unexpected problem" not in job.error, f"the import job failed: {job.error}"
    if job.status == "failed":
        return Outcome(True, job.error)
    result = job.result
    if result.get("error_count"):
        first = result["errors"][0]
        return Outcome(True, f"row {first['row']} {first['column']}: {first['message']}")
    return Outcome(False)


def import_page(world: Any, item: HostileFile) -> Outcome:
    from safecom.core.models import Job

    provider = world.provider_a
    client = _client(world.users["provider_hr"])
    last = Job.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    response = _post_file(client, f"/workforce/{provider.slug}/import/", {}, "file", item)
    if response.status_code == 400:
        return Outcome(True, " ".join(h.page_errors(response.content)))
    assert response.status_code == 302, response.status_code
    job = Job.objects.filter(pk__gt=last).get()
    outcome = _job_outcome(job)
    page = client.get(f"/workforce/{provider.slug}/import/{job.pk}/")
    assert page.status_code == 200
    outcome.shown = page.content
    if outcome.refused:
        # The page shows the problem the job found, escaped.
        first = (job.result.get("errors") or [{"message": job.error}])[0]["message"]
        text = page.content.decode()
        assert first[:40] in text or h.html_escaped(first[:40]) in text, first
    return outcome


def import_api(world: Any, item: HostileFile) -> Outcome:
    client = _token_client(world.users["provider_hr"])
    slug = world.provider_a.slug
    response = _post_file(client, f"/api/workforce/providers/{slug}/imports", {}, "file", item)
    if 400 <= response.status_code < 500:
        return Outcome(True, h.api_message(response.content))
    assert response.status_code == 202, (response.status_code, response.content[:300])
    job = client.get(response.json()["status_url"])
    assert job.status_code == 200
    from safecom.core.models import Job

    return _job_outcome(Job.objects.get(pk=response.json()["job"]))


def import_cli(world: Any, item: HostileFile) -> Outcome:
    out, err = io.StringIO(), io.StringIO()
    with tempfile.TemporaryDirectory() as folder:
        path = _cli_path(Path(folder), item)
        try:
            call_command(
                "workforce",
                "import",
                str(path),
                "--provider",
                world.provider_a.slug,
                "--format",
                "json",
                stdout=out,
                stderr=err,
            )
        except SystemExit as exc:
            assert exc.code == 1
            errors = json.loads(out.getvalue())["errors"]
            return Outcome(True, f"{errors[0]['column']}: {errors[0]['message']}")
        except CommandError as exc:
            return Outcome(True, str(exc))
    return Outcome(False)


# The document checker -----------------------------------------------------------------------


def _clause_version() -> Any:
    from safecom.documents.checking import versions_with

    return versions_with("contract_clause")[0]


def documents_page(world: Any, item: HostileFile) -> Outcome:
    from safecom.documents.models import DocumentCheck

    client = _client(world.users["commissioner"])
    fields = {"kind": "contract_clause", "framework": str(_clause_version().pk)}
    response = _post_file(
        client, f"/documents/contracts/{world.contract_a.pk}/check/", fields, "file", item
    )
    if response.status_code == 400:
        return Outcome(True, " ".join(h.page_errors(response.content)))
    assert response.status_code == 302, response.status_code
    check = DocumentCheck.objects.latest("pk")
    page = client.get(response["Location"])
    return Outcome(False, stored_names=[check.document_name], shown=page.content)


def documents_api(world: Any, item: HostileFile) -> Outcome:
    from safecom.documents.models import DocumentCheck

    client = _token_client(world.users["commissioner"])
    body = {
        "name": item.name[:200],
        "content_base64": base64.b64encode(item.data).decode(),
        "framework": _clause_version().framework.slug,
        "kind": "contract_clause",
    }
    response = client.post(
        f"/api/documents/contracts/{world.contract_a.pk}/checks",
        h.encode_json(body),
        content_type="application/json",
    )
    if 400 <= response.status_code < 500:
        return Outcome(True, h.api_message(response.content))
    assert response.status_code == 201, (response.status_code, response.content[:300])
    check = DocumentCheck.objects.latest("pk")
    return Outcome(False, stored_names=[check.document_name])


def documents_cli(world: Any, item: HostileFile) -> Outcome:
    out, err = io.StringIO(), io.StringIO()
    version = _clause_version()
    with tempfile.TemporaryDirectory() as folder, contextlib.redirect_stderr(err):
        path = _cli_path(Path(folder), item)
        try:
            call_command(
                "check_document",
                str(path),
                "--framework",
                version.framework.slug,
                "--format",
                "json",
                stdout=out,
                stderr=err,
            )
        except SystemExit as exc:
            assert exc.code == 2
            return Outcome(True, err.getvalue())
        except CommandError as exc:
            return Outcome(True, str(exc))
    json.loads(out.getvalue())
    return Outcome(False)


# Self-assessment evidence -------------------------------------------------------------------


def _assessment_objects(world: Any) -> Any:
    from safecom.assessments.tests.tenancy import _objects

    return _objects(world, "a")


def _evidence_outcome(response: Any, client: Client, since: int) -> Outcome:
    from safecom.assessments.models import EvidenceFile

    if response.status_code == 400:
        return Outcome(True, " ".join(h.page_errors(response.content)))
    assert response.status_code == 302, response.status_code
    names = list(EvidenceFile.objects.filter(pk__gt=since).values_list("name", flat=True))
    return Outcome(False, stored_names=names, shown=client.get(response["Location"]).content)


def _last_evidence() -> int:
    from safecom.assessments.models import EvidenceFile

    return EvidenceFile.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def evidence_answer(world: Any, item: HostileFile) -> Outcome:
    answer = _assessment_objects(world).answer
    answer.refresh_from_db()
    client = _client(world.users["provider_lead"])
    since = _last_evidence()
    fields = {"version": str(answer.version), "rating": "met", "narrative": "See the file."}
    response = _post_file(client, f"/assessments/answers/{answer.pk}/", fields, "evidence", item)
    return _evidence_outcome(response, client, since)


def evidence_response(world: Any, item: HostileFile) -> Outcome:
    answer = _assessment_objects(world).challenged
    answer.refresh_from_db()
    client = _client(world.users["provider_lead"])
    since = _last_evidence()
    fields = {
        "version": str(answer.version),
        "rating": "met",
        "narrative": "Revised.",
        "comment": "The record is attached.",
    }
    path = f"/assessments/answers/{answer.pk}/respond/"
    return _evidence_outcome(_post_file(client, path, fields, "evidence", item), client, since)


def evidence_api(world: Any, item: HostileFile) -> Outcome:
    from safecom.assessments.models import EvidenceFile

    answer = _assessment_objects(world).answer
    answer.refresh_from_db()
    client = _token_client(world.users["provider_lead"])
    since = _last_evidence()
    body = {
        "name": item.name[:1000],
        "content_base64": base64.b64encode(item.data).decode(),
        "version": answer.version,
    }
    response = client.post(
        f"/api/assessments/answers/{answer.pk}/evidence",
        h.encode_json(body),
        content_type="application/json",
    )
    if 400 <= response.status_code < 500:
        return Outcome(True, h.api_message(response.content))
    assert response.status_code == 201, (response.status_code, response.content[:300])
    names = list(EvidenceFile.objects.filter(pk__gt=since).values_list("name", flat=True))
    return Outcome(False, stored_names=names)


def evidence_statement(world: Any, item: HostileFile) -> Outcome:
    client = _client(world.users["provider_lead"])
    since = _last_evidence()
    fields = {
        "summary": "How we keep children safe.",
        "signed_off_by": "Chair of trustees",
        "approved_on": "01/04/2026",
        "review_date": "01/04/2027",
    }
    path = f"/assessments/providers/{world.provider_a.slug}/statement/"
    return _evidence_outcome(_post_file(client, path, fields, "file", item), client, since)


def _prepare(world: Any) -> None:
    """Make what the targets post to before counting rows."""
    _assessment_objects(world)
    _token_client(world.users["provider_hr"])
    _token_client(world.users["commissioner"])
    _token_client(world.users["provider_lead"])


TARGETS: dict[str, tuple[str, Callable[[Any, HostileFile], Outcome]]] = {
    "workforce import page": (IMPORT, import_page),
    "workforce import API": (IMPORT, import_api),
    "workforce import command": (IMPORT, import_cli),
    "document check page": (DOCUMENTS, documents_page),
    "document check API": (DOCUMENTS, documents_api),
    "document check command": (DOCUMENTS, documents_cli),
    "evidence with an answer": (EVIDENCE, evidence_answer),
    "evidence with a response": (EVIDENCE, evidence_response),
    "evidence API": (EVIDENCE, evidence_api),
    "safeguarding statement file": (EVIDENCE, evidence_statement),
}


@pytest.mark.parametrize("target", sorted(TARGETS))
def test_every_hostile_file_is_refused_clearly_or_taken_safely(
    world: Any, target: str, caplog: pytest.LogCaptureFixture
) -> None:
    kind, send = TARGETS[target]
    _prepare(world)
    problems: list[str] = []
    refused = 0
    for item in FILES:
        before = h.row_counts()
        caplog.clear()
        try:
            outcome = send(world, item)
        except Exception as exc:  # every failure is listed, not just the first
            problems.append(f"{item.key}: {type(exc).__name__}: {str(exc)[:300]}")
            continue
        logged = [r for r in caplog.records if h.logged_failure(r)]
        if logged:
            problems.append(f"{item.key}: logged a traceback: {logged[0].getMessage()[:200]}")
        if h.has_traceback(outcome.message) or h.has_traceback(
            outcome.shown.decode("utf-8", "replace")
        ):
            problems.append(f"{item.key}: a traceback was shown")
        if outcome.refused:
            refused += 1
            if len(outcome.message.strip()) < 10:
                problems.append(f"{item.key}: refused without a message ({outcome.message!r})")
            moved = h.changed(before, h.row_counts())
            if moved:
                problems.append(f"{item.key}: refused but rows changed: {moved}")
        elif kind not in item.ok_for:
            problems.append(f"{item.key} ({item.what}) was taken")
        else:
            bad = [n for n in outcome.stored_names if not h.safe_stored_name(n)]
            if bad:
                problems.append(f"{item.key}: stored under an unsafe name {bad[0][:80]!r}")
            if h.unescaped_script(outcome.shown):
                problems.append(f"{item.key}: script shown unescaped")
    h.record_figures(
        f"hostile_files_{connection.vendor}",
        {target: {"files": len(FILES), "refused": refused, "taken_safely": len(FILES) - refused}},
        merge=True,
    )
    assert not problems, f"{target}:\n" + "\n".join(problems)


def test_the_corpus_has_at_least_thirty_hostile_files() -> None:
    assert len(FILES) >= 30
    assert len({f.key for f in FILES}) == len(FILES)
