"""Who receives a reminder: the members of an organisation who hold the given roles."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from safecom.accounts.models import Membership


def members_by_organisation(
    organisation_ids: Iterable[int], roles: Iterable[str]
) -> dict[int, tuple[int, ...]]:
    """organisation id -> ids of active users holding any of the roles there (one query)."""
    out: dict[int, list[int]] = defaultdict(list)
    rows = Membership.objects.filter(
        organisation_id__in=set(organisation_ids), role__in=list(roles), user__is_active=True
    ).values_list("organisation_id", "user_id")
    for org, user in rows:
        if user not in out[org]:
            out[org].append(user)
    return {org: tuple(users) for org, users in out.items()}
