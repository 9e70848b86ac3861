"""Kept pages (core.kept_pages, decision 79): served again to the same session while the
view's changes read the same, and never in any other case."""

from __future__ import annotations

import datetime as dt
import pickle
from dataclasses import replace
from typing import Any

import pytest
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.db import SessionStore
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import _unmask_cipher_token
from django.test import RequestFactory
from django.utils import timezone

from safecom.accounts.models import Membership, User
from safecom.core.kept_pages import KeptPage, PageKeeper, kept_page, page_key

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 22)
SECRET_NAME = "Alexandra Kepler-Smith"


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    cache.clear()


def _request(user: Any, *, session: SessionStore | None = None, method: str = "get") -> Any:
    request = getattr(RequestFactory(), method)("/page/", {"q": "x"})
    if session is None:
        session = SessionStore()
        session.create()
    request.session = session
    request.user = user
    request._messages = FallbackStorage(request)
    return request


class Page:
    """A view's render and changes, counting renders."""

    def __init__(self) -> None:
        self.renders = 0
        self.changed: frozenset[Any] = frozenset()
        self.status = 200

    def render(self, request: HttpRequest) -> HttpResponse:
        self.renders += 1
        body = (
            f'<form><input type="hidden" name="csrfmiddlewaretoken" value="OLDTOKEN{self.renders}">'
            f"</form><p>{SECRET_NAME}, render {self.renders}</p>"
        )
        return HttpResponse(body, status=self.status)

    def changes(self, since: dt.datetime) -> frozenset[Any]:
        return self.changed

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        return kept_page(
            request,
            name="test",
            today=TODAY,
            changes=self.changes,
            render=lambda: self.render(request),
            seconds=300,
            **kwargs,
        )


def _kept(request: Any) -> tuple[str, KeptPage]:
    """The cache key of the request's page and what is kept under it."""
    key = page_key(request, name="test", today=TODAY)
    assert key is not None
    kept = cache.get(key)
    assert isinstance(kept, KeptPage)
    return key, kept


def _render_with_time() -> HttpResponse:
    """A page whose quick step may be trusted for five minutes."""
    response = HttpResponse("<p>page</p>")
    response.kept_quick_until = timezone.now() + dt.timedelta(minutes=5)  # type: ignore[attr-defined]
    return response


def test_the_same_session_gets_the_kept_page_while_nothing_changes(world: Any) -> None:
    user, page = world.users["commissioner"], Page()
    first = _request(user)
    assert b"render 1" in page.get(first).content
    again = _request(user, session=first.session)
    served = page.get(again)
    assert page.renders == 1
    assert served.status_code == 200 and b"render 1" in served.content


def test_a_change_renders_the_page_again(world: Any) -> None:
    user, page = world.users["commissioner"], Page()
    first = _request(user)
    page.get(first)
    page.changed = frozenset({("event", 42)})
    assert b"render 2" in page.get(_request(user, session=first.session)).content
    # and that page is kept in its turn
    assert b"render 2" in page.get(_request(user, session=first.session)).content
    assert page.renders == 2


def test_another_session_of_the_same_user_or_another_user_never_gets_it(world: Any) -> None:
    page = Page()
    page.get(_request(world.users["commissioner"]))
    page.get(_request(world.users["commissioner"]))
    page.get(_request(world.users["qa_officer"]))
    assert page.renders == 3


def test_a_change_of_memberships_renders_it_again(world: Any) -> None:
    user, page = world.users["commissioner"], Page()
    first = _request(user)
    page.get(first)
    Membership.objects.create(user=user, organisation=world.commissioner_b, role="auditor")
    afresh = User.objects.get(pk=user.pk)  # as a new request reads the user and memberships
    page.get(_request(afresh, session=first.session))
    assert page.renders == 2


def test_another_day_renders_it_again(world: Any) -> None:
    request = _request(world.users["commissioner"])
    assert page_key(request, name="x", today=TODAY) != page_key(
        request, name="x", today=TODAY + dt.timedelta(days=1)
    )


def test_posts_errors_messages_and_one_off_pages_are_not_kept(world: Any) -> None:
    user, page = world.users["commissioner"], Page()
    session_request = _request(user)
    page.get(_request(user, session=session_request.session, method="post"))
    page.get(_request(user, session=session_request.session, method="post"))
    assert page.renders == 2
    page.get(session_request, keep=False)
    page.get(_request(user, session=session_request.session), keep=False)
    assert page.renders == 4
    with_message = _request(user, session=session_request.session)
    with_message._messages.add(20, "Saved.")
    page.get(with_message)
    page.get(_request(user, session=session_request.session))
    assert page.renders == 6  # the page with the message was not kept
    page.status = 404
    other = _request(user)
    page.get(other)
    page.get(_request(user, session=other.session))
    assert page.renders == 8


def test_the_form_token_is_this_requests_own(world: Any) -> None:
    user, page = world.users["commissioner"], Page()
    first = _request(user)
    page.get(first)
    again = _request(user, session=first.session)
    body = page.get(again).content.decode()
    assert "OLDTOKEN" not in body
    token = body.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    assert _unmask_cipher_token(token) == again.META["CSRF_COOKIE"]


def test_the_kept_page_is_sealed_and_dropped_when_no_key_opens_it(
    world: Any, settings: Any
) -> None:
    user, page = world.users["commissioner"], Page()
    first = _request(user)
    page.get(first)
    key, kept = _kept(first)
    assert SECRET_NAME.encode() not in pickle.dumps(kept)
    cache.set(key, replace(kept, sealed=b"\x00" * 40), 300)
    assert b"render 2" in page.get(_request(user, session=first.session)).content
    # Sealed for its own key: copied under another session's key, it does not open there.
    other = _request(user)
    page.get(other)
    other_key, other_kept = _kept(other)
    cache.set(other_key, replace(other_kept, sealed=kept.sealed), 300)
    assert b"render 4" in page.get(_request(user, session=other.session)).content


def test_a_page_is_never_served_after_its_time_however_often_checked(world: Any) -> None:
    user, page = world.users["commissioner"], Page()
    first = _request(user)
    page.get(first)
    key, kept = _kept(first)
    cache.set(key, replace(kept, expires_at=timezone.now() - dt.timedelta(seconds=1)), 300)
    assert b"render 2" in page.get(_request(user, session=first.session)).content


def test_the_quick_step_serves_only_while_its_changes_match_and_its_time_holds(
    world: Any,
) -> None:
    user = world.users["commissioner"]
    first = _request(user)
    anywhere: set[Any] = set()

    def keeper(request: Any) -> PageKeeper:
        return PageKeeper(request, name="quick", today=TODAY, seconds=300)

    def quick(since: dt.datetime) -> frozenset[Any]:
        return frozenset(anywhere)

    def nothing(since: dt.datetime) -> frozenset[Any]:
        return frozenset()

    making = keeper(first)
    assert making.quick(quick) is None  # nothing kept yet
    making.page(changes=nothing, render=_render_with_time)
    assert keeper(_request(user, session=first.session)).quick(quick) is not None
    anywhere.add(("elsewhere", 1))
    second = keeper(_request(user, session=first.session))
    assert second.quick(quick) is None
    # The page's own check still holds: served, and the quick step stamped anew.
    served = second.page(changes=nothing, render=_render_with_time)
    assert served.content == b"<p>page</p>"
    assert keeper(_request(user, session=first.session)).quick(quick) is not None
    # Once its time has passed, the quick step is not trusted.
    late = keeper(_request(user, session=first.session))
    assert late.kept is not None
    late.kept = replace(late.kept, quick_until=timezone.now())
    assert late.quick(quick) is None


def test_the_quick_read_is_the_one_taken_before_the_view_brought_things_up_to_date(
    world: Any,
) -> None:
    """A change committed between the quick read and the render may be missing from the
    page: the page must then not be served by the quick step."""
    user = world.users["commissioner"]
    first = _request(user)
    anywhere: set[Any] = set()

    def quick(since: dt.datetime) -> frozenset[Any]:
        return frozenset(anywhere)

    making = PageKeeper(first, name="race", today=TODAY, seconds=300)
    making.quick(quick)
    anywhere.add(("committed meanwhile", 1))  # after the quick read, before the render
    making.page(changes=lambda since: frozenset(), render=_render_with_time)
    later = PageKeeper(_request(user, session=first.session), name="race", today=TODAY, seconds=300)
    assert later.quick(quick) is None
