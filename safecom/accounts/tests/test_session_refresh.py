"""A session stays alive while used and ends an hour after its last use, written at most once a
minute rather than on every page (decision 77)."""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from safecom.accounts.session_refresh import REFRESH_AFTER_S, STAMP
from safecom.accounts.two_factor import CLEARED_AT, RECHECK_AFTER_S

pytestmark = pytest.mark.django_db


def _age(client: Any, key: str, seconds: int) -> None:
    """Make the session's stamp `key` as old as that."""
    session = client.session
    session[key] = int(time.time()) - seconds
    session.save()


def _expiry(client: Any) -> dt.datetime:
    return Session.objects.get(session_key=client.session.session_key).expire_date


def _writes(client: Any, path: str) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return [q["sql"] for q in queries if q["sql"].startswith(("UPDATE", "INSERT", "DELETE"))]


def test_a_page_within_the_minute_writes_nothing(world: Any, client: Any) -> None:
    client.force_login(world.users["commissioner"])
    client.get("/contracts/")
    assert _writes(client, "/contracts/") == []


def test_use_after_a_minute_moves_the_expiry_on(world: Any, client: Any, settings: Any) -> None:
    client.force_login(world.users["commissioner"])
    client.get("/contracts/")
    _age(client, STAMP, REFRESH_AFTER_S + 1)
    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=timezone.now() + dt.timedelta(minutes=5)
    )
    writes = _writes(client, "/contracts/")
    assert any('"django_session"' in sql for sql in writes)
    left = _expiry(client) - timezone.now()
    assert dt.timedelta(seconds=settings.SESSION_COOKIE_AGE - 60) < left
    assert left <= dt.timedelta(seconds=settings.SESSION_COOKIE_AGE)


def test_an_unused_session_still_ends(world: Any, client: Any) -> None:
    client.force_login(world.users["commissioner"])
    assert client.get("/contracts/").status_code == 200
    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=timezone.now() - dt.timedelta(seconds=1)
    )
    response = client.get("/contracts/")
    assert response.status_code == 302 and "/sign-in/" in response["Location"]


def test_visitors_without_a_session_get_none(client: Any) -> None:
    assert client.get("/sign-in/").status_code == 200
    assert Session.objects.count() == 0


def test_a_second_factor_required_meanwhile_is_asked_for_within_the_minute(
    world: Any, client: Any
) -> None:
    client.force_login(world.users["commissioner"])
    assert client.get("/contracts/").status_code == 200
    world.commissioner_a.require_two_factor = True
    world.commissioner_a.save()
    assert client.get("/contracts/").status_code == 200  # cleared less than a minute ago
    _age(client, CLEARED_AT, RECHECK_AFTER_S)
    response = client.get("/contracts/")
    assert response.status_code == 302 and "two-factor" in response["Location"]
