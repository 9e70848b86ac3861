from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router
from ninja.errors import HttpError

from safecom.core.pagination import Rows, paginated
from safecom.organisations.selectors import (
    organisation_as_dict,
    organisation_get,
    organisation_list,
)

router = Router(tags=["organisations"])


@router.get("/organisations", response=list[dict[str, Any]], summary="Organisations you may see")
@paginated
def organisations_list(request: HttpRequest, kind: str | None = None) -> Rows:
    return Rows(organisation_list(user=request.user, kind=kind), each=organisation_as_dict)


@router.get("/organisations/{slug}", summary="One organisation")
def organisations_show(request: HttpRequest, slug: str) -> dict[str, Any]:
    org = organisation_get(user=request.user, slug=slug)
    if org is None:
        raise HttpError(404, "Not found")
    data = organisation_as_dict(org)
    visible = organisation_list(user=request.user)
    data["partnerships"] = [p.slug for p in visible.filter(pk__in=org.partnerships.values("pk"))]
    head = visible.filter(pk=org.head_provider_id or 0).first()
    data["head_provider"] = head.slug if head else None
    data["sites"] = [{"name": s.name, "postcode": s.postcode} for s in org.sites.all()]
    return data
