"""User journeys through the real pages, the API and the command line."""

from __future__ import annotations

import base64
import json
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from safecom.documents.models import DocumentCheck, PortfolioAudit
from safecom.documents.tests.factories import COMPLETE_CLAUSE, current_version, make_check
from safecom.documents.tests.pdf import encrypted, text_pdf

pytestmark = pytest.mark.django_db

GAPPY = (
    "SCHEDULE 2 SAFEGUARDING\n\n"
    "1. The Provider shall safeguard and promote the welfare of children.\n"
    "2. The Provider shall comply with Working Together to Safeguard Children (2018).\n"
    "3. The Provider is not required to maintain a whistleblowing policy.\n"
    "4. Staff shall recognise the signs of child abuse and neglect and know what to do.\n"
)


def _upload(client: Any, contract: Any, data: bytes, name: str, **extra: Any) -> Any:
    form = {
        "file": SimpleUploadedFile(name, data),
        "kind": "contract_clause",
        "framework": str(current_version().pk),
    } | extra
    return client.post(f"/documents/contracts/{contract.pk}/check/", form)


def test_a_commissioner_uploads_a_contract_and_sees_each_element(world: Any, client: Any) -> None:
    client.force_login(world.users["commissioner"])
    page = client.get(f"/contracts/{world.contract_a.pk}/").content.decode()
    assert "has not been checked yet" in page and "Check the document" in page
    pdf = text_pdf(["Service contract. Payment terms.", GAPPY])
    response = _upload(client, world.contract_a, pdf, "contract.pdf")
    check = DocumentCheck.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/documents/checks/{check.pk}/"
    page = client.get(response["Location"]).content.decode()
    # What is there, with the quote highlighted where it stands.
    assert 'class="app-ev--met"' in page and "safeguard and promote the welfare" in page
    # What is missing, with the wording to add.
    assert "Wording to add" in page and "whistleblowing policy that enables staff" in page
    # The negated sentence is shown as not counting; the superseded edition is warned.
    assert 'class="app-ev--negated"' in page and "is negated" in page
    assert "superseded: the current edition is 2023" in page
    assert "Page 2" in page
    page = client.get(f"/contracts/{world.contract_a.pk}/").content.decode()
    assert "Elements missing" in page and "contract.pdf" in page


def test_a_bad_upload_says_what_is_wrong_and_stores_nothing(world: Any, client: Any) -> None:
    client.force_login(world.users["commissioner"])
    locked = encrypted(text_pdf([COMPLETE_CLAUSE]))
    response = _upload(client, world.contract_a, locked, "contract.pdf")
    page = response.content.decode()
    assert response.status_code == 400 and "There is a problem" in page
    assert "password-protected" in page and not DocumentCheck.objects.exists()
    response = client.post(f"/documents/contracts/{world.contract_a.pk}/check/", {})
    assert "Choose the document to check." in response.content.decode()


def test_a_provider_lead_may_check_policies_but_not_contract_clauses(
    world: Any, client: Any
) -> None:
    client.force_login(world.users["provider_lead"])
    response = _upload(client, world.contract_a, COMPLETE_CLAUSE.encode(), "clause.txt")
    assert response.status_code == 400 and not DocumentCheck.objects.exists()
    policy = b"Safeguarding policy. We have a designated safeguarding lead and a deputy."
    response = _upload(
        client,
        world.contract_a,
        policy,
        "policy.txt",
        kind="provider_policy",
        framework=str(current_version("dorset").pk),
    )
    assert response.status_code == 302
    assert DocumentCheck.objects.get().kind == "provider_policy"


def test_the_portfolio_audit_runs_in_the_background_and_shows_the_figure(
    world: Any, client: Any
) -> None:
    make_check(contract=world.contract_a)
    client.force_login(world.users["qa_officer"])
    page = client.get("/documents/audit/").content.decode()
    assert "Start the audit" in page
    response = client.post(
        f"/documents/audit/{world.commissioner_a.slug}/start/",
        {"framework": str(current_version().pk)},
    )
    assert response.status_code == 302 and response["Location"].startswith("/jobs/")
    job_page = client.get(response["Location"]).content.decode()
    audit = PortfolioAudit.objects.get()
    assert f"/documents/audit/results/{audit.pk}/" in job_page
    page = client.get(f"/documents/audit/results/{audit.pk}/").content.decode()
    assert "100%" in page and "1 of 1" in page
    client.force_login(world.users["auditor"])
    assert client.get(f"/documents/audit/results/{audit.pk}/").status_code == 200
    assert client.post(f"/documents/audit/{world.commissioner_a.slug}/start/").status_code == 404


def test_the_api_checks_a_document_and_returns_the_checker_json(world: Any, client: Any) -> None:
    client.force_login(world.users["commissioner"])
    body = {
        "name": "clause.txt",
        "content_base64": base64.b64encode(GAPPY.encode()).decode(),
        "framework": "chscp",
    }
    response = client.post(
        f"/api/documents/contracts/{world.contract_a.pk}/checks",
        body,
        content_type="application/json",
    )
    assert response.status_code == 201
    data = response.json()
    assert set(data["result"]) == {"document", "framework", "requirements", "warnings"}
    assert {r["ref"] for r in data["suggested_wording"]} >= {"2.5", "2.10"}
    shown = client.get(f"/api/documents/checks/{data['id']}").json()
    assert shown["result"] == data["result"]
    bad = client.post(
        f"/api/documents/contracts/{world.contract_a.pk}/checks",
        body | {"content_base64": "not base64!"},
        content_type="application/json",
    )
    assert bad.status_code == 422 and "base64" in bad.json()["detail"]
    empty = client.post(
        f"/api/documents/contracts/{world.contract_a.pk}/checks",
        body | {"content_base64": ""},
        content_type="application/json",
    )
    assert empty.status_code == 422 and "empty" in empty.json()["detail"]
    assert DocumentCheck.objects.count() == 1


# The command line.


def _run(*args: str) -> tuple[int, str, str]:
    out, err = StringIO(), StringIO()
    import sys

    old = sys.stderr
    sys.stderr = err
    try:
        call_command("check_document", *args, stdout=out)
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    finally:
        sys.stderr = old
    return code, out.getvalue(), err.getvalue()


def test_check_document_json_has_exactly_the_issue_shape(tmp_path: Path) -> None:
    path = tmp_path / "clause.txt"
    path.write_text(GAPPY, encoding="utf-8")
    code, out, _ = _run(str(path), "--framework", "chscp", "--format", "json")
    data = json.loads(out)
    assert code == 0 and set(data) == {"document", "framework", "requirements", "warnings"}
    assert data["document"] == str(path) and data["framework"] == "chscp"
    assert [r["ref"] for r in data["requirements"]] == [f"2.{n}" for n in range(1, 11)]
    for r in data["requirements"]:
        assert set(r) == {"ref", "title", "status", "evidence", "explanation"}
        assert r["status"] in {"met", "partly_met", "not_met"}
        for e in r["evidence"]:
            assert set(e) == {"quote", "page", "char_start", "char_end"}
            assert " ".join(GAPPY[e["char_start"] : e["char_end"]].split()) == e["quote"]
    assert data["warnings"] == [
        {
            "code": "superseded_edition",
            "message": "Cites Working Together to Safeguard Children 2018, which is superseded: "
            "the current edition is 2023.",
            "quote": "2. The Provider shall comply with Working Together to Safeguard Children "
            "(2018).",
        }
    ]


def test_check_document_several_paths_policy_kind_and_text(tmp_path: Path) -> None:
    one, two = tmp_path / "a.txt", tmp_path / "b.txt"
    one.write_text("Our Designated Safeguarding Lead is named in this policy.", encoding="utf-8")
    two.write_text("Nothing relevant here.", encoding="utf-8")
    code, out, _ = _run(
        str(one), str(two), "--framework", "dorset", "--kind", "policy", "--format", "json"
    )
    data = json.loads(out)
    assert code == 0 and isinstance(data, list) and len(data) == 2
    assert data[0]["requirements"][0]["ref"] == "0.1" and len(data[0]["requirements"]) == 31
    code, out, _ = _run(str(one), "--framework", "chscp")
    assert code == 0 and "[NOT MET] 2.5" in out and "Wording to add:" in out


def test_check_document_exits_2_with_one_line_for_an_unreadable_file(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text(GAPPY, encoding="utf-8")
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(encrypted(text_pdf(["x"])))
    code, out, err = _run(str(scan), "--framework", "chscp", "--format", "json")
    assert code == 2 and out == "" and err.count("\n") == 1 and "password-protected" in err
    code, out, err = _run(
        str(good), str(tmp_path / "missing.txt"), "--framework", "chscp", "--format", "json"
    )
    assert code == 2 and "No such file" in err and len(json.loads(out)) == 1
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    code, out, err = _run(str(empty), "--framework", "chscp")
    assert code == 2 and err == f"check-document: {empty}: The file is empty.\n"  # named once
