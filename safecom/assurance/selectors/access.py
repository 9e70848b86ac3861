"""Tenancy for assurance records: everything hangs off a contract the user may see, except
briefings, which hang off a partnership."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from safecom.accounts import roles
from safecom.accounts.tenancy import contract_filter, scope_for
from safecom.contracts.models import Contract


def visible_contracts(user: Any) -> QuerySet[Contract]:
    return Contract.objects.filter(contract_filter(user)).distinct()


def visible_contract_ids(user: Any) -> Any:
    """A subquery of the contract ids this user may see (for `contract_id__in=`)."""
    return Contract.objects.filter(contract_filter(user)).values("pk")


def contract_for(*, user: Any, pk: int) -> Contract | None:
    return visible_contracts(user).select_related("commissioner", "provider").filter(pk=pk).first()


def briefing_filter(user: Any) -> Q:
    """Briefings this user may see: a partnership's own; for a commissioner, those of the
    partnerships it sits in; for a provider, those sent to it."""
    scope = scope_for(user)
    q = Q(pk__in=[])
    if ids := scope.ids(roles.PARTNERSHIP):
        q |= Q(partnership_id__in=ids)
    if ids := scope.ids(roles.COMMISSIONER):
        q |= Q(partnership__area_members__in=ids)
    if ids := scope.ids(roles.PROVIDER):
        q |= Q(recipients__provider_id__in=ids)
    return q
