from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from safecom.contracts.selectors import contract_list
from safecom.organisations.models import Organisation
from safecom.organisations.selectors import organisation_get, organisation_list

CONTRACTS_SHOWN = 200


@login_required
def organisation_index(request: HttpRequest) -> HttpResponse:
    kind = request.GET.get("kind") or None
    if kind not in (None, *Organisation.Kind.values):
        kind = None
    page = Paginator(organisation_list(user=request.user, kind=kind), 50).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "organisations/list.html",
        {
            "page": page,
            "kind": kind or "",
            "kinds": Organisation.Kind.choices,
            "querystring": urlencode({"kind": kind or ""}) + "&",
        },
    )


@login_required
def organisation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    org = organisation_get(user=request.user, slug=slug)
    if org is None:
        raise Http404
    visible = organisation_list(user=request.user)
    if org.kind == Organisation.Kind.PROVIDER:
        contracts = contract_list(user=request.user, provider_slug=org.slug)
    elif org.kind == Organisation.Kind.COMMISSIONER:
        contracts = contract_list(user=request.user, commissioner_slug=org.slug)
    else:
        contracts = contract_list(user=request.user).filter(commissioner__partnerships=org)
    return render(
        request,
        "organisations/detail.html",
        {
            "org": org,
            "contracts": contracts[:CONTRACTS_SHOWN],
            "contract_count": contracts.count(),
            "contracts_shown": CONTRACTS_SHOWN,
            "partnerships": visible.filter(pk__in=org.partnerships.values("pk")),
            "head_provider": visible.filter(pk=org.head_provider_id or 0).first(),
            "subcontractors": visible.filter(head_provider=org),
            "sites": org.sites.all(),
        },
    )
