"""schemathesis against the API's OpenAPI schema, in-process through Django's test client,
signed in with an API token: every operation, valid and invalid requests it generates, with
path parameters both generated and pointing at real records of the user's tenancy.

Passes only with no server error (5xx, an exception or a logged traceback). Bounded by
EXAMPLES per operation (more for those that write) and derandomised, so a run takes about a
minute and fails the same way twice. The figures go to var/test-results/security.json.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

import pytest
import requests
import schemathesis
from django.db import connection
from django.test import Client
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode

from safecom.config.api import api
from safecom.core.tests.hostile import harness as h
from safecom.core.tests.tenancy_support import collect_tables

pytestmark = pytest.mark.django_db

EXAMPLES = {"GET": 10, "POST": 25, "PUT": 25, "PATCH": 25, "DELETE": 25}
SCHEMA = schemathesis.openapi.from_dict(api.get_openapi_schema())
OPERATIONS = {op.label: op for op in (r.ok() for r in SCHEMA.get_all_operations())}
_, _, API_OPS = collect_tables()
FIGURES: dict[str, dict[str, int]] = {}


def _broad_token(world: Any) -> str:
    """One user with the writing roles of both sides of tenancy A, so most operations go
    past the permission check to their validation and services."""
    from safecom.accounts.services import api_token_create
    from safecom.accounts.tests.factories import MembershipFactory, UserFactory

    user = UserFactory(username="a-schemathesis")
    for organisation, role in [
        (world.commissioner_a, "commissioner"),
        (world.commissioner_a, "qa_officer"),
        (world.provider_a, "provider_lead"),
        (world.provider_a, "provider_hr"),
    ]:
        MembershipFactory(user=user, organisation=organisation, role=role)
    _, raw = api_token_create(user=user, name="schemathesis")
    return raw


def _real_parameters(world: Any, method: str, template: str) -> dict[str, str]:
    """The path parameters of a real record of tenancy A, read from the tenancy table."""
    build = API_OPS[(method.lower(), template)][0]
    built = urlsplit(build(world, "a")).path
    pattern = re.sub(r"\\{(\w+)\\}", r"(?P<\1>[^/]+)", re.escape(template))
    found = re.fullmatch(pattern, built)
    return found.groupdict() if found else {}


def _send(client: Client, case: Any, token: str) -> Any:
    kwargs = case.as_transport_kwargs(base_url="http://testserver")
    kwargs["headers"] = {
        k: v
        for k, v in kwargs["headers"].items()
        if k.lower() in {"content-type", "accept"} and "\x00" not in str(v)
    }
    kwargs.pop("cookies", None)
    prepared = requests.Request(
        **{k: v for k, v in kwargs.items() if k in {"method", "url", "headers", "params"}},
        json=kwargs.get("json"),
        data=kwargs.get("data"),
        files=kwargs.get("files"),
    ).prepare()
    address = urlsplit(prepared.url)
    body = prepared.body or b""
    return client.generic(
        prepared.method or "GET",
        address.path + (f"?{address.query}" if address.query else ""),
        body.encode() if isinstance(body, str) else body,
        content_type=prepared.headers.get("Content-Type", "application/octet-stream"),
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )


def _record(label: str, cases: int, errors: int) -> None:
    FIGURES[label] = {"cases": cases, "server_errors": errors}
    h.record_figures(
        f"schemathesis_{connection.vendor}",
        {
            "operations": len(FIGURES),
            "cases": sum(f["cases"] for f in FIGURES.values()),
            "server_errors": sum(f["server_errors"] for f in FIGURES.values()),
        },
    )


@pytest.mark.parametrize("label", sorted(OPERATIONS))
def test_schemathesis_finds_no_server_error(
    world: Any, label: str, caplog: pytest.LogCaptureFixture
) -> None:
    operation = OPERATIONS[label]
    method, template = label.split(" ", 1)
    token = _broad_token(world)
    real = _real_parameters(world, method, template)
    strategies = [
        operation.as_strategy(mode, path_parameters=params)
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
        for params in ([None, real] if real else [None])
    ]
    client = Client()
    failures: list[str] = []
    cases = [0]

    @given(case=st.one_of(strategies))
    @settings(
        max_examples=EXAMPLES[method],
        deadline=None,
        database=None,
        derandomize=True,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def run(case: Any) -> None:
        cases[0] += 1
        caplog.clear()
        try:
            response = _send(client, case, token)
        except Exception as exc:  # a server error, with what was sent
            failures.append(f"{type(exc).__name__}: {str(exc)[:200]} <- {case.as_curl_command()}")
            return
        if response.status_code >= 500 or any(h.logged_failure(r) for r in caplog.records):
            failures.append(f"{response.status_code} <- {case.as_curl_command()[:400]}")

    run()
    _record(label, cases[0], len(failures))
    assert not failures, f"{label}: {len(failures)} server errors:\n" + "\n".join(failures[:5])
