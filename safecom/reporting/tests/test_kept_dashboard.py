"""The dashboard page kept for a session (decision 79): served again while nothing in the
portfolio changed, with one cheap read when nothing changed anywhere; rendered afresh as soon
as a change reaches it."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any
from urllib.parse import urlencode

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from safecom.accounts.models import User
from safecom.audit.models import AuditEvent
from safecom.contracts.models import Contract
from safecom.core.demo import DEMO_PASSWORD, demo_data_build
from safecom.organisations.models import Organisation
from safecom.reporting.models import ContractStatus
from safecom.reporting.selectors import changes_anywhere, portfolio_changes
from safecom.reporting.tests.support import log_allegation

pytestmark = pytest.mark.django_db

COUNCIL = "riverside-council"
PAGE = f"/dashboard/?org={COUNCIL}"
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


@pytest.fixture
def client(settings: Any) -> Client:
    settings.SAFECOM_DASHBOARD_CACHE_SECONDS = 300
    settings.SAFECOM_KEPT_PAGE_SECONDS = 300
    demo_data_build(scale="small")
    AuditEvent.objects.update(at=timezone.now() - dt.timedelta(hours=1))
    client = Client()
    client.post("/sign-in/", {"username": "commissioner", "password": DEMO_PASSWORD})
    return client


def _get(client: Client, path: str = PAGE) -> tuple[bool, str]:
    """(whether the page was rendered for this request, its text without the form token)."""
    response = client.get(path)
    assert response.status_code == 200
    return bool(response.templates), TOKEN.sub("", response.content.decode())


def _settle(client: Client) -> None:
    """Open the page until it is kept: the first view works the rows out (said on the page,
    so not kept), the next renders and keeps it."""
    for _ in range(3):
        rendered, _ = _get(client)
    assert not rendered


def test_the_kept_page_is_the_page_as_rendered(client: Client) -> None:
    _settle(client)
    rendered, kept = _get(client)
    assert not rendered
    client.get(PAGE + "&fresh=1")  # works every row out again: for this request only
    for _ in range(2):
        rendered, fresh = _get(client)
    assert not rendered
    assert fresh == kept


def test_when_nothing_changed_anywhere_one_read_answers(client: Client) -> None:
    _settle(client)
    with CaptureQueriesContext(connection) as queries:
        _get(client)
    page_reads = [q["sql"] for q in queries if "audit_auditevent" in q["sql"]]
    # session, user, memberships, the organisation, then the one check
    assert len(queries) <= 5 and len(page_reads) == 1


def test_a_change_in_the_portfolio_shows_at_once(client: Client) -> None:
    _settle(client)
    contract = Contract.objects.filter(commissioner__slug=COUNCIL).exclude(stage="ended")[0]
    path = PAGE + "&" + urlencode({"q": contract.title})
    _get(client, path)
    rendered, before = _get(client, path)
    assert not rendered and contract.title in before
    log_allegation(contract)
    rendered, after = _get(client, path)
    assert rendered and contract.title in after and after != before


def test_a_change_elsewhere_leaves_the_page_kept_after_one_check(client: Client) -> None:
    _settle(client)
    ours = set(
        Contract.objects.filter(commissioner__slug=COUNCIL).values_list("provider_id", flat=True)
    )
    elsewhere = (
        Contract.objects.exclude(commissioner__slug=COUNCIL).exclude(provider_id__in=ours).first()
    )
    assert elsewhere is not None, "the demo has a contract of another commissioner's provider"
    log_allegation(elsewhere)
    rendered, _ = _get(client)  # checked against this portfolio: nothing of it changed
    assert not rendered
    with CaptureQueriesContext(connection) as queries:
        rendered, _ = _get(client)  # and the quick check holds again
    assert not rendered and len(queries) <= 5


def test_a_contract_leaving_a_filtered_view_shows_at_once(client: Client) -> None:
    contract = Contract.objects.filter(commissioner__slug=COUNCIL).exclude(stage="ended")[0]
    path = PAGE + f"&stage={contract.stage}"
    _get(client, path)
    _get(client, path)
    _, before = _get(client, path)
    assert contract.title in before
    Contract.objects.filter(pk=contract.pk).update(title="A renamed service")  # no audit event
    Contract.objects.get(pk=contract.pk).save()  # updated_at moves, as every change does
    rendered, after = _get(client, path)
    assert rendered and "A renamed service" in after


def test_the_page_is_never_served_to_another_person(client: Client) -> None:
    _settle(client)
    other = Client()
    other.post("/sign-in/", {"username": "qa.officer", "password": DEMO_PASSWORD})
    response = other.get(PAGE)  # the same council's page, kept for the commissioner
    assert response.status_code == 200 and response.templates


def test_a_refresh_committed_late_with_an_earlier_start_is_still_seen(client: Client) -> None:
    """Rows are dated by when their refresh started: one that started before another but
    committed after it must still change what the checks read."""
    _settle(client)
    user = User.objects.get(username="commissioner")
    organisation = Organisation.objects.get(slug=COUNCIL)
    since = timezone.now() - dt.timedelta(minutes=10)
    mine, anywhere = (
        portfolio_changes(user=user, organisation=organisation, since=since),
        changes_anywhere(since=since),
    )
    row = ContractStatus.objects.filter(contract__commissioner=organisation).first()
    assert row is not None
    ContractStatus.objects.filter(pk=row.pk).update(worked_out_at=since + dt.timedelta(seconds=1))
    assert portfolio_changes(user=user, organisation=organisation, since=since) != mine
    assert changes_anywhere(since=since) != anywhere
