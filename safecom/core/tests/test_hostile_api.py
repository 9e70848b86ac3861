"""Every API operation that writes (POST, PUT, PATCH, DELETE in the OpenAPI schema, so a new
one is covered as soon as it exists) is sent the hostile bodies of the corpus, and its own
valid body with each field replaced by hostile values in turn.

Each answer is a 4xx with a message saying what is wrong (and where), or a success when the
value is harmless (script in a name is only text, shown escaped on every page). Never a server
error or a traceback, and a refused request changes no row of any table.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client

from conftest import ROLES_A
from safecom.config.api import api
from safecom.core.tests.hostile import harness as h
from safecom.core.tests.hostile.corpus import BODIES, SCRIPT, encode, field_mutations
from safecom.core.tests.tenancy_support import collect_tables

pytestmark = pytest.mark.django_db

PAGES, _, API_OPS = collect_tables()
WRITES = sorted(
    (method, path)
    for path, item in api.get_openapi_schema()["paths"].items()
    for method in item
    if method in {"post", "put", "patch", "delete"}
)


def _client_for(world: Any, allowed: set[str]) -> Client:
    """A client with the API token of a role the operation allows in its own tenancy."""
    from safecom.accounts.services import api_token_create

    role = next(r for r in ROLES_A if r in allowed)
    _, raw = api_token_create(user=world.users[role], name="hostile")
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


def _send(client: Client, method: str, path: str, body: bytes, content_type: str) -> Any:
    return client.generic(method.upper(), path, body, content_type=content_type)


def test_every_write_operation_is_covered() -> None:
    assert len(WRITES) >= 20
    missing = [op for op in WRITES if op not in API_OPS]
    assert not missing, f"declare these in the app's tests/tenancy.py: {missing}"


@pytest.mark.parametrize("op", WRITES, ids=[f"{m} {p}" for m, p in WRITES])
def test_every_hostile_body_is_refused_clearly_or_taken_safely(
    world: Any, op: tuple[str, str], caplog: pytest.LogCaptureFixture
) -> None:
    method, _ = op
    build, allowed, _, make_body = API_OPS[op]
    path = build(world, "a")
    valid = make_body(world, "a") if make_body else {}
    client = _client_for(world, allowed)
    sends = [(b.key, b.body, b.content_type) for b in BODIES]
    sends += [(what, encode(body), "application/json") for what, body in field_mutations(valid)]
    problems: list[str] = []
    taken = 0
    for what, body, content_type in sends:
        before = h.row_counts()
        caplog.clear()
        try:
            response = _send(client, method, path, body, content_type)
        except Exception as exc:  # a server error: listed with the others
            problems.append(f"{what}: {type(exc).__name__}: {str(exc)[:200]}")
            continue
        status, content = response.status_code, response.content
        if any(h.logged_failure(r) for r in caplog.records):
            problems.append(f"{what}: logged a traceback")
        if h.has_traceback(content.decode("utf-8", "replace")):
            problems.append(f"{what}: a traceback in the answer")
        if status >= 500:
            problems.append(f"{what}: answered {status}")
        elif status >= 400:
            if len(h.api_message(content)) < 5:
                problems.append(f"{what}: {status} without a message: {content[:120]!r}")
            moved = h.changed(before, h.row_counts())
            if moved:
                problems.append(f"{what}: refused ({status}) but rows changed: {moved}")
        elif not 200 <= status < 300:
            problems.append(f"{what}: answered {status}")
        else:
            taken += 1
    h.record_figures(
        f"hostile_api_{connection.vendor}",
        {f"{method.upper()} {op[1]}": {"sent": len(sends), "taken": taken}},
        merge=True,
    )
    assert not problems, f"{method.upper()} {path}:\n" + "\n".join(problems)


def test_script_taken_by_the_api_is_shown_escaped_on_every_page(world: Any) -> None:
    """Script sent in every text field of every write, then every page of the tenancy read."""
    for op in WRITES:
        build, allowed, _, make_body = API_OPS[op]
        if make_body is None:
            continue
        client = _client_for(world, allowed)
        body = dict(field_mutations(make_body(world, "a")))["script-everywhere"]
        _send(client, op[0], build(world, "a"), encode(body), "application/json")
    shown = []
    for name, (method, page, allowed, _) in sorted(PAGES.items()):
        if method != "get" or not allowed:
            continue
        viewer = Client()
        viewer.force_login(world.users[next(r for r in ROLES_A if r in allowed)])
        response = viewer.get(page(world, "a"))
        if response.status_code == 200 and "text/html" in response.get("Content-Type", ""):
            shown.append(name)
            assert not h.unescaped_script(response.content), f"{name} shows script unescaped"
    assert len(shown) > 30


# What Django refuses before any view: answered with the reason, on pages and in the API.


def test_an_api_body_over_the_limit_is_413_with_the_reason(world: Any) -> None:
    client = _client_for(world, {"commissioner"})
    body = b'{"reference": "' + b"A" * (6 * 1024 * 1024) + b'"}'
    response = client.post("/api/contracts", body, content_type="application/json")
    assert response.status_code == 413
    assert "larger than 5 MB" in response.json()["detail"]


def test_a_file_name_too_long_to_read_is_400_with_the_reason(world: Any) -> None:
    body, content_type = h.multipart({}, {"file": ("s" * 5000 + ".csv", b"a,b\n")})
    page = Client()
    page.force_login(world.users["provider_hr"])
    response = page.generic(
        "POST", f"/workforce/{world.provider_a.slug}/import/", body, content_type=content_type
    )
    assert response.status_code == 400
    assert "file name is too long" in response.content.decode()
    api_client = _client_for(world, {"provider_hr"})
    response = api_client.generic(
        "POST",
        f"/api/workforce/providers/{world.provider_a.slug}/imports",
        body,
        content_type=content_type,
    )
    assert response.status_code == 400
    assert "file name is too long" in response.json()["detail"]
    assert SCRIPT not in response.content.decode()
