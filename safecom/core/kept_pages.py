"""Pages kept for a session and served again while nothing they show has changed.

The busiest pages (the portfolio dashboard, a provider's staff list) are worked out from many
rows, and rendering them costs more than all the reads behind them. People ask for the same
page again and again (back from a record, a screen left open, the next person's turn at the
same desk), so such a page is kept for the session that asked for it and served again while
its view says nothing it shows has changed (decision 79).

What "changed" means is the view's: it names the identities of the changes that concern the
page made after a time (an audit event's id; a kept dashboard row and when it was worked
out). When a page is rendered, the view's changes since COMMIT_MARGIN before the render are
read first and kept with it; the page is served again only while the same read, over the
same window, gives the same set. Any change that concerns the page and committed after that
first read adds to the set, including one dated before the render whose transaction
committed after it: changes are dated when they are written, and no write's transaction
lasts longer than COMMIT_MARGIN.

The key holds the session, the user and their memberships, the address with its query, and
the day, so a page is never served to anyone else, nor after access changed, nor on another
day. The page is kept compressed and sealed with the field keys (it shows personal data),
for at most `seconds`. The form token (CSRF) on it is replaced with this request's own on
every serve. Never kept: anything but a 200 HTML answer to a GET, a page that would show
messages ("saved", say), or one the view says is for this request only.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import zlib
from collections.abc import Callable, Hashable
from dataclasses import dataclass, replace

from django.contrib.messages import get_messages
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils import timezone

from safecom.accounts.tenancy import scope_for
from safecom.core.crypto import decrypt_bytes, encrypt_bytes

COMMIT_MARGIN = dt.timedelta(seconds=60)
VERSION = 1  # in the key: pages kept by an earlier release, of another shape, are not read
_TOKEN = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')

Changes = Callable[[dt.datetime], frozenset[Hashable]]


@dataclass(frozen=True)
class KeptPage:
    sealed: bytes  # the body, compressed then encrypted
    content_type: str
    token: bytes  # the form token rendered into the body, b"" if none
    since: dt.datetime  # start of the window of changes read
    seen: frozenset[Hashable]  # the view's changes read then
    expires_at: dt.datetime  # never served after this, however often stamped anew
    # A first, cheaper check a view may give (changes anywhere, say): while it reads the
    # same and `quick_until` has not passed, the page is served with no other read.
    seen_quick: frozenset[Hashable] | None = None
    quick_until: dt.datetime | None = None


def page_key(request: HttpRequest, *, name: str, today: dt.date) -> str | None:
    """The cache key of this request's page, or None when there is no session to keep it for."""
    session_key = getattr(getattr(request, "session", None), "session_key", None)
    user = getattr(request, "user", None)
    if not session_key or user is None or not user.is_authenticated:
        return None
    parts = (
        name,
        session_key,
        str(user.pk),
        repr(sorted(scope_for(user).memberships)),
        request.path,
        repr(sorted(request.GET.lists())),
        today.isoformat(),
    )
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()
    return f"kept-page:{VERSION}:{digest}"


def _has_messages(request: HttpRequest) -> bool:
    return bool(len(get_messages(request)))


def _serve(request: HttpRequest, kept: KeptPage, key: str) -> HttpResponse | None:
    opened = decrypt_bytes(kept.sealed, key.encode())
    if opened is None:
        return None
    body = zlib.decompress(opened)
    if kept.token:
        body = body.replace(kept.token, get_token(request).encode("ascii"))
    return HttpResponse(body, content_type=kept.content_type)


def _keepable(response: HttpResponse) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and response.get("Content-Type", "").startswith("text/html")
        and not response.has_header("Content-Disposition")
    )


class PageKeeper:
    """One request's kept page, checked in up to two steps (see `kept_page` for one):

        keeper = PageKeeper(request, name=..., today=..., seconds=...)
        if (served := keeper.quick(changes_anywhere)) is not None:
            return served
        ...bring what the page reads up to date...
        return keeper.page(changes=changes_of_this_page, render=...)

    The quick step's reads are all taken in `quick()`, before the view brings anything up to
    date: a change committed after they were read is unseen by them, whatever the view read
    after. A view whose page can only change after some time passes (rows growing old) sets
    `response.kept_quick_until` in its render: the quick step is not trusted after it."""

    def __init__(
        self,
        request: HttpRequest,
        *,
        name: str,
        today: dt.date,
        seconds: int,
        keep: bool = True,
    ) -> None:
        self.request = request
        self.seconds = seconds
        usable = keep and seconds > 0 and request.method == "GET"
        self.key = page_key(request, name=name, today=today) if usable else None
        if self.key is not None and _has_messages(request):
            self.key = None
        found = cache.get(self.key) if self.key is not None else None
        self.kept: KeptPage | None = None
        if isinstance(found, KeptPage) and timezone.now() < found.expires_at:
            self.kept = found
        # The quick step's reads, for the kept page's window and for a new page's.
        self.quick_kept: frozenset[Hashable] | None = None
        self.quick_since: dt.datetime | None = None
        self.quick_new: frozenset[Hashable] | None = None

    def quick(self, changes: Changes) -> HttpResponse | None:
        if self.key is None:
            return None
        kept = self.kept
        if (
            kept is not None
            and kept.seen_quick is not None
            and kept.quick_until is not None
            and timezone.now() < kept.quick_until
        ):
            self.quick_kept = changes(kept.since)
            if self.quick_kept == kept.seen_quick:
                served = _serve(self.request, kept, self.key)
                if served is not None:
                    return served
        self.quick_since = timezone.now() - COMMIT_MARGIN
        self.quick_new = changes(self.quick_since)
        return None

    def page(
        self,
        *,
        changes: Changes,
        render: Callable[[], HttpResponse],
        keep: bool = True,
    ) -> HttpResponse:
        if self.key is None or not keep:
            return render()
        kept = self.kept
        if kept is not None and changes(kept.since) == kept.seen:
            served = _serve(self.request, kept, self.key)
            if served is not None:
                if self.quick_kept is not None and self.quick_kept != kept.seen_quick:
                    self._store(replace(kept, seen_quick=self.quick_kept))
                return served
        # A window starting no later than the quick step's, so both are read over it.
        since = self.quick_since or timezone.now() - COMMIT_MARGIN
        seen = changes(since)  # read before rendering: anything committed later is unseen
        response = render()
        if _keepable(response):
            found = _TOKEN.search(response.content)
            self._store(
                KeptPage(
                    sealed=encrypt_bytes(zlib.compress(response.content, 1), self.key.encode()),
                    content_type=response["Content-Type"],
                    token=found.group(1) if found else b"",
                    since=since,
                    seen=seen,
                    expires_at=timezone.now() + dt.timedelta(seconds=self.seconds),
                    seen_quick=self.quick_new,
                    quick_until=getattr(response, "kept_quick_until", None),
                )
            )
        return response

    def _store(self, page: KeptPage) -> None:
        assert self.key is not None
        left = (page.expires_at - timezone.now()).total_seconds()
        if left > 0:  # a page keeps its first expiry however often it is stamped anew
            cache.set(self.key, page, left)


def kept_page(
    request: HttpRequest,
    *,
    name: str,
    today: dt.date,
    changes: Changes,
    render: Callable[[], HttpResponse],
    seconds: int,
    keep: bool = True,
) -> HttpResponse:
    """This request's page: the kept one if nothing it shows changed since, else `render()`,
    kept for next time. `changes(since)` gives the identities of the changes that concern
    the page made after `since`; `keep=False` renders without keeping or serving a kept one."""
    keeper = PageKeeper(request, name=name, today=today, seconds=seconds, keep=keep)
    return keeper.page(changes=changes, render=render)
