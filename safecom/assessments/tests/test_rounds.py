"""Opening rounds, carry-forward and one answer for many frameworks."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from safecom.assessments.models import Answer, Assessment, Round
from safecom.assessments.services import answer_moderate, round_open
from safecom.assessments.tests.factories import (
    StatementFactory,
    answer,
    answer_all,
    current,
    open_round,
    submit,
)
from safecom.audit.models import AuditEvent
from safecom.contracts.tests.factories import ContractFactory
from safecom.organisations.tests.factories import (
    CommissionerFactory,
    PartnershipFactory,
    ProviderFactory,
)
from safecom.standards.models import Requirement

pytestmark = pytest.mark.django_db


def _keys(assessment: Assessment) -> list[str]:
    return [a.key for a in assessment.answers.all()]


def _get(assessment: Assessment, key: str) -> Answer:
    framework, ref = key.split()
    return assessment.answers.get(
        requirement__framework_version__framework__slug=framework, requirement__ref=ref
    )


def test_a_round_asks_every_self_assessment_requirement_and_the_chosen_kinds(world: Any) -> None:
    only_sa = open_round(owner=world.commissioner_a, providers=[world.provider_a], kinds=())
    assert _keys(only_sa.assessments.get()) == ["chscp 1"]
    wider = open_round(
        owner=world.commissioner_a,
        providers=[world.provider_a],
        frameworks=("chscp", "bscp"),
        kinds=("workforce_rule",),
    )
    assert _keys(wider.assessments.get()) == ["bscp 1", "bscp 4", "chscp 1", "chscp 4"]
    # The kinds asked are kept on the round; a requirement that asks no question is not asked.
    assert set(wider.kinds) == {"self_assessment", "workforce_rule"}
    silent = (
        Requirement.objects.filter(framework_version=current("chscp"), question="")
        .exclude(kind="self_assessment")
        .first()
    )
    assert silent is not None, "the test needs a requirement that asks no question"
    opened = open_round(
        owner=world.commissioner_a, providers=[world.provider_a], kinds=(silent.kind,)
    )
    assert str(silent) not in _keys(opened.assessments.get())
    assert AuditEvent.objects.filter(action="assessment.round_opened").count() == 3


def test_bad_rounds_are_refused_whole_with_reasons(world: Any) -> None:
    elsewhere = ProviderFactory(partnerships=[PartnershipFactory()])
    with pytest.raises(ValidationError) as caught:
        round_open(
            actor=None,
            owner=world.commissioner_a,
            title=" ",
            frameworks=[],
            due_date=timezone.localdate() - dt.timedelta(days=1),
            interval="weekly",
            providers=[elsewhere],
            contracts=[world.contract_b],
        )
    errors = caught.value.message_dict
    assert set(errors) == {
        "title",
        "frameworks",
        "due_date",
        "interval",
        "providers",
        "contracts",
    }
    assert "cannot be asked by" in errors["providers"][0]
    assert Round.objects.count() == 0 and Assessment.objects.count() == 0


def test_a_partnership_asks_its_area_providers(world: Any) -> None:
    area_provider = ProviderFactory(partnerships=[world.partnership_a])
    opened = open_round(owner=world.partnership_a, providers=[area_provider, world.provider_a])
    assert opened.assessments.count() == 2
    with pytest.raises(ValidationError, match="cannot be asked"):
        open_round(owner=world.partnership_a, providers=[world.provider_b])


def test_contracts_bring_their_provider_and_are_linked(world: Any) -> None:
    opened = open_round(owner=world.commissioner_a, contracts=[world.contract_a])
    assessment = opened.assessments.get()
    assert assessment.provider == world.provider_a
    assert list(assessment.contracts.all()) == [world.contract_a]


def _accepted_cycle(world: Any, frameworks: tuple[str, ...] = ("chscp",)) -> Assessment:
    first = open_round(
        owner=world.commissioner_a, providers=[world.provider_a], frameworks=frameworks
    ).assessments.get()
    answer_all(first, "met")
    StatementFactory(provider=world.provider_a)
    submit(first)
    for a in first.answers.all():
        answer_moderate(actor=None, answer=a, decision="accept")
    first.refresh_from_db()
    return first


def test_the_next_cycle_starts_from_the_last_accepted_answers(world: Any) -> None:
    first = _accepted_cycle(world)
    assert first.status == Assessment.Status.MODERATED
    second = open_round(owner=world.commissioner_a, providers=[world.provider_a]).assessments.get()
    carried = _get(second, "chscp 4")
    assert carried.origin == Answer.Origin.CARRIED
    assert carried.carried_from == _get(first, "chscp 4")
    assert (carried.rating, carried.narrative) == ("met", "We do this.")
    assert _get(second, "chscp 5").carried_from == _get(first, "chscp 5")
    assert _get(second, "chscp 5").moderation == ""  # a new cycle is moderated afresh


def test_an_answer_under_challenge_is_not_carried(world: Any) -> None:
    first = open_round(owner=world.commissioner_a, providers=[world.provider_a]).assessments.get()
    answer_all(first, "met")
    submit(first)
    for a in first.answers.all():
        decision = "challenge" if a.key == "chscp 4" else "accept"
        answer_moderate(actor=None, answer=a, decision=decision, comment="Show me.")
    second = open_round(owner=world.commissioner_a, providers=[world.provider_a]).assessments.get()
    assert _get(second, "chscp 4").origin == ""
    assert _get(second, "chscp 1").origin == Answer.Origin.CARRIED


def test_one_answer_reaches_every_equal_requirement_in_open_returns(world: Any) -> None:
    other_owner = CommissionerFactory(partnerships=[world.partnership_a])
    ContractFactory(commissioner=other_owner, provider=world.provider_a)
    both = open_round(
        owner=world.commissioner_a, providers=[world.provider_a], frameworks=("chscp", "bscp")
    ).assessments.get()
    bscp_only = open_round(
        owner=other_owner, providers=[world.provider_a], frameworks=("bscp",)
    ).assessments.get()
    answer(_get(both, "chscp 4"), "partly_met", "Agency staff dates missing.")
    for target in (_get(both, "bscp 4"), _get(bscp_only, "bscp 4")):
        assert (target.rating, target.origin) == ("partly_met", Answer.Origin.MAPPED)
        assert target.source == _get(both, "chscp 4")
    # chscp 1 only partly covers bscp 1 (BSCP also asks for the statement): nothing copied.
    answer(_get(both, "chscp 1"), "met")
    assert _get(both, "bscp 1").rating == ""
    # An answer to the wider bscp 1 fully covers chscp 1 — but chscp 1 was answered in its own
    # words, so it is left alone; in the BSCP-only return there is no chscp 1 to fill.
    answer(_get(both, "bscp 1"), "not_met", "No statement yet.")
    assert _get(both, "chscp 1").rating == "met"


def test_a_mapped_answer_never_overwrites_one_given_in_own_words(world: Any) -> None:
    both = open_round(
        owner=world.commissioner_a, providers=[world.provider_a], frameworks=("chscp", "bscp")
    ).assessments.get()
    answer(_get(both, "bscp 4"), "not_met", "Different for the Bromley service.")
    answer(_get(both, "chscp 4"), "met", "All recorded.")
    assert (_get(both, "bscp 4").rating, _get(both, "bscp 4").origin) == ("not_met", "own")


def test_a_submitted_return_is_not_changed_by_a_later_answer(world: Any) -> None:
    earlier = open_round(
        owner=world.commissioner_a, providers=[world.provider_a], frameworks=("bscp",), kinds=()
    ).assessments.get()
    StatementFactory(provider=world.provider_a)
    answer_all(earlier, "met")
    submit(earlier)
    later = open_round(
        owner=world.commissioner_a, providers=[world.provider_a], frameworks=("chscp",), kinds=()
    ).assessments.get()
    # bscp 1 fully covers chscp 1: the new return starts from it, marked as given under bscp 1.
    prefilled = _get(later, "chscp 1")
    assert prefilled.origin == Answer.Origin.MAPPED and prefilled.source.key == "bscp 1"
    answer(prefilled, "partly_met", "Changed our mind.")
    assert _get(earlier, "bscp 1").rating == "met"


def test_framework_versions_are_those_current_when_opened(world: Any) -> None:
    opened = open_round(owner=world.commissioner_a, providers=[world.provider_a])
    assert list(opened.frameworks.all()) == [current("chscp")]


def test_who_sees_a_partnerships_round(world: Any, client: Any) -> None:
    from safecom.accounts.tests.factories import MembershipFactory, UserFactory

    opened = open_round(owner=world.partnership_a, providers=[world.provider_a])
    assessment = opened.assessments.get()
    path = f"/assessments/returns/{assessment.pk}/"
    # The area's commissioner that contracts with the provider sees the return, not the round.
    for role, status in (
        ("partnership_admin", 200),
        ("commissioner", 200),
        ("provider_hr", 200),
    ):
        client.force_login(world.users[role])
        assert client.get(path).status_code == status, role
    client.force_login(world.users["commissioner"])
    assert client.get(f"/assessments/rounds/{opened.pk}/").status_code == 404
    # A commissioner of the same area that does not contract with the provider does not.
    stranger = UserFactory()
    other = CommissionerFactory(partnerships=[world.partnership_a])
    MembershipFactory(user=stranger, organisation=other, role="commissioner")
    client.force_login(stranger)
    assert client.get(path).status_code == 404
    client.force_login(world.outsider)
    assert client.get(path).status_code == 404
