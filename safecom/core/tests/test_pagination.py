"""Every API list answers a page (decision 76): walking `next` gives each item once."""

from __future__ import annotations

from typing import Any

import pytest

from safecom.contracts.tests.factories import ContractFactory

pytestmark = pytest.mark.django_db


def test_walking_next_gives_every_visible_contract_once_in_order(world: Any, client: Any) -> None:
    for n in range(6):
        ContractFactory(
            commissioner=world.commissioner_a, provider=world.provider_a, title=f"Service {n}"
        )
    client.force_login(world.users["commissioner"])
    first = client.get("/api/contracts?limit=500").json()
    everything = [c["id"] for c in first["items"]]
    assert first["count"] == len(everything) == 7 and first["next"] is None

    seen: list[int] = []
    url: str | None = "/api/contracts?limit=3"
    pages = []
    while url:
        page = client.get(url).json()
        assert page["count"] == 7
        seen += [c["id"] for c in page["items"]]
        pages.append(page)
        url = page["next"]
    assert seen == everything and len(pages) == 3
    assert pages[0]["previous"] is None
    assert pages[1]["previous"].endswith("limit=3&offset=0")
    assert pages[2]["next"] is None and len(pages[2]["items"]) == 1


def test_filters_are_kept_in_the_links_and_limits_are_checked(world: Any, client: Any) -> None:
    for _ in range(3):
        ContractFactory(commissioner=world.commissioner_a, provider=world.provider_a)
    client.force_login(world.users["commissioner"])
    page = client.get("/api/contracts?stage=planning&limit=1&offset=1").json()
    assert "stage=planning" in page["next"] and "stage=planning" in page["previous"]
    past_the_end = client.get("/api/contracts?limit=2&offset=50").json()
    assert past_the_end["items"] == [] and past_the_end["count"] == 4
    assert client.get("/api/contracts?limit=501").status_code == 422
    assert client.get("/api/contracts?limit=0").status_code == 422
    assert client.get("/api/contracts?offset=-1").status_code == 422


def test_default_page_is_the_setting(world: Any, client: Any, settings: Any) -> None:
    from safecom.core.pagination import DEFAULT_LIMIT

    assert settings.SAFECOM_API_PAGE_SIZE == DEFAULT_LIMIT
    for _ in range(DEFAULT_LIMIT + 1):
        ContractFactory(commissioner=world.commissioner_a, provider=world.provider_a)
    client.force_login(world.users["commissioner"])
    page = client.get("/api/contracts").json()
    assert len(page["items"]) == DEFAULT_LIMIT and page["count"] == DEFAULT_LIMIT + 2
    assert page["next"].endswith(f"limit={DEFAULT_LIMIT}&offset={DEFAULT_LIMIT}")
