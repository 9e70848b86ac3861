"""Writes to organisations and memberships."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify

from safecom.accounts import roles
from safecom.accounts.models import Membership, User
from safecom.audit.services import audit_record
from safecom.organisations.models import Organisation, Site


@transaction.atomic
def organisation_create(
    *,
    actor: Any,
    name: str,
    kind: str,
    slug: str = "",
    org_type: str = Organisation.OrgType.OTHER,
    partnerships: Iterable[Organisation] = (),
    head_provider: Organisation | None = None,
    contact_email: str = "",
) -> Organisation:
    slug = slug or slugify(name)[:80]
    errors: dict[str, list[str]] = {}
    if kind not in Organisation.Kind.values:
        errors["kind"] = [f"'{kind}' is not a kind of organisation."]
    if not name.strip():
        errors["name"] = ["Enter the organisation's name."]
    if Organisation.objects.filter(slug=slug).exists():
        errors["slug"] = [f"An organisation with the short name '{slug}' already exists."]
    partnerships = list(partnerships)
    if any(p.kind != roles.PARTNERSHIP for p in partnerships):
        errors["partnerships"] = ["Only safeguarding partnerships can be partnership areas."]
    if head_provider is not None and (
        kind != roles.PROVIDER or head_provider.kind != roles.PROVIDER
    ):
        errors["head_provider"] = ["Only a provider can be a sub-contractor of another provider."]
    if errors:
        raise ValidationError(errors)
    org = Organisation.objects.create(
        name=name.strip(),
        slug=slug,
        kind=kind,
        org_type=org_type,
        head_provider=head_provider,
        contact_email=contact_email,
    )
    org.partnerships.set(partnerships)
    audit_record(
        actor=actor,
        action="organisation.created",
        obj=org,
        organisation=org,
        summary=f"Created {org.get_kind_display().lower()} {org.name}",
    )
    return org


def site_create(
    *, organisation: Organisation, name: str, address: str = "", postcode: str = ""
) -> Site:
    if organisation.kind != roles.PROVIDER:
        raise ValidationError({"organisation": ["Only providers have sites."]})
    return Site.objects.create(
        organisation=organisation, name=name, address=address, postcode=postcode
    )


@transaction.atomic
def membership_create(
    *, actor: Any, user: User, organisation: Organisation, role: str
) -> Membership:
    if role not in roles.ROLES:
        raise ValidationError({"role": [f"'{role}' is not a role."]})
    if not roles.role_fits_organisation(role, organisation.kind):
        raise ValidationError(
            {
                "role": [
                    f"A {roles.ROLES[role].label.lower()} cannot belong to a "
                    f"{organisation.get_kind_display().lower()}."
                ]
            }
        )
    membership, created = Membership.objects.get_or_create(
        user=user, organisation=organisation, role=role
    )
    if created:
        audit_record(
            actor=actor,
            action="membership.created",
            obj=membership,
            organisation=organisation,
            summary=f"Gave {user} the role {roles.ROLES[role].label} at {organisation}",
        )
    return membership
