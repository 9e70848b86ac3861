"""Who may see what. Every page and API operation asks these functions, nothing else.

Tenancy follows the kind of organisation a user is a member of:
- a provider's users see their own provider and its contracts;
- a commissioner's users see their own organisation's contracts and those contracts' providers;
- a partnership's users see the commissioners in their area, their contracts and providers.
Anything outside answers "not found", never "forbidden", so nothing leaks that it exists.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q

from safecom.accounts import roles
from safecom.accounts.models import Membership
from safecom.organisations.models import Organisation


@dataclass(frozen=True)
class Scope:
    memberships: tuple[tuple[int, str, str], ...]  # (organisation id, organisation kind, role)

    def ids(self, kind: str) -> set[int]:
        return {org for org, org_kind, _ in self.memberships if org_kind == kind}

    @property
    def organisation_ids(self) -> set[int]:
        return {org for org, _, _ in self.memberships}

    @property
    def is_empty(self) -> bool:
        return not self.memberships


_EMPTY = Scope(())


def scope_for(user: Any) -> Scope:
    """The user's memberships, read once per request and kept on the user object."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return _EMPTY
    cached = getattr(user, "_safecom_scope", None)
    if cached is None:
        rows = Membership.objects.filter(user=user).values_list(
            "organisation_id", "organisation__kind", "role"
        )
        cached = Scope(tuple(rows))
        user._safecom_scope = cached
    return cached


def contract_filter(user: Any) -> Q:
    """A filter on contracts (and anything reached through `contract__`) for this user."""
    scope = scope_for(user)
    q = Q(pk__in=[])
    if ids := scope.ids(roles.PROVIDER):
        q |= Q(provider_id__in=ids)
    if ids := scope.ids(roles.COMMISSIONER):
        q |= Q(commissioner_id__in=ids)
    if ids := scope.ids(roles.PARTNERSHIP):
        q |= Q(commissioner_id__in=partnership_members(ids))
    return q


def partnership_members(partnership_ids: Any) -> Any:
    """The commissioners (and others) in these partnerships' areas, as a subquery: filtering
    contracts by it needs no join through the areas, so no duplicate rows and no DISTINCT."""
    return Organisation.partnerships.through.objects.filter(
        to_organisation_id__in=partnership_ids
    ).values("from_organisation_id")


def organisation_filter(user: Any) -> Q:
    """A filter on organisations this user may open."""
    scope = scope_for(user)
    q = Q(pk__in=scope.organisation_ids) if not scope.is_empty else Q(pk__in=[])
    if ids := scope.ids(roles.COMMISSIONER):
        q |= Q(provider_contracts__commissioner_id__in=ids)
    if ids := scope.ids(roles.PARTNERSHIP):
        # Commissioners by area; providers only through a contract let in the area.
        q |= Q(kind=roles.COMMISSIONER, partnerships__in=ids)
        q |= Q(provider_contracts__commissioner__partnerships__in=ids)
    return q


def user_can(user: Any, permission: str, organisation_id: int | None) -> bool:
    """True when the user holds, at that organisation, a role that allows the permission."""
    if organisation_id is None:
        return False
    return any(
        org == organisation_id and roles.role_allows(role, permission)
        for org, _, role in scope_for(user).memberships
    )


def user_can_anywhere(user: Any, permission: str) -> bool:
    return any(roles.role_allows(role, permission) for _, _, role in scope_for(user).memberships)


def organisations_where(user: Any, permission: str) -> set[int]:
    return {
        org for org, _, role in scope_for(user).memberships if roles.role_allows(role, permission)
    }
