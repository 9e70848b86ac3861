from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from safecom.accounts import roles
from safecom.accounts.tenancy import user_can_anywhere
from safecom.audit.selectors import audit_events_visible_to
from safecom.core.exports import csv_bytes, download

EXPORT_LIMIT = 50_000


def _filters(request: HttpRequest) -> tuple[str, str]:
    return (request.GET.get("action") or "")[:80], (request.GET.get("q") or "").strip()[:100]


@login_required
def audit_index(request: HttpRequest) -> HttpResponse:
    if not user_can_anywhere(request.user, roles.AUDIT_VIEW):
        raise Http404
    action, search = _filters(request)
    events = audit_events_visible_to(user=request.user, action=action, search=search)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    actions = (
        audit_events_visible_to(user=request.user)
        .order_by()
        .values_list("action", flat=True)
        .distinct()
    )
    return render(
        request,
        "audit/list.html",
        {
            "page": page,
            "action": action,
            "q": search,
            "actions": sorted(actions),
            "querystring": urlencode({"action": action, "q": search}) + "&",
        },
    )


@login_required
def audit_export(request: HttpRequest) -> HttpResponse:
    if not user_can_anywhere(request.user, roles.AUDIT_VIEW):
        raise Http404
    action, search = _filters(request)
    events = audit_events_visible_to(user=request.user, action=action, search=search)[:EXPORT_LIMIT]
    rows = (
        (
            timezone.localtime(e.at).strftime("%d/%m/%Y %H:%M:%S"),
            e.actor_label,
            e.organisation.name if e.organisation else "",
            e.action,
            e.summary,
            e.reason,
        )
        for e in events.iterator()
    )
    data = csv_bytes(["when", "who", "organisation", "action", "what", "reason"], rows)
    return download(data, f"audit-trail-{timezone.localdate():%Y-%m-%d}.csv")
