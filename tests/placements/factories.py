from __future__ import annotations

import datetime as dt

from careforce.core.models import Organisation, OrganisationKind
from careforce.people.models import Person
from careforce.placements.models import CareSetting, InstitutionCapacity


def make_child(cast, *, given="Ion", family="Ceban", by=None, area=None) -> Person:
    by = by or cast.case_manager
    return Person.objects.create(
        given_name=given, family_name=family, birth_date=dt.date(2014, 3, 12), sex="M",
        organisation=by.organisation, registered_by=by, area=area or cast.locality,
    )


def make_institution(area, *, name="Casa de copii", places: int | None = 10, kind=OrganisationKind.RESIDENTIAL_INSTITUTION):
    org = Organisation.objects.create(name=name, kind=kind, area=area)
    if places is not None:
        InstitutionCapacity.objects.create(organisation=org, places=places)
    return org


def setting(child, kind, start, end=None, *, by, institution=None, planned_end=None) -> CareSetting:
    """A hand-made period (bypasses the service: for figures computed by hand)."""
    return CareSetting.objects.create(
        child=child, kind=kind, start=start, end=end, institution=institution, planned_end=planned_end,
        recorded_by=by,
    )
