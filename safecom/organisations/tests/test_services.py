import pytest
from django.core.exceptions import ValidationError

from safecom.accounts.tests.factories import UserFactory
from safecom.organisations.services import membership_create, organisation_create
from safecom.organisations.tests.factories import CommissionerFactory, ProviderFactory

pytestmark = pytest.mark.django_db


def test_a_role_must_fit_the_kind_of_organisation() -> None:
    with pytest.raises(ValidationError, match="cannot belong to a provider"):
        membership_create(
            actor=None, user=UserFactory(), organisation=ProviderFactory(), role="commissioner"
        )


def test_subcontractor_must_be_a_provider_under_a_provider() -> None:
    head = ProviderFactory()
    sub = organisation_create(actor=None, name="Sub Ltd", kind="provider", head_provider=head)
    assert list(head.subcontractors.all()) == [sub]
    with pytest.raises(ValidationError, match="sub-contractor"):
        organisation_create(
            actor=None, name="Odd", kind="provider", head_provider=CommissionerFactory()
        )


def test_only_partnerships_are_areas() -> None:
    with pytest.raises(ValidationError, match="partnership areas"):
        organisation_create(
            actor=None, name="X Council", kind="commissioner", partnerships=[ProviderFactory()]
        )
