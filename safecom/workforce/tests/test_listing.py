"""The staff list reads a page at a time: the gaps are those of the whole record, no encrypted
value is decrypted, and the number of queries does not grow with the page."""

from __future__ import annotations

from typing import Any
from unittest import mock

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from safecom.core import crypto
from safecom.workforce import selectors
from safecom.workforce.models import StaffMember
from safecom.workforce.tests.factories import StaffMemberFactory

pytestmark = pytest.mark.django_db


def _spoilt(provider: Any) -> None:
    StaffMemberFactory(provider=provider)
    StaffMemberFactory(provider=provider, dbs_number="", dbs_number_last4="")
    StaffMemberFactory(provider=provider, date_of_birth=None)
    StaffMemberFactory(provider=provider, address="  ", date_of_birth=None, dbs_number="")
    StaffMemberFactory(provider=provider, regulated_children=False, dbs_number="")


def test_listing_gaps_are_the_whole_records_gaps_without_decrypting(world: Any) -> None:
    provider = world.provider_a
    _spoilt(provider)
    whole = {
        s.pk: s for s in StaffMember.objects.filter(provider=provider)
    }  # read whole, decrypted
    with mock.patch.object(crypto, "decrypt_text", side_effect=AssertionError("decrypted")):
        people = list(selectors.staff_listing(provider=provider))
        listed = selectors.staff_page_gaps(provider=provider, staff=people)
    expected = selectors.staff_page_gaps(provider=provider, staff=list(whole.values()))
    assert {pk: [g.code for g in gaps] for pk, gaps in listed.items()} == {
        pk: [g.code for g in gaps] for pk, gaps in expected.items()
    }
    codes = {code for gaps in listed.values() for code in (g.code for g in gaps)}
    assert {"dbs_missing", "record_incomplete"} <= codes


def test_the_list_page_queries_do_not_grow_with_its_rows(world: Any, client: Any) -> None:
    provider = world.provider_a
    client.force_login(world.users["provider_lead"])
    _spoilt(provider)
    path = f"/workforce/{provider.slug}/staff/"
    client.get(path)
    # Factories write no audit event, so the page kept for the session would answer: each
    # measured request renders the page afresh.
    cache.clear()
    with CaptureQueriesContext(connection) as few:
        assert client.get(path).status_code == 200
    for _ in range(3):
        _spoilt(provider)
    cache.clear()
    with (
        CaptureQueriesContext(connection) as more,
        mock.patch.object(crypto, "decrypt_text", side_effect=AssertionError("decrypted")),
    ):
        response = client.get(path)
    assert response.status_code == 200 and "20 people" in response.content.decode()
    assert len(more) == len(few)
