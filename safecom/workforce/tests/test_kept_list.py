"""A provider's staff list kept for a session (decision 79): served again while no audited
change reaches the provider's records or policy, rendered afresh as soon as one does."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from safecom.organisations.tests.factories import ProviderFactory
from safecom.workforce.services.staff import (
    dbs_recheck_policy_set,
    staff_mark_left,
    training_add,
)
from safecom.workforce.tests.factories import StaffMemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def lead(world: Any, client: Client, settings: Any) -> Client:
    settings.SAFECOM_KEPT_PAGE_SECONDS = 300
    for _ in range(3):
        StaffMemberFactory(provider=world.provider_a)
    client.force_login(world.users["provider_lead"])
    return client


def _path(world: Any) -> str:
    return f"/workforce/{world.provider_a.slug}/staff/"


def _rendered(client: Client, path: str) -> bool:
    response = client.get(path)
    assert response.status_code == 200
    return bool(response.templates)


def test_the_second_view_is_the_kept_page(world: Any, lead: Client) -> None:
    assert _rendered(lead, _path(world))
    first = lead.get(_path(world))
    assert not first.templates
    assert _rendered(lead, _path(world) + "?q=Person")  # another address is its own page


def test_a_person_leaving_shows_at_once(world: Any, lead: Client) -> None:
    lead.get(_path(world))
    person = world.provider_a.staff.order_by("last_name").first()
    assert person.last_name in lead.get(_path(world)).content.decode()
    staff_mark_left(
        actor=world.users["provider_lead"], staff=person, leaving_date=timezone.localdate()
    )
    response = lead.get(_path(world))
    assert response.templates and person.last_name not in response.content.decode()


def test_training_recorded_shows_at_once(world: Any, lead: Client) -> None:
    lead.get(_path(world))
    person = world.provider_a.staff.first()
    training_add(
        actor=world.users["provider_lead"],
        staff=person,
        kind="safeguarding_children",
        completed_on=timezone.localdate(),
    )
    assert _rendered(lead, _path(world))


def test_a_commissioners_recheck_interval_shows_at_once(world: Any, lead: Client) -> None:
    lead.get(_path(world))
    dbs_recheck_policy_set(
        actor=world.users["commissioner"], commissioner=world.commissioner_a, recheck_years=1
    )
    assert _rendered(lead, _path(world))


def test_a_change_at_another_provider_or_commissioner_leaves_it_kept(
    world: Any, lead: Client
) -> None:
    lead.get(_path(world))
    elsewhere = StaffMemberFactory(provider=ProviderFactory())
    staff_mark_left(
        actor=world.users["provider_lead"], staff=elsewhere, leaving_date=timezone.localdate()
    )
    dbs_recheck_policy_set(actor=world.outsider, commissioner=world.commissioner_b, recheck_years=1)
    assert not _rendered(lead, _path(world))


def test_another_provider_cannot_reach_the_kept_page(world: Any, lead: Client) -> None:
    lead.get(_path(world))
    lead.get(_path(world))
    outsider = Client()
    outsider.force_login(world.outsider)
    assert outsider.get(_path(world)).status_code == 404
