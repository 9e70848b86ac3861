"""The dashboard's kept rows (ContractStatus): worked out once, read many times, and worked
out again exactly when something they show may have changed."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db.models import Count
from django.test import Client, override_settings
from django.utils import timezone

from safecom.accounts.models import User
from safecom.audit.models import AuditEvent
from safecom.contracts.models import Contract
from safecom.core.demo import DEMO_PASSWORD, demo_data_build
from safecom.organisations.models import Organisation
from safecom.reporting.areas import totals
from safecom.reporting.freshness import COMMIT_MARGIN, outdated
from safecom.reporting.integrations import portfolio_rows
from safecom.reporting.models import ContractStatus, Snapshot
from safecom.reporting.selectors import contracts_visible, status_row
from safecom.reporting.services import quarterly_report_create, snapshot_take
from safecom.reporting.tests.support import log_allegation
from safecom.workforce.models import StaffMember
from safecom.workforce.services.staff import staff_mark_left

pytestmark = pytest.mark.django_db

COUNCIL = "riverside-council"


@pytest.fixture
def client(settings: Any) -> Client:
    settings.SAFECOM_DASHBOARD_CACHE_SECONDS = 300
    demo_data_build(scale="small")
    # As if the demo had been built an hour ago: its own changes are long since seen.
    AuditEvent.objects.update(at=timezone.now() - dt.timedelta(hours=1))
    client = Client()
    assert (
        client.post(
            "/sign-in/", {"username": "commissioner", "password": DEMO_PASSWORD}
        ).status_code
        == 302
    )
    return client


def _open(client: Client, query: str = "") -> int:
    """Open the dashboard; how many rows were worked out again for it."""
    response = client.get(f"/dashboard/?org={COUNCIL}{query}")
    assert response.status_code == 200
    return int(response.context["view"].worked_out_now)


def _own() -> list[Contract]:
    return list(Contract.objects.filter(commissioner__slug=COUNCIL).exclude(stage="ended"))


def test_rows_are_worked_out_once_then_read(client: Client) -> None:
    own = _own()
    assert _open(client) == len(own)
    assert _open(client) == 0
    assert _open(client, "&fresh=1") == len(own)
    assert ContractStatus.objects.filter(contract__in=own).count() == len(own)


def test_kept_rows_say_what_working_them_out_now_says(client: Client) -> None:
    _open(client)
    commissioner = User.objects.get(username="commissioner")
    organisation = Organisation.objects.get(slug=COUNCIL)
    today = timezone.localdate()
    now = {
        r.contract_id: r
        for r in portfolio_rows(
            list(contracts_visible(user=commissioner, organisation=organisation)), today=today
        )
    }
    kept = ContractStatus.objects.filter(contract_id__in=now).select_related(
        "contract__provider", "contract__commissioner"
    )
    assert len(kept) == len(now)
    for status in kept:
        assert status_row(status) == now[status.contract_id]
    page = client.get(f"/dashboard/?org={COUNCIL}").context
    assert page["view"].totals == totals(list(now.values()))
    assert page["row_count"] == len(now)
    first = [r.contract_id for r in page["rows"]]
    order = {"red": 0, "amber": 1, "grey": 2, "green": 3}
    expected = sorted(now.values(), key=lambda r: (order[r.worst], -r.reds, r.title))
    assert first == [r.contract_id for r in expected][: len(first)]


def test_a_changed_contract_is_worked_out_again_alone(client: Client) -> None:
    _open(client)
    contract = _own()[0]
    contract.title = "Renamed service"
    contract.save()
    response = client.get(f"/dashboard/?org={COUNCIL}&q=Renamed")
    assert response.context["view"].worked_out_now == 1
    assert "Renamed service" in response.content.decode()
    assert _open(client) == 0


def test_a_record_of_a_contract_dates_that_contract_only(client: Client) -> None:
    _open(client)
    contract = _own()[0]
    log_allegation(contract)
    assert _open(client) == 1
    status = ContractStatus.objects.get(contract=contract)
    assert status.cells["allegations"][0] in {"red", "amber", "green"}


def test_a_change_to_a_providers_staff_dates_that_providers_contracts(client: Client) -> None:
    _open(client)
    staff = StaffMember.objects.filter(
        provider__provider_contracts__commissioner__slug=COUNCIL, leaving_date=None
    ).first()
    assert staff is not None
    staff_mark_left(
        actor=User.objects.get(username="commissioner"),
        staff=staff,
        leaving_date=timezone.localdate(),
    )
    theirs = [c for c in _own() if c.provider_id == staff.provider_id]
    assert _open(client) == len(theirs)


def test_reading_and_reporting_date_nothing(client: Client) -> None:
    _open(client)
    quarterly_report_create(
        organisation=Organisation.objects.get(slug=COUNCIL),
        quarter="2026-Q3",
        actor=User.objects.get(username="commissioner"),
    )
    assert _open(client) == 0


def test_a_new_day_or_the_keeping_time_dates_every_row(client: Client) -> None:
    _open(client)
    commissioner = User.objects.get(username="commissioner")
    contracts = contracts_visible(
        user=commissioner, organisation=Organisation.objects.get(slug=COUNCIL)
    )
    today, now = timezone.localdate(), timezone.now()
    assert outdated(contracts, today=today, now=now) == []
    tomorrow = today + dt.timedelta(days=1)
    assert len(outdated(contracts, today=tomorrow, now=now)) == len(_own())
    later = now + dt.timedelta(seconds=301)
    assert len(outdated(contracts, today=today, now=later)) == len(_own())
    with override_settings(SAFECOM_DASHBOARD_CACHE_SECONDS=0):
        assert len(outdated(contracts, today=today, now=now)) == len(_own())


def test_a_change_committed_while_rows_were_worked_out_is_not_missed(client: Client) -> None:
    _open(client)
    contract = _own()[0]
    log_allegation(contract)
    # A row worked out just after the event was written may have read before its commit.
    ContractStatus.objects.filter(contract=contract).update(
        worked_out_at=timezone.now() + COMMIT_MARGIN / 2
    )
    commissioner = User.objects.get(username="commissioner")
    contracts = contracts_visible(
        user=commissioner, organisation=Organisation.objects.get(slug=COUNCIL)
    )
    assert outdated(contracts, today=timezone.localdate(), now=timezone.now()) == [contract.pk]


def test_snapshots_count_the_rows_the_page_shows(client: Client) -> None:
    snapshot_take()
    snapshot = Snapshot.objects.get(organisation__slug=COUNCIL, day=timezone.localdate())
    page = client.get(f"/dashboard/?org={COUNCIL}").context
    assert page["view"].worked_out_now == 0
    assert snapshot.areas == page["view"].totals
    assert snapshot.contracts == page["row_count"]


def test_exports_list_the_pages_rows_in_its_order(client: Client) -> None:
    page = client.get(f"/dashboard/?org={COUNCIL}").context
    lines = client.get(f"/dashboard/export.csv?org={COUNCIL}").content.decode().splitlines()
    assert len(lines) == 1 + page["row_count"]
    first = [r.reference for r in page["rows"]]
    assert [line.split(",")[0] for line in lines[1 : 1 + len(first)]] == first


def test_the_background_refresh_brings_every_open_contract_up_to_date(client: Client) -> None:
    from django.conf import settings as live

    from safecom.reporting.tasks import dashboard_rows_task

    assert "dashboard-rows" in live.CELERY_BEAT_SCHEDULE
    open_contracts = Contract.objects.exclude(stage="ended").count()
    assert dashboard_rows_task() == open_contracts
    assert dashboard_rows_task() == 0
    assert _open(client) == 0


def _contracts_of(username: str, slug: str) -> Any:
    return contracts_visible(
        user=User.objects.get(username=username), organisation=Organisation.objects.get(slug=slug)
    )


def test_a_commissioners_own_policy_dates_other_commissioners_rows_of_its_providers(
    client: Client,
) -> None:
    from safecom.workforce.services.staff import dbs_recheck_policy_set

    shared = (
        Contract.objects.exclude(stage="ended")
        .values("provider_id")
        .annotate(n=Count("commissioner_id", distinct=True))
        .filter(n__gt=1)
        .order_by("provider_id")
        .values_list("provider_id", flat=True)
        .first()
    )
    assert shared is not None, "the demo lets some provider's services to two commissioners"
    first, other = Organisation.objects.filter(
        commissioned_contracts__provider_id=shared
    ).distinct()[:2]
    snapshot_take()  # every open contract's row current
    today, now = timezone.localdate(), timezone.now()
    theirs = Contract.objects.filter(commissioner=other).exclude(stage="ended")
    assert outdated(theirs, today=today, now=now) == []
    dbs_recheck_policy_set(actor=None, commissioner=first, recheck_years=1)
    dated = set(outdated(theirs, today=today, now=timezone.now()))
    used = Contract.objects.filter(commissioner=first).values("provider_id")
    assert dated == set(theirs.filter(provider_id__in=used).values_list("pk", flat=True))
    assert set(theirs.filter(provider_id=shared).values_list("pk", flat=True)) <= dated


def test_a_change_with_no_organisation_dates_every_row(client: Client) -> None:
    _open(client)
    AuditEvent.objects.create(
        actor_label="system",
        action="framework.loaded",
        object_type="standards.frameworkversion",
        object_id="1",
        summary="Loaded a framework",
    )
    assert _open(client) == len(_own())


def test_a_burst_of_changes_dates_every_row_and_never_fails(client: Client) -> None:
    _open(client)
    contracts = _own()
    events = [
        AuditEvent(
            actor_label="system",
            action="contract.updated",
            object_type="contracts.contract",
            object_id=str(contracts[i % len(contracts)].pk),
            summary="Changed",
        )
        for i in range(1_200)
    ]
    AuditEvent.objects.bulk_create(events)
    assert _open(client) == len(contracts)  # 1,200 events read one by one
    AuditEvent.objects.bulk_create(
        [
            AuditEvent(
                actor_label="system",
                action="x.y",
                object_type="assurance.allegation",
                object_id="1",
                summary="Changed",
            )
            for _ in range(1_000)
        ]
    )
    assert _open(client) == len(contracts)  # more than MAX_EVENTS: every row dated
