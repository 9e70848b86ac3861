from __future__ import annotations

import datetime as dt
from decimal import Decimal

import factory

from safecom.contracts.models import Contract
from safecom.organisations.tests.factories import CommissionerFactory, ProviderFactory


class ContractFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contract

    reference = factory.Sequence(lambda n: f"REF-{n:04d}")
    title = factory.Sequence(lambda n: f"Family support service {n}")
    commissioner = factory.SubFactory(CommissionerFactory)
    provider = factory.SubFactory(ProviderFactory)
    client_group = "children"
    regulated_activity = True
    value = Decimal("250000.00")
    start_date = dt.date(2026, 4, 1)
    end_date = dt.date(2029, 3, 31)
    stage = "planning"
