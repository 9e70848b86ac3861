"""Shared test set-up: the bundled standards are loaded once into the test database."""

from __future__ import annotations

import pytest

from safecom.standards.services import frameworks_load


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    with django_db_blocker.unblock():
        frameworks_load()


ROLES_A = (
    "partnership_admin",
    "commissioner",
    "qa_officer",
    "provider_lead",
    "provider_hr",
    "auditor",
)


class World:
    """Two tenancies, A and B, each a partnership > commissioner > provider > contract,
    and one user per role inside A."""

    def __init__(self) -> None:
        from safecom.accounts.tests.factories import MembershipFactory, UserFactory
        from safecom.contracts.tests.factories import ContractFactory
        from safecom.organisations.tests.factories import (
            CommissionerFactory,
            PartnershipFactory,
            ProviderFactory,
        )

        self.partnership_a = PartnershipFactory(slug="area-a")
        self.partnership_b = PartnershipFactory(slug="area-b")
        self.commissioner_a = CommissionerFactory(
            slug="council-a", partnerships=[self.partnership_a]
        )
        self.commissioner_b = CommissionerFactory(
            slug="council-b", partnerships=[self.partnership_b]
        )
        self.provider_a = ProviderFactory(slug="provider-a")
        self.provider_b = ProviderFactory(slug="provider-b")
        self.contract_a = ContractFactory(
            commissioner=self.commissioner_a, provider=self.provider_a
        )
        self.contract_b = ContractFactory(
            commissioner=self.commissioner_b, provider=self.provider_b
        )
        home = {
            "partnership_admin": self.partnership_a,
            "commissioner": self.commissioner_a,
            "qa_officer": self.commissioner_a,
            "provider_lead": self.provider_a,
            "provider_hr": self.provider_a,
            "auditor": self.commissioner_a,
        }
        self.users = {}
        for role in ROLES_A:
            user = UserFactory(username=f"a-{role}")
            MembershipFactory(user=user, organisation=home[role], role=role)
            self.users[role] = user
        self.outsider = UserFactory(username="b-commissioner")
        MembershipFactory(user=self.outsider, organisation=self.commissioner_b, role="commissioner")


@pytest.fixture
def world(db):  # type: ignore[no-untyped-def]
    return World()
