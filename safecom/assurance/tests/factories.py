from __future__ import annotations

import datetime as dt
from typing import Any

import factory
from django.utils import timezone

from safecom.assurance.models import (
    Allegation,
    AnnualReport,
    AssuranceAction,
    Briefing,
    BriefingRecipient,
    ContractMetric,
    DecommissioningChecklist,
    DecommissioningItem,
    MetricValue,
    MonitoringMeeting,
    Recommendation,
    ReturnItem,
    ReturnTemplate,
    Review,
    SafeguardingReturn,
    ThematicCheck,
)
from safecom.contracts.tests.factories import ContractFactory
from safecom.organisations.tests.factories import CommissionerFactory, PartnershipFactory


def days_ago(n: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=n)


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MonitoringMeeting

    contract = factory.SubFactory(ContractFactory)
    held_on = factory.LazyFunction(lambda: days_ago(30))
    attendees = "Contract manager\nProvider DSL"
    safeguarding_item = "Safeguarding log and training figures reviewed"


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AssuranceAction

    meeting = factory.SubFactory(MeetingFactory)
    contract = factory.SelfAttribute("meeting.contract")
    description = "Send the updated training matrix"
    owner = "Provider DSL"
    due_on = factory.LazyFunction(lambda: days_ago(-14))


class MetricFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContractMetric

    contract = factory.SubFactory(ContractFactory)
    metric = "staff_trained_pct"
    target = 90
    amber_tolerance = 5


class MetricValueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MetricValue

    contract_metric = factory.SubFactory(MetricFactory)
    period_start = dt.date(2026, 4, 1)
    period_label = "Q1 2026/27"
    value = 92


class CheckFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ThematicCheck

    contract = factory.SubFactory(ContractFactory)
    theme = "safer_recruitment"
    method = "staff_records"
    sample_size = 10
    carried_out_on = factory.LazyFunction(lambda: days_ago(60))
    findings = "Two files lacked a second reference."
    rag = "amber"


class AllegationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Allegation

    contract = factory.SubFactory(ContractFactory)
    made_on = factory.LazyFunction(lambda: days_ago(40))
    lado_informed_on = factory.LazyAttribute(lambda a: a.made_on)
    category = "conduct"
    subject_role = "employee"
    notes = "Encrypted note"


class ReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Review

    contract = factory.SubFactory(ContractFactory)
    kind = "cspr"
    reference = factory.Sequence(lambda n: f"CSPR-{n:03d}")
    notified_on = factory.LazyFunction(lambda: days_ago(200))
    kept_updated = "Designated nurse"


class RecommendationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Recommendation

    review = factory.SubFactory(ReviewFactory)
    text = "Refresh the escalation policy"
    owner = "Named nurse"
    due_on = factory.LazyFunction(lambda: days_ago(10))


class TemplateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReturnTemplate

    name = "Quarterly safeguarding dashboard"
    commissioner = factory.SubFactory(CommissionerFactory)
    interval_months = 3
    due_days = 30


class ReturnItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReturnItem

    template = factory.SubFactory(TemplateFactory)
    code = factory.Sequence(lambda n: f"item-{n}")
    label = factory.Sequence(lambda n: f"Item {n}")
    kind = "count"


class ReturnFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SafeguardingReturn

    template = factory.SubFactory(TemplateFactory)
    contract = factory.SubFactory(ContractFactory)
    period_start = dt.date(2026, 4, 1)
    period_end = dt.date(2026, 6, 30)
    period_label = "Q1 2026/27"
    due_on = dt.date(2026, 7, 30)


class AnnualReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AnnualReport

    contract = factory.SubFactory(ContractFactory)
    kind = "children"
    year_label = "2025/26"
    received_on = factory.LazyFunction(lambda: days_ago(100))


class BriefingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Briefing

    partnership = factory.SubFactory(PartnershipFactory)
    kind = "briefing"
    title = factory.Sequence(lambda n: f"Things you should know {n}")
    summary = "Learning from a recent review."
    published_on = factory.LazyFunction(lambda: days_ago(20))


class RecipientFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BriefingRecipient

    briefing = factory.SubFactory(BriefingFactory)
    notified_at = factory.LazyFunction(timezone.now)


def checklist_for(contract: Any) -> DecommissioningChecklist:
    from safecom.assurance.services import decommissioning_checklist_open

    return decommissioning_checklist_open(actor=None, contract=contract)


def item_of(
    checklist: DecommissioningChecklist, code: str = "records_transfer"
) -> DecommissioningItem:
    return checklist.items.get(code=code)
