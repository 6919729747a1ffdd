from __future__ import annotations

import datetime as dt
from decimal import Decimal

import factory

from careforce.workforce.models import Assignment, Cadre, Post, Sex, Worker
from tests.core.factories import OrganisationFactory


class WorkerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Worker

    given_name = factory.Sequence(lambda n: f"Given{n}")
    family_name = factory.Sequence(lambda n: f"Family{n}")
    sex = Sex.FEMALE
    birth_year = 1985
    cadre = Cadre.CASE_MANAGER
    organisation = factory.SubFactory(OrganisationFactory)
    area = factory.LazyAttribute(lambda o: o.organisation.area)


class PostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Post

    title = factory.Sequence(lambda n: f"Post {n}")
    organisation = factory.SubFactory(OrganisationFactory)
    area = factory.LazyAttribute(lambda o: o.organisation.area)
    cadre = Cadre.CASE_MANAGER
    fte = Decimal("1.0")
    funded_from = dt.date(2020, 1, 1)


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assignment

    worker = factory.SubFactory(WorkerFactory)
    post = None
    organisation = factory.LazyAttribute(lambda o: o.post.organisation if o.post else o.worker.organisation)
    start = dt.date(2021, 1, 1)
