"""The assurance services: what they refuse (saying why), what they write and audit."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from safecom.assurance import integrations, services
from safecom.assurance.models import (
    Allegation,
    AssuranceAction,
    BriefingRecipient,
    DecommissioningChecklist,
    MetricValue,
    MonitoringMeeting,
    SafeguardingReturn,
)
from safecom.assurance.tests import factories as f
from safecom.audit.models import AuditEvent
from safecom.contracts.services import contract_change_stage
from safecom.contracts.tests.factories import ContractFactory
from safecom.organisations.tests.factories import (
    CommissionerFactory,
    PartnershipFactory,
    ProviderFactory,
)

pytestmark = pytest.mark.django_db


def _errors(call: Any) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        call()
    return caught.value.message_dict


def test_meeting_without_safeguarding_item_is_kept_and_audited_as_flagged() -> None:
    contract = ContractFactory(stage="live")
    meeting = services.meeting_create(
        actor=None, contract=contract, held_on=f.days_ago(1), attendees="CM", safeguarding_item=" "
    )
    assert meeting.safeguarding_item == ""
    event = AuditEvent.objects.get(action="assurance.meeting_recorded", object_id=str(meeting.pk))
    assert "no safeguarding item" in event.summary


def test_meeting_refuses_future_date_and_missing_attendees_and_writes_nothing() -> None:
    contract = ContractFactory()
    errors = _errors(
        lambda: services.meeting_create(
            actor=None, contract=contract, held_on=f.days_ago(-1), attendees=" "
        )
    )
    assert errors == {
        "held_on": ["The date of the meeting cannot be in the future."],
        "attendees": ["Enter who attended the meeting."],
    }
    assert not MonitoringMeeting.objects.exists()


def test_action_belongs_to_one_source_and_completes_once() -> None:
    meeting = f.MeetingFactory()
    errors = _errors(
        lambda: services.action_create(
            actor=None, description="x", owner="y", due_on=f.days_ago(-5)
        )
    )
    assert "__all__" in errors
    action = services.action_create(
        actor=None, meeting=meeting, description="Send", owner="DSL", due_on=f.days_ago(-5)
    )
    assert action.contract == meeting.contract
    services.action_complete(actor=None, action=action)
    assert AssuranceAction.objects.get(pk=action.pk).done_on is not None
    assert (
        "already marked done"
        in _errors(lambda: services.action_complete(actor=None, action=action))["__all__"][0]
    )


def test_metric_from_library_needs_a_target_when_it_has_a_direction() -> None:
    contract = ContractFactory()
    errors = _errors(lambda: services.metric_add(actor=None, contract=contract, metric="nope"))
    assert errors["metric"] == ["Choose a metric from the list."]
    errors = _errors(
        lambda: services.metric_add(actor=None, contract=contract, metric="staff_trained_pct")
    )
    assert "Enter the target" in errors["target"][0]
    errors = _errors(
        lambda: services.metric_add(
            actor=None, contract=contract, metric="staff_trained_pct", target="120"
        )
    )
    assert errors["target"] == ["A percentage target cannot be more than 100."]
    watched = services.metric_add(actor=None, contract=contract, metric="concerns_raised")
    assert watched.target is None
    assert (
        "already has"
        in _errors(
            lambda: services.metric_add(actor=None, contract=contract, metric="concerns_raised")
        )["metric"][0]
    )


def test_metric_values_are_one_per_quarter_and_a_second_corrects_the_first() -> None:
    metric = f.MetricFactory()
    first = services.metric_value_record(
        actor=None, contract_metric=metric, period_day=dt.date(2026, 5, 2), value="81.5"
    )
    assert first.period_label == "Q1 2026/27" and first.period_start == dt.date(2026, 4, 1)
    again = services.metric_value_record(
        actor=None, contract_metric=metric, period_day=dt.date(2026, 6, 30), value="84"
    )
    assert again.pk == first.pk and MetricValue.objects.count() == 1
    assert AuditEvent.objects.filter(action="assurance.metric_value_corrected").exists()
    errors = _errors(
        lambda: services.metric_value_record(
            actor=None, contract_metric=metric, period_day=None, value="lots"
        )
    )
    assert set(errors) == {"value", "period_day"}


def _template(commissioner: Any) -> Any:
    return services.return_template_create(
        actor=None,
        name="Quarterly return",
        commissioner=commissioner,
        items=[
            {"label": "Staff on the service", "kind": "count", "prefill": "staff"},
            {"label": "Training coverage", "kind": "percent", "prefill": "training_coverage"},
            {"label": "Themes", "kind": "text"},
        ],
    )


def test_template_takes_its_interval_from_the_standards_and_checks_items() -> None:
    commissioner = CommissionerFactory()
    template = _template(commissioner)
    assert template.interval_months == 3  # nel 15.2 return_interval_months
    assert [i.code for i in template.items.all()] == [
        "staff-on-the-service",
        "training-coverage",
        "themes",
    ]
    errors = _errors(
        lambda: services.return_template_create(
            actor=None, name="", commissioner=commissioner, items=[]
        )
    )
    assert errors["name"] == ["Enter a name for the return."]
    assert errors["items"] == ["Add at least one item the return asks for."]


def test_returns_issue_to_contracts_in_delivery_once_per_period() -> None:
    commissioner = CommissionerFactory()
    live = ContractFactory(commissioner=commissioner, stage="live")
    ContractFactory(commissioner=commissioner, stage="planning")
    template = _template(commissioner)
    made = services.returns_issue(actor=None, template=template, period_day=dt.date(2026, 8, 1))
    assert [r.contract for r in made] == [live]
    assert made[0].period_label == "Q2 2026/27"
    assert made[0].due_on == dt.date(2026, 10, 30)
    again = services.returns_issue(actor=None, template=template, period_day=dt.date(2026, 9, 1))
    assert again == [] and SafeguardingReturn.objects.count() == 1


def test_return_prefill_change_needs_a_reason_and_first_submission_date_stands(
    monkeypatch: Any,
) -> None:
    monkeypatch.setattr(
        integrations,
        "workforce_summary",
        lambda *, provider: {"staff": 24, "training_coverage": 0.875},
    )
    commissioner = CommissionerFactory()
    contract = ContractFactory(commissioner=commissioner, stage="live")
    template = _template(commissioner)
    (ret,) = services.returns_issue(actor=None, template=template, period_day=dt.date(2026, 5, 1))
    values = {"staff-on-the-service": "26", "training-coverage": "87.5", "themes": ""}
    errors = _errors(
        lambda: services.return_submit(actor=None, safeguarding_return=ret, values=values)
    )
    assert errors["reason_staff-on-the-service"] == [
        "Staff on the service: say why you changed the 24 the service holds."
    ]
    assert errors["item_themes"] == ["Enter themes: a return must be complete."]
    assert "reason_training-coverage" not in errors
    values["themes"] = "Quiet quarter"
    services.return_submit(
        actor=None,
        safeguarding_return=ret,
        values=values,
        reasons={"staff-on-the-service": "Two starters after the snapshot"},
        submitted_on=dt.date(2026, 8, 2),
    )
    ret.refresh_from_db()
    assert ret.submitted_on == dt.date(2026, 8, 2)
    answers = {a.item.code: a for a in ret.answers.all()}
    assert answers["staff-on-the-service"].prefilled_value == "24"
    assert answers["staff-on-the-service"].change_reason == "Two starters after the snapshot"
    assert answers["training-coverage"].value == "87.5"
    assert "(late)" in AuditEvent.objects.get(action="assurance.return_submitted").summary
    services.return_submit(
        actor=None, safeguarding_return=ret, values={**values, "staff-on-the-service": "24"}
    )
    ret.refresh_from_db()
    assert ret.submitted_on == dt.date(2026, 8, 2)
    assert AuditEvent.objects.filter(action="assurance.return_corrected").exists()
    assert contract.safeguarding_returns.count() == 1


def test_return_values_are_checked_by_kind() -> None:
    commissioner = CommissionerFactory()
    ContractFactory(commissioner=commissioner, stage="live")
    (ret,) = services.returns_issue(
        actor=None, template=_template(commissioner), period_day=dt.date(2026, 5, 1)
    )
    errors = _errors(
        lambda: services.return_submit(
            actor=None,
            safeguarding_return=ret,
            values={"staff-on-the-service": "2.5", "training-coverage": "140", "themes": "x"},
        )
    )
    assert errors["item_staff-on-the-service"] == [
        "Staff on the service: enter a whole number, like 12."
    ]
    assert errors["item_training-coverage"] == [
        "Training coverage: enter a percentage from 0 to 100, like 87.5."
    ]


def test_allegation_dates_must_follow_each_other_and_outcome_needs_its_date() -> None:
    contract = ContractFactory()
    errors = _errors(
        lambda: services.allegation_record(
            actor=None,
            contract=contract,
            made_on=f.days_ago(5),
            lado_informed_on=f.days_ago(6),
            category="physical",
            subject_role="employee",
            outcome="substantiated",
        )
    )
    assert errors == {
        "lado_informed_on": [
            "The date the LADO was told cannot be before the allegation was made."
        ],
        "concluded_on": ["Enter the date it was concluded."],
    }
    assert not Allegation.objects.exists()


def test_allegation_notes_are_encrypted_and_not_written_to_the_audit_trail() -> None:
    contract = ContractFactory()
    allegation = services.allegation_record(
        actor=None,
        contract=contract,
        made_on=f.days_ago(5),
        category="sexual",
        subject_role="volunteer",
        notes="Sensitive detail",
    )
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT notes FROM assurance_allegation WHERE id = %s", [allegation.pk])
        stored = cursor.fetchone()[0]
    assert stored and "Sensitive" not in stored
    services.allegation_update(
        actor=None, allegation=allegation, notes="More detail", lado_informed_on=f.days_ago(4)
    )
    event = AuditEvent.objects.get(action="assurance.allegation_updated")
    assert event.changes["notes"] == "changed"
    assert "More detail" not in str(event.changes)
    assert "category" not in event.changes
    with pytest.raises(ValidationError):
        services.allegation_update(actor=None, allegation=allegation, contract_id=1)


def test_check_needs_a_sample_size_for_staff_records_and_keeps_the_risk() -> None:
    contract = ContractFactory(stage="live", start_date=dt.date(2024, 4, 1))
    errors = _errors(
        lambda: services.thematic_check_record(
            actor=None,
            contract=contract,
            theme="other",
            method="staff_records",
            carried_out_on=f.days_ago(2),
            findings="",
            rag="purple",
        )
    )
    assert set(errors) == {"theme_detail", "sample_size", "findings", "rag"}
    check = services.thematic_check_record(
        actor=None,
        contract=contract,
        theme="training",
        method="staff_records",
        sample_size=12,
        carried_out_on=f.days_ago(2),
        findings="All in date.",
        rag="green",
    )
    assert check.risk_score_at_check is not None and check.risk_tier_at_check in {
        "high",
        "medium",
        "low",
    }


def test_policy_must_check_higher_risk_at_least_as_often() -> None:
    commissioner = CommissionerFactory()
    errors = _errors(
        lambda: services.assurance_policy_set(
            actor=None,
            commissioner=commissioner,
            high_from=20,
            medium_from=30,
            high_months=12,
            medium_months=6,
            low_months=3,
        )
    )
    assert "high_from" in errors
    errors = _errors(
        lambda: services.assurance_policy_set(
            actor=None,
            commissioner=commissioner,
            high_from=60,
            medium_from=30,
            high_months=12,
            medium_months=6,
            low_months=3,
        )
    )
    assert "medium_months" in errors
    policy = services.assurance_policy_set(
        actor=None,
        commissioner=commissioner,
        high_from=60,
        medium_from=30,
        high_months=2,
        medium_months=6,
        low_months=12,
    )
    assert policy.high_months == 2


def test_review_closes_only_when_recommendations_are_complete() -> None:
    review = f.ReviewFactory()
    rec = services.recommendation_add(
        actor=None, review=review, text_="Do it", owner="DSL", due_on=f.days_ago(-30)
    )
    assert (
        "Complete every recommendation"
        in _errors(lambda: services.review_update(actor=None, review=review, status="closed"))[
            "status"
        ][0]
    )
    services.recommendation_update(actor=None, recommendation=rec, progress="complete")
    assert rec.completed_on is not None
    services.review_update(actor=None, review=review, status="closed")
    review.refresh_from_db()
    assert review.closed_on is not None
    assert (
        "reopen"
        in _errors(
            lambda: services.recommendation_add(
                actor=None, review=review, text_="More", owner="DSL", due_on=f.days_ago(-1)
            )
        )["__all__"][0]
    )


def test_briefing_goes_to_contractors_in_the_area_and_their_subcontractors() -> None:
    area = PartnershipFactory()
    elsewhere = PartnershipFactory()
    commissioner = CommissionerFactory(partnerships=[area])
    head = ProviderFactory()
    sub = ProviderFactory(head_provider=head)
    ended = ProviderFactory()
    ContractFactory(commissioner=commissioner, provider=head, stage="live")
    ContractFactory(commissioner=commissioner, provider=ended, stage="ended")
    ContractFactory(commissioner=CommissionerFactory(partnerships=[elsewhere]), stage="live")
    briefing = services.briefing_publish(
        actor=None, partnership=area, kind="briefing", title="TYSK", summary="Learning"
    )
    assert {r.provider for r in briefing.recipients.all()} == {head, sub}
    errors = _errors(
        lambda: services.briefing_publish(
            actor=None,
            partnership=area,
            kind="memo",
            title="",
            summary="x",
            link="javascript:alert(1)",
        )
    )
    assert set(errors) == {"kind", "title", "link"}


def test_acknowledging_again_updates_the_cascade_and_keeps_the_first_date() -> None:
    recipient = f.RecipientFactory(provider=ProviderFactory())
    services.briefing_acknowledge(
        actor=None, recipient=recipient, staff_reached=5, acknowledged_on=f.days_ago(10)
    )
    services.briefing_acknowledge(actor=None, recipient=recipient, staff_reached=30)
    stored = BriefingRecipient.objects.get(pk=recipient.pk)
    assert stored.acknowledged_on == f.days_ago(10) and stored.staff_reached == 30


def test_entering_decommissioning_opens_the_checklist_once() -> None:
    area = PartnershipFactory()
    contract = ContractFactory(commissioner=CommissionerFactory(partnerships=[area]), stage="live")
    contract_change_stage(actor=None, contract=contract, to_stage="decommissioning")
    checklist = DecommissioningChecklist.objects.get(contract=contract)
    assert [i.code for i in checklist.items.all()] == [
        "records_transfer",
        "continuity",
        "notifications",
        "subcontractor_exit",
    ]
    assert services.decommissioning_checklist_open(actor=None, contract=contract) == checklist
    assert AuditEvent.objects.filter(action="assurance.decommissioning_opened").count() == 1


def test_a_waived_item_needs_a_reason() -> None:
    contract = ContractFactory(stage="decommissioning")
    item = f.item_of(f.checklist_for(contract), "subcontractor_exit")
    errors = _errors(
        lambda: services.decommissioning_item_resolve(actor=None, item=item, status="waived")
    )
    assert errors["note"] == ["Say why 'Sub-contractor exit' is waived."]
    services.decommissioning_item_resolve(
        actor=None, item=item, status="waived", note="No sub-contractors"
    )
    item.refresh_from_db()
    assert item.status == "waived" and item.resolved_on is not None
    event = AuditEvent.objects.get(action="assurance.decommissioning_item")
    assert event.reason == "No sub-contractors"
