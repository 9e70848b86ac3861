"""The record form: every field of a person's record, checked as an imported row is, with an
error summary; private values are never shown and are kept unless a new one is typed."""

from __future__ import annotations

import datetime as dt

import pytest

from safecom.audit.models import AuditEvent
from safecom.workforce.forms import RECORD_SECTIONS
from safecom.workforce.importing.columns import STAFF_FIELDS
from safecom.workforce.models import StaffMember
from safecom.workforce.tests.factories import StaffMemberFactory

pytestmark = pytest.mark.django_db


def _post_data(staff: StaffMember, **changes: str) -> dict[str, str]:
    data: dict[str, str] = {}
    for name in STAFF_FIELDS:
        value = getattr(staff, name)
        if name in {"date_of_birth", "dbs_number"}:
            continue  # left empty: kept
        if isinstance(value, bool):
            if value:
                data[name] = "on"
        elif isinstance(value, dt.date):
            data[name] = value.strftime("%d/%m/%Y")
        elif value is not None:
            data[name] = str(value)
    data.update(changes)
    return {k: v for k, v in data.items() if v != "__drop__"}


def test_every_field_of_the_record_is_on_the_form():
    on_form = {name for _, names in RECORD_SECTIONS for name in names}
    assert on_form == set(STAFF_FIELDS)


def test_a_change_is_saved_checked_and_audited_and_private_values_kept(world, client):
    provider = world.provider_a
    staff = StaffMemberFactory(provider=provider, dbs_number="001234567890")
    client.force_login(world.users["provider_hr"])
    url = f"/workforce/{provider.slug}/staff/{staff.pk}/edit/"
    page = client.get(url).content.decode()
    assert "001234567890" not in page and "ending 7890" in page
    assert staff.date_of_birth.strftime("%d/%m/%Y") not in page

    saved = client.post(url, _post_data(staff, role="Team leader", address="9 New Street"))
    assert saved.status_code == 302
    staff.refresh_from_db()
    assert staff.role == "Team leader" and staff.address == "9 New Street"
    assert staff.dbs_number == "001234567890" and staff.date_of_birth == dt.date(1985, 6, 15)
    event = AuditEvent.objects.get(action="workforce.staff_updated", object_id=str(staff.pk))
    assert event.changes["role"][1] == "Team leader"
    assert "dbs_number" not in event.changes

    again = client.post(url, _post_data(staff, dbs_number="0012 3456 7891"))
    assert again.status_code == 302
    staff.refresh_from_db()
    assert staff.dbs_number == "001234567891" and staff.dbs_number_last4 == "7891"
    event = AuditEvent.objects.filter(action="workforce.staff_updated").latest("pk")
    assert event.changes == {"dbs_number": "changed"}


def test_problems_are_listed_in_an_error_summary_and_nothing_is_saved(world, client):
    provider = world.provider_a
    staff = StaffMemberFactory(provider=provider, role="Mentor")
    other = StaffMemberFactory(provider=provider)
    client.force_login(world.users["provider_hr"])
    url = f"/workforce/{provider.slug}/staff/{staff.pk}/edit/"
    future = (dt.date.today() + dt.timedelta(days=30)).strftime("%d/%m/%Y")
    page = client.post(
        url,
        _post_data(
            staff,
            role="=HYPERLINK(1)",
            dbs_number="12345",
            identity_checked_on=future,
            leaving_date="01/01/2000",
            staff_reference=other.staff_reference,
        ),
    )
    assert page.status_code == 400
    text = page.content.decode()
    assert "There is a problem" in text
    for message in (
        "run it as a formula",
        "A DBS certificate number has 12 digits; this one has 5.",
        "is in the future",
        "The leaving date is before the start date.",
        f"has the staff reference {other.staff_reference}",
    ):
        assert message in text, message
    staff.refresh_from_db()
    assert staff.role == "Mentor"
    assert not AuditEvent.objects.filter(action="workforce.staff_updated").exists()


def test_a_person_is_added_from_the_form(world, client):
    provider = world.provider_a
    client.force_login(world.users["provider_hr"])
    url = f"/workforce/{provider.slug}/staff/new/"
    assert client.get(url).status_code == 200
    empty = client.post(url, {})
    assert empty.status_code == 400 and "Enter the staff reference." in empty.content.decode()
    added = client.post(
        url,
        {
            "staff_reference": "NEW-1",
            "first_name": "Ola",
            "last_name": "Ade",
            "worker_type": "volunteer",
            "date_of_birth": "02/03/1990",
            "dbs_number": "000011112222",
            "dbs_level": "enhanced_barred_children",
            "dbs_issue_date": "01/02/2024",
            "is_active": "on",
            "regulated_children": "on",
        },
    )
    assert added.status_code == 302
    person = StaffMember.objects.get(provider=provider, staff_reference="NEW-1")
    assert person.date_of_birth == dt.date(1990, 3, 2) and person.dbs_number_last4 == "2222"
    assert person.fingerprint and person.dbs_current_from == dt.date(2024, 2, 1)
    assert AuditEvent.objects.filter(action="workforce.staff_created").exists()


def test_only_people_who_may_change_records_see_the_form(world, client):
    staff = StaffMemberFactory(provider=world.provider_a)
    client.force_login(world.users["provider_lead"])
    page = client.get(f"/workforce/{world.provider_a.slug}/staff/{staff.pk}/edit/")
    assert page.status_code == 404
