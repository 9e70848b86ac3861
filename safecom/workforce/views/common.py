from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest

from safecom.organisations.models import Organisation
from safecom.workforce import selectors
from safecom.workforce.models import StaffMember


def provider_or_404(request: HttpRequest, slug: str) -> Organisation:
    provider = selectors.provider_get(user=request.user, slug=slug)
    if provider is None:
        raise Http404
    return provider


def require(allowed: bool) -> None:
    """Inside the tenancy, a page the role may not use is simply not there."""
    if not allowed:
        raise Http404


def staff_or_404(provider: Organisation, pk: int) -> StaffMember:
    staff = selectors.staff_get(provider=provider, pk=pk)
    if staff is None:
        raise Http404
    return staff


def masked_dbs(staff: StaffMember) -> str:
    return f"•••• •••• {staff.dbs_number_last4}" if staff.dbs_number_last4 else ""


def policy_commissioner(request: HttpRequest, provider: Organisation) -> Any:
    """The commissioner whose policy a commissioning user sees figures under, if any."""
    orgs = selectors.commissioner_orgs_for(user=request.user, provider=provider)
    return orgs[0] if orgs else None
