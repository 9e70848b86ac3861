"""Tenancy and input edges found in review, kept as tests."""

from __future__ import annotations

from typing import Any

import pytest

from safecom.contracts.tests.factories import ContractFactory
from safecom.organisations.tests.factories import ProviderFactory
from safecom.standards.models import FrameworkVersion

pytestmark = pytest.mark.django_db


def test_partnership_sees_providers_only_through_contracts_in_its_area(
    world: Any, client: Any
) -> None:
    lone = ProviderFactory(slug="lone", partnerships=[world.partnership_a])
    ContractFactory(commissioner=world.commissioner_b, provider=lone)
    client.force_login(world.users["partnership_admin"])
    assert client.get("/organisations/lone/").status_code == 404


def test_organisation_page_names_no_one_outside_the_tenancy(world: Any, client: Any) -> None:
    sub = ProviderFactory(
        slug="sub-a", head_provider=world.provider_b, partnerships=[world.partnership_b]
    )
    ContractFactory(commissioner=world.commissioner_a, provider=sub)
    client.force_login(world.users["commissioner"])
    page = client.get("/organisations/sub-a/").content.decode()
    assert world.provider_b.name not in page and world.partnership_b.name not in page
    data = client.get("/api/organisations/sub-a").json()
    assert data["head_provider"] is None and data["partnerships"] == []


def test_provider_staff_do_not_see_the_commissioners_audit_trail(world: Any, client: Any) -> None:
    client.force_login(world.users["provider_hr"])
    assert "Audit trail" not in client.get(f"/contracts/{world.contract_a.pk}/").content.decode()
    client.force_login(world.users["auditor"])
    client.force_login(world.users["commissioner"])
    client.post(f"/contracts/{world.contract_a.pk}/stage/", {"to_stage": "tender"})
    assert "Audit trail" in client.get(f"/contracts/{world.contract_a.pk}/").content.decode()


def test_contract_form_offers_only_providers_in_the_area(world: Any, client: Any) -> None:
    client.force_login(world.users["commissioner"])
    page = client.get("/contracts/new/").content.decode()
    assert world.provider_a.name in page and world.provider_b.name not in page


@pytest.mark.parametrize(
    "change",
    [{"value": "1e20"}, {"value": "10.001"}, {"title": "x" * 201}, {"provider": "provider-b"}],
)
def test_api_refuses_out_of_range_or_foreign_input_with_422(
    world: Any, client: Any, change: dict
) -> None:
    client.force_login(world.users["commissioner"])
    body = {
        "commissioner": "council-a",
        "provider": "provider-a",
        "reference": "R-9",
        "title": "Service",
        "client_group": "children",
        **change,
    }
    response = client.post("/api/contracts", body, content_type="application/json")
    assert response.status_code == 422
    assert client.get("/api/contracts").status_code == 200


def test_unknown_and_foreign_provider_get_the_same_answer(world: Any, client: Any) -> None:
    client.force_login(world.users["commissioner"])
    answers = []
    for slug in ("provider-b", "no-such-provider"):
        body = {
            "commissioner": "council-a",
            "provider": slug,
            "reference": "R-1",
            "title": "Service",
            "client_group": "children",
        }
        detail = client.post("/api/contracts", body, content_type="application/json").json()
        answers.append(detail["detail"].replace(slug, "X"))
    assert answers[0] == answers[1]


def test_editing_keeps_a_superseded_standard_the_contract_was_let_under(
    world: Any, client: Any
) -> None:
    old = FrameworkVersion.objects.get(framework__slug="nel", is_current=True)
    world.contract_a.frameworks.add(old)
    FrameworkVersion.objects.filter(pk=old.pk).update(is_current=False)
    client.force_login(world.users["commissioner"])
    form = {
        "reference": world.contract_a.reference,
        "title": "Renamed",
        "client_group": "children",
        "frameworks": [old.pk],
    }
    response = client.post(f"/contracts/{world.contract_a.pk}/edit/", form)
    assert response.status_code == 302
    assert list(world.contract_a.frameworks.all()) == [old]


def test_service_errors_mark_the_field_for_screen_readers(world: Any, client: Any) -> None:
    other = ContractFactory(
        commissioner=world.commissioner_a, provider=world.provider_a, reference="TAKEN-1"
    )
    client.force_login(world.users["commissioner"])
    form = {"reference": "TAKEN-1", "title": "x", "client_group": "children"}
    page = client.post(f"/contracts/{world.contract_a.pk}/edit/", form).content.decode()
    assert other.reference in page
    assert 'class="govuk-input govuk-input--error"' in page
    assert 'aria-describedby="id_reference-hint id_reference-error"' in page


@pytest.mark.parametrize(
    "path",
    [
        "/contracts/?q=a%00b",
        "/api/organisations/a%00b",
        "/organisations/x%00/",
        "/api/contracts?stage=%00",
    ],
)
def test_null_bytes_in_the_address_get_a_clear_400(world: Any, client: Any, path: str) -> None:
    client.force_login(world.users["commissioner"])
    response = client.get(path)
    assert response.status_code == 400
    assert "null character" in response.content.decode()


def test_null_bytes_in_api_text_get_a_422(world: Any, client: Any) -> None:
    client.force_login(world.users["commissioner"])
    body = {
        "commissioner": "council-a",
        "provider": "provider-a",
        "reference": "R\u0000",
        "title": "Service",
        "client_group": "children",
    }
    response = client.post("/api/contracts", body, content_type="application/json")
    assert response.status_code == 422 and "null character" in str(response.json()["detail"])
    # Every text field is checked, not only those a service looks at: a NUL in a slug would
    # otherwise reach PostgreSQL's query and fail there.
    for field in ("commissioner", "provider", "title"):
        response = client.post(
            "/api/contracts",
            {**body, "reference": "R1", field: "a\u0000b"},
            content_type="application/json",
        )
        assert response.status_code == 422, field
        (error,) = response.json()["detail"]
        assert error["loc"][-1] == field and "null character" in error["msg"]
