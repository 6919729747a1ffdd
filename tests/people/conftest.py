from __future__ import annotations

from datetime import date

import pytest

from careforce.people.models import Person


@pytest.fixture
def make_person(cast):
    def make(given="Ion", family="Ceban", birth="2015-03-12", sex="M", by=None, area=None, **kw):
        by = by or cast.case_manager
        return Person.objects.create(
            given_name=given,
            family_name=family,
            birth_date=date.fromisoformat(birth),
            sex=sex,
            organisation=by.organisation,
            registered_by=by,
            area=area or cast.locality,
            **kw,
        )

    return make


@pytest.fixture
def child(make_person):
    return make_person(health_notes="asthma")


@pytest.fixture
def twin(make_person):
    return make_person(given="Ilie")


@pytest.fixture
def far_child(cast, make_person):
    return make_person(
        given="Ana",
        family="Rusu",
        birth="2012-02-02",
        sex="F",
        by=cast.far_case_manager,
        area=cast.far_district,
    )
