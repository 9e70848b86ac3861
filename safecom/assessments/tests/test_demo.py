"""The demo shows the capability with varied data, and a second run adds nothing."""

from __future__ import annotations

import pytest
from django.utils import timezone

from safecom.assessments.demo import LAST_YEAR, THIS_YEAR
from safecom.assessments.models import (
    ActionItem,
    Answer,
    Assessment,
    ChildSafeguardingStatement,
    ModerationEvent,
    Round,
)
from safecom.core.demo import demo_data_build

pytestmark = pytest.mark.django_db


def test_demo_rounds_are_varied_and_idempotent() -> None:
    first = demo_data_build(scale="small")
    assert first.created["assessment rounds"] == 2
    assert set(Round.objects.values_list("title", flat=True)) == {LAST_YEAR, THIS_YEAR}
    this_year = Assessment.objects.filter(round__title=THIS_YEAR)
    assert set(this_year.values_list("status", flat=True)) == {"draft", "submitted", "moderated"}
    own = this_year.get(provider__memberships__user__username="provider.lead")
    assert own.status == "draft"
    origins = set(own.answers.values_list("origin", flat=True))
    assert {"own", "carried", "mapped", ""} <= origins  # part-way: some left to do
    moderation = set(Answer.objects.values_list("moderation", flat=True))
    assert {"pending", "accepted", "challenged", "responded"} <= moderation
    assert ModerationEvent.objects.filter(kind="challenged").exists()
    today = timezone.localdate()
    overdue = ActionItem.objects.filter(due_date__lt=today).exclude(status="done")
    assert overdue.exists() and ActionItem.objects.filter(due_date__gte=today).exists()
    assert ChildSafeguardingStatement.objects.filter(review_date__lt=today).exists()
    counts = (Round.objects.count(), Assessment.objects.count(), Answer.objects.count())
    again = demo_data_build(scale="small")
    assert again.created["assessment rounds"] == 0 and again.created["assessment returns"] == 0
    assert (Round.objects.count(), Assessment.objects.count(), Answer.objects.count()) == counts
