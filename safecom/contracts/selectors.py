"""Reads of contracts, always through the user's tenancy."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from safecom.accounts.tenancy import contract_filter
from safecom.contracts.models import Contract


def contract_list(
    *,
    user: Any,
    stage: str | None = None,
    commissioner_slug: str | None = None,
    provider_slug: str | None = None,
    search: str | None = None,
) -> QuerySet[Contract]:
    # contract_filter joins nothing, so no row comes twice: no DISTINCT (which sorted every
    # visible contract by all its columns and both organisations' before a page was cut).
    qs = (
        Contract.objects.filter(contract_filter(user))
        .select_related("commissioner", "provider")
        .order_by("title", "pk")
    )
    if stage:
        qs = qs.filter(stage=stage)
    if commissioner_slug:
        qs = qs.filter(commissioner__slug=commissioner_slug)
    if provider_slug:
        qs = qs.filter(provider__slug=provider_slug)
    if search:
        qs = qs.filter(Q(title__icontains=search) | Q(reference__icontains=search))
    return qs


def contract_get(*, user: Any, pk: int) -> Contract | None:
    """The contract if this user may see it; None (answered as 404) otherwise."""
    return contract_list(user=user).filter(pk=pk).first()


def contract_all(*, commissioner_slug: str | None = None) -> QuerySet[Contract]:
    """Every contract, for the operator's command line (no user: the shell is trusted)."""
    qs = Contract.objects.select_related("commissioner", "provider").order_by("pk")
    if commissioner_slug:
        qs = qs.filter(commissioner__slug=commissioner_slug)
    return qs


def contract_as_dict(contract: Contract) -> dict[str, Any]:
    return {
        "id": contract.pk,
        "reference": contract.reference,
        "title": contract.title,
        "provider": contract.provider.slug,
        "commissioner": contract.commissioner.slug,
        "stage": contract.stage,
        "client_group": contract.client_group,
        "regulated_activity": contract.regulated_activity,
        "value": str(contract.value) if contract.value is not None else None,
        "start_date": contract.start_date.isoformat() if contract.start_date else None,
        "end_date": contract.end_date.isoformat() if contract.end_date else None,
    }
