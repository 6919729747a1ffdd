from __future__ import annotations

import factory

from careforce.referrals.models import Service, ServiceType
from tests.core.factories import OrganisationFactory


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Service

    organisation = factory.SubFactory(OrganisationFactory)
    area = factory.LazyAttribute(lambda s: s.organisation.area)
    service_type = ServiceType.COUNSELLING
    name = factory.Sequence(lambda n: f"Service {n}")
    eligibility = "Children 0–17 and their families."
    capacity = 20
    contact = "+373 22 000 000"
