"""The portfolio dashboard, its exports and the quarterly report, as people use them."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.test import Client, override_settings
from openpyxl import load_workbook

from safecom.contracts.models import Contract
from safecom.core.demo import DEMO_PASSWORD, demo_data_build
from safecom.reporting.models import Report, Snapshot
from safecom.reporting.services import snapshot_take

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo() -> None:
    demo_data_build(scale="small")


def _signed_in(username: str) -> Client:
    client = Client()
    assert (
        client.post("/sign-in/", {"username": username, "password": DEMO_PASSWORD}).status_code
        == 302
    )
    return client


def test_commissioner_sees_every_area_with_reasons_for_its_contracts_only(demo: None) -> None:
    client = _signed_in("commissioner")
    page = client.get("/dashboard/").content.decode()
    own = Contract.objects.filter(commissioner__slug="riverside-council").exclude(stage="ended")
    other = Contract.objects.exclude(commissioner__slug="riverside-council").first()
    assert all(f"/contracts/{c.pk}/" in page for c in own)
    assert other is not None and f"/contracts/{other.pk}/" not in page
    for area in (
        "Pre-engagement gate",
        "Contract clause",
        "Self-assessment",
        "Workforce",
        "Monitoring",
        "Quarterly returns",
        "Thematic checks",
        "Allegations",
    ):
        assert area in page
    assert ("app-rag--red" in page and "The chart&#x27;s numbers" in page) or "chart" in page
    assert "<svg" in page and 'role="img"' in page


def test_filters_narrow_to_one_area_and_status(demo: None) -> None:
    client = _signed_in("commissioner")
    everything = client.get("/dashboard/").content.decode().count('class="app-cell"')
    red_workforce = client.get("/dashboard/?area=workforce&rag=red").content.decode()
    assert red_workforce.count('class="app-cell"') < everything


def test_partnership_sees_its_whole_area(demo: None) -> None:
    client = _signed_in("partnership.admin")
    page = client.get("/dashboard/").content.decode()
    area = (
        Contract.objects.filter(commissioner__partnerships__slug="riverside-scp")
        .exclude(stage="ended")
        .distinct()
    )
    assert all(f"/contracts/{c.pk}/" in page for c in area)


def test_exports_carry_every_reason_and_are_formula_safe(demo: None) -> None:
    client = _signed_in("qa.officer")
    text = client.get("/dashboard/export.csv").content.decode("utf-8-sig")
    assert "Workforce: reason" in text.splitlines()[0]
    book = load_workbook(io.BytesIO(client.get("/dashboard/export.xlsx").content))
    sheet = book.active
    assert sheet is not None and sheet.max_row > 5
    assert not any(
        str(c.value).startswith(("=", "+", "@"))
        for row in sheet.iter_rows()
        for c in row
        if c.value
    )


def test_quarterly_report_is_made_as_a_pdf_through_a_job(demo: None) -> None:
    client = _signed_in("commissioner")
    bad = client.post("/dashboard/reports/", {"quarter": "Q9"}).content.decode()
    assert "is not a quarter" in bad
    response = client.post("/dashboard/reports/", {"quarter": "2026-Q3"})
    assert response.status_code == 302 and response["Location"].startswith("/jobs/")
    job_page = client.get(response["Location"]).content.decode()
    assert "Download the report" in job_page
    report = Report.objects.get()
    pdf = client.get(f"/dashboard/reports/{report.pk}/download/")
    body = b"".join(pdf.streaming_content)  # type: ignore[attr-defined]
    assert body.startswith(b"%PDF") and len(body) > 5000
    assert (
        _signed_in("icb.commissioner").get(f"/dashboard/reports/{report.pk}/download/").status_code
        == 404
    )


def test_snapshots_make_the_trend_and_are_one_a_day(demo: None) -> None:
    made = snapshot_take()
    assert made == 5
    snapshot_take()
    assert Snapshot.objects.count() == 5
    page = _signed_in("commissioner").get("/dashboard/").content.decode()
    assert "Daily snapshots" in page


def test_provider_sees_its_own_obligations(demo: None) -> None:
    client = _signed_in("provider.lead")
    assert "Your obligations" in client.get("/dashboard/").content.decode()
    page = client.get("/dashboard/provider/").content.decode()
    assert "Staff records, DBS checks, training and named roles" in page
    assert client.get("/dashboard/provider/?provider=riverside-council").status_code == 404


def test_cli_makes_a_report(demo: None, tmp_path: Any) -> None:
    from io import StringIO

    from django.core.management import CommandError, call_command

    out = tmp_path / "r.pdf"
    call_command(
        "report",
        "quarterly",
        "--organisation",
        "riverside-council",
        "--quarter",
        "2026-Q3",
        "--output",
        str(out),
        stdout=StringIO(),
    )
    assert out.read_bytes().startswith(b"%PDF")
    with pytest.raises(CommandError, match="No commissioner or partnership"):
        call_command("report", "quarterly", "--organisation", "nobody", "--quarter", "2026-Q3")


def test_long_portfolios_are_shown_a_page_at_a_time(demo: None) -> None:
    client = _signed_in("partnership.admin")
    with override_settings(SAFECOM_DASHBOARD_PAGE_SIZE=10):
        first = client.get("/dashboard/")
        total = first.context["row_count"]
        assert total > 10 and len(first.context["rows"]) == 10
        body = first.content.decode()
        assert "1 to 10 shown" in body and 'rel="next"' in body
        last = client.get(f"/dashboard/?page={(total + 9) // 10}")
        assert len(last.context["rows"]) == total - 10 * ((total - 1) // 10)
