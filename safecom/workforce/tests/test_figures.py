"""The kept workforce figures behind the portfolio dashboard are never stale: every write to
a provider's staff, training or named roles forgets them, and a new day or policy is a miss."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from safecom.organisations.tests.factories import ProviderFactory
from safecom.workforce.models import WorkforceFigures
from safecom.workforce.portfolio import workforce_summaries
from safecom.workforce.selectors import workforce_summary
from safecom.workforce.services.importer import staff_import
from safecom.workforce.services.named_roles import named_role_assign
from safecom.workforce.services.staff import (
    staff_mark_left,
    staff_record_status_check,
    training_add,
)
from safecom.workforce.tests.factories import StaffMemberFactory

pytestmark = pytest.mark.django_db

TODAY = dt.date.today()
CSV = (
    "Staff reference,First name,Last name,Date of birth,Address,Role,Worker type,Start date,"
    "Status,Regulated activity with children,DBS certificate number,DBS level,DBS issue date,"
    "References received,Safeguarding children training date\n"
    'Z9,Amira,Hussain,23/04/1988,"1 Mill Lane, RV1 1AA",Support worker,Employee,01/09/2023,'
    "Active,Yes,001234567890,Enhanced with children's barred list,20/08/2023,2,05/09/2023\n"
)


def _writes() -> dict[str, Callable[[Any, Any], Any]]:
    return {
        "training added": lambda p, s: training_add(
            actor=None, staff=s, kind="safeguarding_children", completed_on=TODAY
        ),
        "marked as left": lambda p, s: staff_mark_left(actor=None, staff=s, leaving_date=TODAY),
        "update service check": lambda p, s: staff_record_status_check(
            actor=None, staff=s, checked_on=TODAY, result="current"
        ),
        "named role given": lambda p, s: named_role_assign(
            actor=None, provider=p, code="dsl", holder=s
        ),
        "import": lambda p, s: staff_import(
            actor=None, provider=p, data=CSV.encode(), name="scr.csv"
        ),
    }


@pytest.mark.parametrize("write", list(_writes()))
def test_every_write_forgets_the_kept_figures(write: str) -> None:
    provider = ProviderFactory()
    other = ProviderFactory()
    # Untrained and with a DBS long due a recheck, so each write changes some figure.
    staff = StaffMemberFactory(provider=provider, dbs_current_from=TODAY - dt.timedelta(days=2000))
    StaffMemberFactory(provider=other)
    before = workforce_summaries(providers=[provider, other])
    assert WorkforceFigures.objects.count() == 2
    _writes()[write](provider, staff)
    assert not WorkforceFigures.objects.filter(provider=provider).exists()
    assert WorkforceFigures.objects.filter(provider=other).exists()  # others are kept
    after = workforce_summaries(providers=[provider, other])
    assert after[provider.pk] == workforce_summary(provider=provider)
    assert after[provider.pk] != before[provider.pk]


def test_kept_figures_are_reused_the_same_day_and_not_the_next() -> None:
    provider = ProviderFactory()
    StaffMemberFactory(provider=provider)
    workforce_summaries(providers=[provider], day=TODAY)
    WorkforceFigures.objects.filter(provider=provider).update(figures={"staff": 99})
    assert workforce_summaries(providers=[provider], day=TODAY)[provider.pk] == {"staff": 99}
    tomorrow = TODAY + dt.timedelta(days=1)
    assert workforce_summaries(providers=[provider], day=tomorrow)[provider.pk]["staff"] == 1


def test_a_changed_policy_is_counted_again() -> None:
    provider = ProviderFactory()
    StaffMemberFactory(provider=provider)
    workforce_summaries(providers=[provider], day=TODAY)
    WorkforceFigures.objects.filter(provider=provider).update(
        figures={"staff": 99}, policy=[1, 2, 3]
    )
    assert workforce_summaries(providers=[provider], day=TODAY)[provider.pk]["staff"] == 1
