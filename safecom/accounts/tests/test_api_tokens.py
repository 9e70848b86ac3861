from __future__ import annotations

import pytest

from safecom.accounts.models import ApiToken
from safecom.accounts.services import api_token_create, api_token_revoke

pytestmark = pytest.mark.django_db


def test_token_signs_in_to_the_api_and_stops_when_revoked(world, client) -> None:  # type: ignore[no-untyped-def]
    user = world.users["commissioner"]
    token, raw = api_token_create(user=user, name="BI export")
    assert raw not in ApiToken.objects.values_list("key_hash", flat=True)
    headers = {"Authorization": f"Bearer {raw}"}
    me = client.get("/api/me", headers=headers).json()
    assert me["memberships"][0]["organisation"] == "council-a"
    rows = client.get("/api/contracts", headers=headers).json()["items"]
    assert [r["id"] for r in rows] == [world.contract_a.pk]
    assert client.get(f"/api/contracts/{world.contract_b.pk}", headers=headers).status_code == 404
    assert api_token_revoke(user=user, token_id=token.pk)
    assert client.get("/api/me", headers=headers).status_code == 401
    assert client.get("/api/me", headers={"Authorization": "Bearer nonsense"}).status_code == 401


def test_api_validation_errors_name_the_field(world, client) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world.users["commissioner"])
    response = client.post(
        "/api/contracts",
        {
            "commissioner": "council-a",
            "provider": "provider-a",
            "reference": "X",
            "title": "",
            "client_group": "kids",
        },
        content_type="application/json",
    )
    assert response.status_code == 422
    assert set(response.json()["errors"]) == {"title", "client_group"}
    wrong_type = client.post("/api/contracts", {"commissioner": 5}, content_type="application/json")
    assert wrong_type.status_code == 422


def test_account_page_creates_a_token_shown_once(world, client) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world.users["auditor"])
    page = client.post("/account/", {"name": "Audit export"}).content.decode()
    assert "Copy your new token now" in page and "sc_" in page
    assert "Copy your new token now" not in client.get("/account/").content.decode()


def test_a_tokens_use_is_recorded_at_most_once_a_minute(world, client) -> None:  # type: ignore[no-untyped-def]
    import datetime as dt

    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    token, raw = api_token_create(user=world.users["commissioner"], name="BI export")
    headers = {"Authorization": f"Bearer {raw}"}
    assert client.get("/api/me", headers=headers).status_code == 200
    first = ApiToken.objects.get(pk=token.pk).last_used_at
    assert first is not None
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/api/me", headers=headers).status_code == 200
    assert not [q for q in queries if q["sql"].startswith("UPDATE")]
    an_hour_ago = timezone.now() - dt.timedelta(hours=1)
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=an_hour_ago)
    assert client.get("/api/me", headers=headers).status_code == 200
    assert ApiToken.objects.get(pk=token.pk).last_used_at > an_hour_ago + dt.timedelta(minutes=59)
