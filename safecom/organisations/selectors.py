"""Reads of organisations, through the user's tenancy."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from safecom.accounts.tenancy import organisation_filter
from safecom.organisations.models import Organisation


def organisation_list(*, user: Any, kind: str | None = None) -> QuerySet[Organisation]:
    ids = Organisation.objects.filter(organisation_filter(user)).values("pk")
    qs = Organisation.objects.filter(pk__in=ids).order_by("name", "pk")
    return qs.filter(kind=kind) if kind else qs


def organisation_get(*, user: Any, slug: str) -> Organisation | None:
    return organisation_list(user=user).filter(slug=slug).first()


def providers_available_to(*, commissioner: Organisation) -> QuerySet[Organisation]:
    """Providers a commissioner may let a contract to: those in its partnership areas and
    those it already contracts with."""
    areas = commissioner.partnerships.values("pk")
    ids = Organisation.objects.filter(
        Q(partnerships__in=areas) | Q(provider_contracts__commissioner=commissioner),
        kind=Organisation.Kind.PROVIDER,
    ).values("pk")
    return Organisation.objects.filter(pk__in=ids).order_by("name")


def organisation_all(*, kind: str | None = None) -> QuerySet[Organisation]:
    """Every organisation, for the operator's command line."""
    qs = Organisation.objects.order_by("kind", "name")
    return qs.filter(kind=kind) if kind else qs


def organisation_as_dict(org: Organisation) -> dict[str, Any]:
    return {"slug": org.slug, "name": org.name, "kind": org.kind}
