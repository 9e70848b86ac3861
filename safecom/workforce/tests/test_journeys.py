"""Journeys through the real pages: a provider imports its register, sees every gap, fixes
it and re-imports; a commissioner sees figures only, and opens a record with a reason."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from safecom.audit.models import AuditEvent
from safecom.workforce.models import NamedRoleChange, StaffMember
from safecom.workforce.tests.factories import StaffMemberFactory

pytestmark = pytest.mark.django_db

REGISTER = (
    "Staff ref,Forename,Surname,DOB,Address,Job title,Category,Start date,"
    "Regulated activity with children,DBS No,DBS level,DBS issue date,References received,"
    "Identity documents seen,Identity checked by,Identity checked on,Right to work type,"
    "Right to work checked on\n"
    'P1,Maya,Green,04/07/1985,"3 Elm Road, RV1 2AB",Youth worker,Employee,01/03/2024,Yes,'
    "009876543210,Enhanced with children's barred list,20/02/2024,2,Passport,HR,20/02/2024,"
    "Unlimited,20/02/2024\n"
    "P2,Sam,Hill,11/12/1990,4 Oak Road,Mentor,Volunteer,01/05/2015,Yes,001122334455,Enhanced,"
    "15/04/2015,1,Passport,HR,15/04/2015,,\n"
)


def _upload(client, provider, data: bytes, name: str = "scr.csv"):
    return client.post(
        f"/workforce/{provider.slug}/import/",
        {"file": SimpleUploadedFile(name, data)},
        follow=True,
    )


def _result_url(page) -> str:
    match = re.search(r'href="(/workforce/[^"]+/import/\d+/)"', page.content.decode())
    assert match, "the job page links to the result"
    return match.group(1)


def test_provider_imports_sees_gaps_fixes_and_reimports(world, client):
    provider = world.provider_a
    client.force_login(world.users["provider_hr"])
    checked = _upload(client, provider, REGISTER.encode())
    assert "Finished" in checked.content.decode()
    preview = client.get(_result_url(checked)).content.decode()
    assert "Every row is valid" in preview and "Would be created" in preview
    assert StaffMember.objects.filter(provider=provider).count() == 0  # nothing yet
    confirm = re.search(r'action="(/workforce/[^"]+/confirm/)"', preview).group(1)
    stored = client.post(confirm, follow=True)
    assert StaffMember.objects.filter(provider=provider).count() == 2
    done = client.get(_result_url(stored)).content.decode()
    assert "Imported" in done

    listing = client.get(f"/workforce/{provider.slug}/staff/").content.decode()
    assert "Maya Green" in listing and "Sam Hill" in listing
    assert "References" in listing and "barred list" in listing
    overdue = client.get(f"/workforce/{provider.slug}/staff/?gap=dbs_recheck_overdue")
    assert "Sam Hill" in overdue.content.decode()
    assert "Maya Green" not in overdue.content.decode()

    sam = StaffMember.objects.get(staff_reference="P2")
    person = client.get(f"/workforce/{provider.slug}/staff/{sam.pk}/").content.decode()
    assert "4455" in person and "001122334455" not in person
    assert "11/12/1990" not in person and "Hidden" in person
    shown = client.post(
        f"/workforce/{provider.slug}/staff/{sam.pk}/reveal/",
        {"field": "dbs_number", "reason": "Checking against the paper certificate"},
    )
    assert "001122334455" in shown.content.decode()
    event = AuditEvent.objects.get(action="workforce.revealed")
    assert event.actor == world.users["provider_hr"]
    assert event.reason == "Checking against the paper certificate"
    refused = client.post(
        f"/workforce/{provider.slug}/staff/{sam.pk}/reveal/", {"field": "dbs_number"}
    )
    assert refused.status_code == 400 and "001122334455" not in refused.content.decode()

    # Fix: an Update Service check today keeps the DBS current.
    client.post(
        f"/workforce/{provider.slug}/staff/{sam.pk}/status-check/",
        {"checked_on": "01/01/2025", "result": "current"},
    )
    sam.refresh_from_db()
    assert sam.dbs_update_service and str(sam.dbs_current_from) == "2025-01-01"

    again = _upload(client, provider, REGISTER.encode())
    result = client.get(_result_url(again)).content.decode()
    assert "Every row is valid" in result
    # The register has no Update Service columns, so the check recorded on the page stands
    # and both rows are unchanged: importing the same register again changes nothing.
    assert re.search(r'Unchanged</dt><dd class="govuk-summary-list__value">2<', result)
    assert "nothing to import" in result
    sam.refresh_from_db()
    assert sam.dbs_update_service


def test_a_hostile_upload_is_explained_and_stores_nothing(world, client):
    client.force_login(world.users["provider_hr"])
    bad = REGISTER.replace("009876543210", "98765432101").replace("01/03/2024", "2024-13-01")
    page = _upload(client, world.provider_a, bad.encode())
    result = client.get(_result_url(page)).content.decode()
    assert "Nothing was stored" in result
    assert "DBS No" in result and "this one has 11" in result
    assert "Start date" in result and "is not a real date" in result
    assert StaffMember.objects.count() == 0
    binary = _upload(client, world.provider_a, b"\x00\x01\x02\x03" * 20, "scr.csv")
    assert "not a type we can read" in client.get(_result_url(binary)).content.decode()


def test_commissioner_sees_figures_not_people_until_a_reason_is_given(world, client):
    StaffMemberFactory(
        provider=world.provider_a,
        first_name="Priya",
        last_name="Sandhu",
        staff_reference="R-77",
        dbs_level="enhanced",
    )
    client.force_login(world.users["commissioner"])
    overview = client.get(f"/workforce/{world.provider_a.slug}/").content.decode()
    assert "Barred list check missing" in overview
    assert "Sandhu" not in overview and "R-77" not in overview
    assert client.get(f"/workforce/{world.provider_a.slug}/staff/").status_code == 404
    home = client.get("/workforce/").content.decode()
    assert world.provider_a.name in home and world.provider_b.name not in home

    no_reason = client.post(
        f"/workforce/{world.provider_a.slug}/open/", {"staff_reference": "R-77", "reason": ""}
    )
    assert no_reason.status_code == 400 and "Sandhu" not in no_reason.content.decode()
    assert "Say why" in no_reason.content.decode()
    opened = client.post(
        f"/workforce/{world.provider_a.slug}/open/",
        {"staff_reference": "R-77", "reason": "Quarterly sample check of the register"},
    )
    body = opened.content.decode()
    assert opened.status_code == 200 and "Priya Sandhu" in body
    assert "without an enhanced check" in body
    event = AuditEvent.objects.get(action="workforce.record_opened")
    assert event.reason == "Quarterly sample check of the register"
    assert event.organisation == world.commissioner_a
    # The provider's DSL sees who opened it and why.
    client.force_login(world.users["provider_lead"])
    staff = StaffMember.objects.get(staff_reference="R-77")
    person = client.get(f"/workforce/{world.provider_a.slug}/staff/{staff.pk}/").content.decode()
    assert "Quarterly sample check of the register" in person


def test_named_roles_vacancy_and_history(world, client):
    dsl = StaffMemberFactory(provider=world.provider_a, first_name="Lee", last_name="Ward")
    client.force_login(world.users["provider_hr"])
    page = client.get(f"/workforce/{world.provider_a.slug}/roles/").content.decode()
    assert "Vacant" in page
    response = client.post(
        f"/workforce/{world.provider_a.slug}/roles/",
        {"code": "dsl", "holder": str(dsl.pk), "reason": "New appointment"},
    )
    assert response.status_code == 302
    change = NamedRoleChange.objects.get(code="dsl")
    assert change.to_name == "Lee Ward" and change.from_name == ""
    client.force_login(world.users["commissioner"])
    summary = client.get(f"/api/workforce/providers/{world.provider_a.slug}/summary").json()
    assert "dsl" not in summary["named_roles_vacant"]
    assert "deputy_dsl" in summary["named_roles_vacant"]
    roles = client.get(f"/api/workforce/providers/{world.provider_a.slug}/named-roles").json()
    assert roles["holders"]["dsl"] == "Lee Ward"
    assert roles["history"][0]["to"] == "Lee Ward"


def test_export_is_formula_safe_and_leaves_out_private_fields(world, client):
    StaffMemberFactory(
        provider=world.provider_a,
        role='=HYPERLINK("http://x")',
        dbs_number="001234567890",
        dbs_number_last4="7890",
    )
    client.force_login(world.users["provider_lead"])
    response = client.get(f"/workforce/{world.provider_a.slug}/staff/export/?format=csv")
    text = response.content.decode("utf-8-sig")
    assert "'=HYPERLINK" in text
    assert "001234567890" not in text and "1985" not in text
    assert "DBS certificate number" not in text.splitlines()[0]
    assert AuditEvent.objects.filter(action="workforce.exported").exists()
    xlsx = client.get(f"/workforce/{world.provider_a.slug}/staff/export/?format=xlsx")
    assert xlsx.content.startswith(b"PK")


def test_commissioner_sets_its_own_recheck_policy(world, client):
    StaffMemberFactory(provider=world.provider_a)  # DBS issued 400 days ago
    client.force_login(world.users["commissioner"])
    url = f"/api/workforce/providers/{world.provider_a.slug}/summary"
    assert client.get(url).json()["dbs_recheck_overdue"] == 0
    bad = client.post("/workforce/policy/", {"recheck_years": "two"})
    assert bad.status_code == 400 and "whole number" in bad.content.decode()
    client.post("/workforce/policy/", {"recheck_years": "1", "reason": "Ofsted registration"})
    assert client.get(url).json()["dbs_recheck_overdue"] == 1
