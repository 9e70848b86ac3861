"""User journeys through the real pages, signing in with the form as each demo role does."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from safecom.contracts.models import Contract
from safecom.core.demo import DEMO_PASSWORD, demo_data_build
from safecom.organisations.models import Organisation

pytestmark = pytest.mark.django_db


def _sign_in(client: Client, username: str, password: str = DEMO_PASSWORD) -> None:
    response = client.post("/sign-in/", {"username": username, "password": password})
    assert response.status_code == 302, f"{username} could not sign in"


def _contract_count(client: Client) -> int:
    page = client.get("/contracts/").content.decode()
    match = re.search(r"(\d+) contracts?</p>", page)
    assert match, "contract count shown"
    return int(match.group(1))


def test_demo_portfolio_is_the_promised_size_and_idempotent() -> None:
    first = demo_data_build(scale="small")
    assert Organisation.objects.filter(kind="partnership").count() == 2
    assert Organisation.objects.filter(kind="commissioner").count() == 3
    assert Organisation.objects.filter(kind="provider").count() == 25
    assert Contract.objects.count() == 40
    assert {u["role"] for u in first.users} >= {
        "partnership_admin",
        "commissioner",
        "qa_officer",
        "provider_lead",
        "provider_hr",
        "auditor",
    }
    again = demo_data_build(scale="small")
    assert set(again.created.values()) == {0}, again.created
    assert Contract.objects.count() == 40


def test_each_role_signs_in_and_sees_only_its_share() -> None:
    demo_data_build(scale="small")
    client = Client()
    seen = {}
    for username in (
        "partnership.admin",
        "commissioner",
        "qa.officer",
        "provider.lead",
        "provider.hr",
        "auditor",
        "icb.commissioner",
    ):
        client = Client()
        _sign_in(client, username)
        home = client.get("/").content.decode()
        assert "Your organisations" in home
        seen[username] = _contract_count(client)
    council = Contract.objects.filter(commissioner__slug="riverside-council").count()
    assert seen["commissioner"] == seen["qa.officer"] == seen["auditor"] == council
    provider_own = Contract.objects.filter(provider__memberships__user__username="provider.lead")
    assert seen["provider.lead"] == seen["provider.hr"] == provider_own.distinct().count()
    area = Contract.objects.filter(commissioner__partnerships__slug="riverside-scp").distinct()
    assert seen["partnership.admin"] == area.count() > council
    assert 0 < seen["provider.lead"] < seen["commissioner"] < 40


def test_wrong_password_gets_a_clear_message_and_an_error_summary() -> None:
    demo_data_build(scale="small")
    client = Client()
    page = client.post("/sign-in/", {"username": "commissioner", "password": "wrong"})
    body = page.content.decode()
    assert page.status_code == 200
    assert "There is a problem" in body and "username or password is not right" in body


def test_commissioner_adds_a_contract_then_moves_it_on() -> None:
    demo_data_build(scale="small")
    client = Client()
    _sign_in(client, "commissioner")
    council = Organisation.objects.get(slug="riverside-council")
    provider = Organisation.objects.filter(kind="provider").first()
    form = {
        "commissioner": council.pk,
        "provider": provider.pk,
        "reference": "RBC-NEW-1",  # type: ignore[union-attr]
        "title": "Young carers service",
        "client_group": "children",
        "regulated_activity": "on",
        "value": "120000",
        "start_date": "31/02/2027",
    }
    bad = client.post("/contracts/new/", form)
    assert "Enter the start date as day/month/year" in bad.content.decode()
    assert not Contract.objects.filter(reference="RBC-NEW-1").exists()
    form["start_date"] = "01/04/2027"
    response = client.post("/contracts/new/", form)
    contract = Contract.objects.get(reference="RBC-NEW-1")
    assert response["Location"] == f"/contracts/{contract.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert "Young carers service" in page and "Planning" in page
    refused = client.post(f"/contracts/{contract.pk}/stage/", {"to_stage": "live"})
    assert refused.status_code == 400 and "There is a problem" in refused.content.decode()
    client.post(f"/contracts/{contract.pk}/stage/", {"to_stage": "tender"})
    contract.refresh_from_db()
    assert contract.stage == "tender"
    assert "Planning → Tender" in client.get(f"/contracts/{contract.pk}/").content.decode()


def test_framework_browser_shows_quotes_parameters_and_versions() -> None:
    demo_data_build(scale="small")
    client = Client()
    _sign_in(client, "provider.hr")
    listing = client.get("/standards/").content.decode()
    for short in ("CHSCP", "BSCP", "HIPS", "Dorset", "NEL"):
        assert short.lower() in listing.lower()
    page = client.get("/standards/dorset/").content.decode()
    assert "dorset 2.3" in page and "dbs_recheck_years" in page
    assert "Dorset Council recommends DBS check are updated at least every three years" in page
    filtered = client.get("/standards/dorset/?kind=workforce_rule").content.decode()
    assert "dorset 2.3" in filtered and "dorset 1.4 " not in filtered


def test_no_model_change_lacks_a_migration() -> None:
    from io import StringIO

    from django.core.management import call_command

    call_command("makemigrations", "--check", "--dry-run", stdout=StringIO())
