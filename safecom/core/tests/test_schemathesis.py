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

EXAMPLES = {"GET": 8, "POST": 20, "PUT": 20, "PATCH": 20, "DELETE": 20}
SCHEMA = schemathesis.openapi.from_dict(api.get_openapi_schema())
OPERATIONS = {op.label: op for op in (r.ok() for r in SCHEMA.get_all_operations())}
_, _, API_OPS = collect_tables()


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


def _run_operation(
    label: str, world: Any, token: str, client: Client, caplog: pytest.LogCaptureFixture
) -> tuple[int, list[str]]:
    """(cases sent, server errors) for one operation."""
    operation = OPERATIONS[label]
    method, template = label.split(" ", 1)
    real = _real_parameters(world, method, template)
    strategies = [
        operation.as_strategy(mode, path_parameters=params)
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
        for params in ([None, real] if real else [None])
    ]
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
    return cases[0], failures


def test_schemathesis_finds_no_server_error(world: Any, caplog: pytest.LogCaptureFixture) -> None:
    """Every operation in turn, on one set of records (made once: they take a while)."""
    token = _broad_token(world)
    client = Client()
    total, problems = 0, []
    for label in sorted(OPERATIONS):
        cases, failures = _run_operation(label, world, token, client, caplog)
        total += cases
        problems += [f"{label}: {f}" for f in failures]
    h.record_figures(
        f"schemathesis_{connection.vendor}",
        {"operations": len(OPERATIONS), "cases": total, "server_errors": len(problems)},
    )
    assert total >= 8 * len(OPERATIONS)
    assert not problems, f"{len(problems)} server errors:\n" + "\n".join(problems[:10])
