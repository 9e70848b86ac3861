"""Reads of contracts, always through the user's tenancy."""

from __future__ import annotations

from functools import reduce
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


# What the API shows of a contract, as paths a values() query reads in one go.
ITEM_FIELDS = (
    "pk",
    "reference",
    "title",
    "provider__slug",
    "commissioner__slug",
    "stage",
    "client_group",
    "regulated_activity",
    "value",
    "start_date",
    "end_date",
)


def contract_item(row: dict[str, Any]) -> dict[str, Any]:
    """A contract as the API shows it, from its ITEM_FIELDS values: a list reads its page
    with `.values(*ITEM_FIELDS)` and makes no model objects."""
    value, start, end = row["value"], row["start_date"], row["end_date"]
    return {
        "id": row["pk"],
        "reference": row["reference"],
        "title": row["title"],
        "provider": row["provider__slug"],
        "commissioner": row["commissioner__slug"],
        "stage": row["stage"],
        "client_group": row["client_group"],
        "regulated_activity": row["regulated_activity"],
        "value": str(value) if value is not None else None,
        "start_date": start.isoformat() if start else None,
        "end_date": end.isoformat() if end else None,
    }


def contract_as_dict(contract: Contract) -> dict[str, Any]:
    return contract_item(
        {path: reduce(getattr, path.split("__"), contract) for path in ITEM_FIELDS}
    )
