from __future__ import annotations

import factory

from careforce.core.models import Area, AreaLevel, AreaPopulation, Organisation, OrganisationKind, User
from careforce.core.roles import Role


class AreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Area
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"A{n}")
    name = factory.Sequence(lambda n: f"Area {n}")
    level = AreaLevel.COUNTRY
    parent = None


class PopulationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AreaPopulation

    area = factory.SubFactory(AreaFactory)
    year = 2026
    total = 10000
    children = 2000


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")
    kind = OrganisationKind.CHILD_PROTECTION_DIRECTORATE
    area = factory.SubFactory(AreaFactory)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Sequence(lambda n: f"Ana{n}")
    last_name = "Rusu"
    role = Role.CASE_MANAGER
    organisation = factory.SubFactory(OrganisationFactory)
    password = factory.django.Password("a-strong-test-password-1")
