from __future__ import annotations

import datetime as dt

import factory

from safecom.organisations.tests.factories import ProviderFactory
from safecom.workforce.models import NamedRole, StaffMember, TrainingRecord

TODAY = dt.date.today()


class StaffMemberFactory(factory.django.DjangoModelFactory):
    """A complete, compliant record: each test spoils the part it is about."""

    class Meta:
        model = StaffMember

    provider = factory.SubFactory(ProviderFactory)
    staff_reference = factory.Sequence(lambda n: f"S{n:05d}")
    first_name = "Jamie"
    last_name = factory.Sequence(lambda n: f"Person{n}")
    date_of_birth = dt.date(1985, 6, 15)
    address = "1 High Street, Riverside RV1 1AA"
    role = "Family support worker"
    worker_type = "employee"
    start_date = TODAY - dt.timedelta(days=400)
    is_active = True
    regulated_children = True
    regulated_adults = False
    identity_documents = "Passport, utility bill"
    identity_checked_by = "HR officer"
    identity_checked_on = TODAY - dt.timedelta(days=420)
    right_to_work_type = "unlimited"
    right_to_work_checked_on = TODAY - dt.timedelta(days=420)
    qualifications_checked_on = TODAY - dt.timedelta(days=420)
    references_received = 2
    reference_1_on = TODAY - dt.timedelta(days=430)
    reference_2_on = TODAY - dt.timedelta(days=425)
    dbs_number = factory.Sequence(lambda n: f"{n:012d}")
    dbs_number_last4 = factory.LazyAttribute(lambda o: o.dbs_number[-4:] if o.dbs_number else "")
    dbs_level = "enhanced_barred_children"
    dbs_workforce = "child"
    dbs_issue_date = TODAY - dt.timedelta(days=400)
    dbs_current_from = factory.LazyAttribute(lambda o: o.dbs_issue_date)


class TrainingRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrainingRecord

    staff = factory.SubFactory(StaffMemberFactory)
    kind = "safeguarding_children"
    course = "Safeguarding children"
    level = "2"
    completed_on = TODAY - dt.timedelta(days=100)


class NamedRoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NamedRole

    provider = factory.SubFactory(ProviderFactory)
    code = "dsl"
    holder = None
    holder_name = ""
