from __future__ import annotations

import factory

from safecom.organisations.models import Organisation, Site


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Organisation {n}")
    slug = factory.Sequence(lambda n: f"org-{n}")
    kind = "provider"

    @factory.post_generation
    def partnerships(self, create, extracted, **kwargs):  # type: ignore[no-untyped-def]
        if create and extracted:
            self.partnerships.set(extracted)


class PartnershipFactory(OrganisationFactory):
    name = factory.Sequence(lambda n: f"Safeguarding Partnership {n}")
    slug = factory.Sequence(lambda n: f"partnership-{n}")
    kind = "partnership"
    org_type = "safeguarding_partnership"


class CommissionerFactory(OrganisationFactory):
    name = factory.Sequence(lambda n: f"Borough Council {n}")
    slug = factory.Sequence(lambda n: f"council-{n}")
    kind = "commissioner"
    org_type = "local_authority"


class ProviderFactory(OrganisationFactory):
    name = factory.Sequence(lambda n: f"Provider Trust {n}")
    slug = factory.Sequence(lambda n: f"provider-{n}")
    kind = "provider"
    org_type = "voluntary"


class SiteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Site

    organisation = factory.SubFactory(ProviderFactory)
    name = factory.Sequence(lambda n: f"Site {n}")
    postcode = "E8 1AA"
