"""Keep a signed-in session alive while it is used, writing it at most once a minute.

Sessions end `SESSION_COOKIE_AGE` after their last use (decision 77). Django's way to do that,
`SESSION_SAVE_EVERY_REQUEST`, writes the session on every answer: an UPDATE (and a cache write
with `cached_db`) on every page and API call. This writes it only when its expiry would move
by a minute or more, so a session still ends at most `SESSION_COOKIE_AGE` after its last use
(up to a minute sooner), never later.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

REFRESH_AFTER_S = 60
STAMP = "_refreshed_at"  # when the session's expiry was last moved (seconds since the epoch)


class SessionRefreshMiddleware:
    """Placed just after `SessionMiddleware`, whose save runs after this on the way out."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is None or session.is_empty() or not session.keys():
            return response  # nothing kept for this visitor: nothing to keep alive
        now = int(time.time())
        if session.modified or now - int(session.get(STAMP, 0)) >= REFRESH_AFTER_S:
            session[STAMP] = now  # marks it modified: SessionMiddleware saves it
        return response
