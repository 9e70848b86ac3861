"""Refuse requests whose address carries a null byte, before any view or query sees it.

PostgreSQL cannot store or compare text with NUL, so such a value would otherwise surface as
a server error deep in a query; no legitimate address contains one.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import unquote

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest


class RejectNullBytesMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        raw = request.path + "?" + unquote(request.META.get("QUERY_STRING", ""))
        if "\x00" in raw:
            return HttpResponseBadRequest(
                "The web address contains a null character, which is not allowed. "
                "Check the link and try again.",
                content_type="text/plain; charset=utf-8",
            )
        return self.get_response(request)
