"""One page shape for every list operation of the API (decision 76).

    {"count": 538, "next": "https://…?limit=50&offset=50", "previous": null, "items": [...]}

Built on django-ninja's `LimitOffsetPagination`: `?limit=` (default the setting
`SAFECOM_API_PAGE_SIZE`, 50; at most 500) and `?offset=`. An operation returns
`Rows(source, ...)`: only the page's slice of the source is read and turned into dictionaries,
so a page costs the same however long the list is.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination, paginate

DEFAULT_LIMIT: int = settings.SAFECOM_API_PAGE_SIZE
MAX_LIMIT = 500


class Rows:
    """A list operation's source, turned into dictionaries a page at a time.

    `each` makes one item's dictionary; `page` makes a whole page's at once (for reads that
    are done set-based over the page, such as each staff member's gaps). With `values`, the
    page is read as `.values(*values)` (no model objects; `each` gets the dictionaries) while
    the count is of the source as it is, without the joins those values may need."""

    def __init__(
        self,
        source: QuerySet[Any] | Sequence[Any],
        *,
        each: Callable[[Any], dict[str, Any]] | None = None,
        page: Callable[[list[Any]], list[dict[str, Any]]] | None = None,
        values: Sequence[str] = (),
    ) -> None:
        if (each is None) == (page is None):
            raise TypeError("give Rows either each= or page=")
        self.source = source
        self.values = tuple(values)
        self.convert = page or (lambda items: [each(item) for item in items])  # type: ignore[misc]

    def slice(self, start: int, stop: int) -> list[dict[str, Any]]:
        if self.values and isinstance(self.source, QuerySet):
            return self.convert(list(self.source.values(*self.values)[start:stop]))
        return self.convert(list(self.source[start:stop]))

    def count(self) -> int:
        if isinstance(self.source, QuerySet):
            return self.source.count()
        return len(self.source)


class LimitOffsetPage(LimitOffsetPagination):
    class Input(Schema):
        limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="items per page")
        offset: int = Field(0, ge=0, description="items to skip")

    class Output(Schema):
        count: int = Field(description="items in the whole list")
        next: str | None = Field(description="the next page, or null on the last")
        previous: str | None = Field(description="the page before, or null on the first")
        items: list[Any]

    def paginate_queryset(
        self, queryset: Any, pagination: Any, request: HttpRequest, **params: Any
    ) -> dict[str, Any]:
        rows = queryset if isinstance(queryset, Rows) else Rows(queryset, each=_as_is)
        offset, limit = pagination.offset, pagination.limit
        items = rows.slice(offset, offset + limit)
        # A short page that is not past the end gives the total without counting.
        short = len(items) < limit and (items or offset == 0)
        count = offset + len(items) if short else rows.count()
        return {
            "count": count,
            "next": _link(request, offset + limit, limit) if offset + limit < count else None,
            "previous": _link(request, max(0, offset - limit), limit) if offset > 0 else None,
            "items": items,
        }


def _as_is(item: Any) -> Any:
    return item


def _link(request: HttpRequest, offset: int, limit: int) -> str:
    query = request.GET.copy()
    query["limit"] = str(limit)
    query["offset"] = str(offset)
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")


# Decorate a list operation (declared with `response=list[...]`) with this, under the route.
paginated = paginate(LimitOffsetPage)
