"""Tenancy over every page and API operation: what each role sees of its own tenancy (A)
and of another (B). Anything of B answers 404.

Each app declares its pages and operations in `safecom/<app>/tests/tenancy.py` (PAGES,
NOT_TENANT_PAGES, API_OPS; see core/tests/tenancy_support.py). A URL or API operation that no
app declares fails `test_every_url_is_declared`, so new ones cannot slip through untested."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from conftest import ROLES_A
from safecom.config.api import api
from safecom.core.tests.tenancy_support import collect_tables

PAGES, NOT_TENANT_PAGES, API_OPS = collect_tables()


def _names(resolver: URLResolver, prefix: str = "") -> set[str]:
    out: set[str] = set()
    for p in resolver.url_patterns:
        if isinstance(p, URLResolver):
            ns = f"{prefix}{p.namespace}:" if p.namespace else prefix
            if p.namespace in {"admin", "api"}:
                continue
            out |= _names(p, ns)
        elif isinstance(p, URLPattern) and p.name:
            out.add(prefix + p.name)
    return out


def test_every_url_is_declared() -> None:
    assert _names(get_resolver()) == set(PAGES) | NOT_TENANT_PAGES


def test_every_api_operation_is_declared() -> None:
    schema = api.get_openapi_schema()
    ops = {(m, path) for path, item in schema["paths"].items() for m in item}
    assert ops == set(API_OPS)


def _call(client: Any, method: str, path: str, body: Any = None) -> int:
    if method == "get":
        return client.get(path).status_code
    if path.startswith("/api/"):
        return client.post(path, body or {}, content_type="application/json").status_code
    return client.post(path, {"to_stage": "tender"}).status_code


@pytest.mark.parametrize("role", ROLES_A)
@pytest.mark.parametrize("name", sorted(PAGES))
def test_pages(world: Any, client: Any, name: str, role: str) -> None:
    method, build, allowed, ok = PAGES[name]
    client.force_login(world.users[role])
    own = _call(client, method, build(world, "a"))
    assert own == (ok if role in allowed else 404), f"{name} as {role} on its own tenancy"
    foreign = _call(client, method, build(world, "b"))
    if "{" not in name and build(world, "a") == build(world, "b"):
        return  # no object in the URL: nothing foreign to reach
    assert foreign == 404, f"{name} as {role} on another tenancy answered {foreign}"


@pytest.mark.parametrize("role", ROLES_A)
@pytest.mark.parametrize("op", sorted(API_OPS))
def test_api(world: Any, client: Any, op: tuple[str, str], role: str) -> None:
    method, _ = op
    build, allowed, ok, body = API_OPS[op]
    client.force_login(world.users[role])
    payload = body(world, "a") if body else None
    own = _call(client, method, build(world, "a"), payload)
    # Inside its tenancy a role without the permission is told so (403 or 404), never 2xx.
    if role in allowed:
        assert own == ok, f"{op} as {role} on its own tenancy answered {own}"
    else:
        assert own in (403, 404), f"{op} as {role} on its own tenancy answered {own}"
    if build(world, "a") == build(world, "b") and not body:
        return
    foreign = _call(client, method, build(world, "b"), body(world, "b") if body else None)
    assert foreign == 404, f"{op} as {role} on another tenancy answered {foreign}"


def test_commissioner_org_page_hidden_from_provider(world: Any, client: Any) -> None:
    client.force_login(world.users["provider_lead"])
    assert client.get(f"/organisations/{world.commissioner_a.slug}/").status_code == 404
    client.force_login(world.users["qa_officer"])
    assert client.get(f"/organisations/{world.commissioner_a.slug}/").status_code == 200


@pytest.mark.parametrize("role", ROLES_A)
def test_lists_hold_only_the_tenancy(world: Any, client: Any, role: str) -> None:
    client.force_login(world.users[role])
    page = client.get("/contracts/").content.decode()
    assert world.contract_a.reference in page and world.contract_b.reference not in page
    rows = client.get("/api/contracts").json()["items"]
    assert [r["id"] for r in rows] == [world.contract_a.pk]
    orgs = {o["slug"] for o in client.get("/api/organisations").json()["items"]}
    assert world.provider_a.slug in orgs
    assert not orgs & {world.provider_b.slug, world.commissioner_b.slug, world.partnership_b.slug}


def test_anonymous_is_sent_to_sign_in(world: Any, client: Any) -> None:
    response = client.get(f"/contracts/{world.contract_a.pk}/")
    assert response.status_code == 302 and "/sign-in/" in response["Location"]
    assert client.get("/api/contracts").status_code == 401


def test_token_revoke_of_someone_else_is_404(world: Any, client: Any) -> None:
    from safecom.accounts.services import api_token_create

    token, _ = api_token_create(user=world.outsider, name="theirs")
    client.force_login(world.users["commissioner"])
    assert client.post(f"/account/tokens/{token.pk}/revoke/").status_code == 404
