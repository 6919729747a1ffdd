"""The cast every access test uses: a small country with two districts and the people of the guide.

country DM ─ region N ─ district N1 ─ locality N1a   (directorate D1: supervisor, case manager;
          │                                           municipal M1a: assistant, volunteer)
          │          └ district N2                  (directorate D2: another case manager)
          └ region S ─ district S1                  (directorate DS1: a case manager far away)
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.test import Client

from careforce.core.models import AreaLevel, OrganisationKind, User
from careforce.core.roles import Role
from tests.core.factories import AreaFactory, OrganisationFactory, PopulationFactory, UserFactory

PASSWORD = "a-strong-test-password-1"


@dataclass
class Cast:
    country: object
    region: object
    district: object
    locality: object
    other_district: object
    far_region: object
    far_district: object
    national_authority: object
    directorate: object
    municipal: object
    other_directorate: object
    far_directorate: object
    training_centre: object
    admin: User
    regional: User
    supervisor: User
    case_manager: User
    assistant: User
    volunteer: User
    other_case_manager: User
    far_case_manager: User
    trainer: User
    analyst: User

    def persona(self, name: str) -> User | None:
        return None if name == "anonymous" else getattr(self, name)


PERSONAS = [
    "anonymous",
    "admin",
    "regional",
    "supervisor",
    "case_manager",
    "assistant",
    "volunteer",
    "other_case_manager",
    "trainer",
    "analyst",
]


@pytest.fixture(autouse=True)
def _empty_cache():
    """Figures are cached by area and period: a test's must not be served to the next one."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _english_between_tests():
    """A request activates its user's language in the thread; code tested outside a request must not
    inherit the last test's language."""
    from django.utils import translation

    translation.activate("en")
    yield
    translation.deactivate()


@pytest.fixture
def cast(db) -> Cast:
    country = AreaFactory(
        code="DM", name="Republica Demo", name_ru="Республика Демо", level=AreaLevel.COUNTRY
    )
    region = AreaFactory(code="DM-N", name="Nord", name_ru="Север", level=AreaLevel.REGION, parent=country)
    district = AreaFactory(code="DM-N-01", name="Bălțeni", level=AreaLevel.DISTRICT, parent=region)
    locality = AreaFactory(
        code="DM-N-01-001", name="Valea Nucilor", level=AreaLevel.LOCALITY, parent=district
    )
    other_district = AreaFactory(code="DM-N-02", name="Florești", level=AreaLevel.DISTRICT, parent=region)
    far_region = AreaFactory(code="DM-S", name="Sud", level=AreaLevel.REGION, parent=country)
    far_district = AreaFactory(code="DM-S-01", name="Cahul", level=AreaLevel.DISTRICT, parent=far_region)
    for area, total, children in [
        (country, 30000, 6000),
        (region, 20000, 4000),
        (far_region, 10000, 2000),
        (district, 12000, 2500),
        (other_district, 8000, 1500),
        (far_district, 10000, 2000),
        (locality, 3000, 700),
    ]:
        PopulationFactory(area=area, year=2026, total=total, children=children)
        PopulationFactory(area=area, year=2025, total=total + 100, children=children + 40)

    authority = OrganisationFactory(
        name="National Agency", kind=OrganisationKind.NATIONAL_AUTHORITY, area=country
    )
    regional_dir = OrganisationFactory(name="Directorate Nord", area=region, parent=authority)
    directorate = OrganisationFactory(name="Directorate Bălțeni", area=district, parent=regional_dir)
    municipal = OrganisationFactory(
        name="Social assistance Valea Nucilor",
        kind=OrganisationKind.MUNICIPAL_SOCIAL_ASSISTANCE,
        area=locality,
        parent=directorate,
    )
    other_directorate = OrganisationFactory(
        name="Directorate Florești", area=other_district, parent=regional_dir
    )
    far_directorate = OrganisationFactory(name="Directorate Cahul", area=far_district, parent=authority)
    training = OrganisationFactory(
        name="Training Centre", kind=OrganisationKind.TRAINING_CENTRE, area=country
    )

    def user(username, role, org, **kw):
        return UserFactory(username=username, role=role, organisation=org, **kw)

    admin = user("admin", Role.NATIONAL_ADMIN, authority, is_staff=True, is_superuser=True)
    regional = user("regional", Role.REGIONAL_MANAGER, regional_dir, area=region)
    supervisor = user("supervisor", Role.SUPERVISOR, directorate)
    case_manager = user("casemanager", Role.CASE_MANAGER, directorate, supervisor=supervisor)
    assistant = user("assistant", Role.COMMUNITY_ASSISTANT, municipal, supervisor=supervisor)
    volunteer = user("volunteer", Role.VOLUNTEER, municipal, supervisor=assistant)
    other_cm = user("othercm", Role.CASE_MANAGER, other_directorate)
    far_cm = user("farcm", Role.CASE_MANAGER, far_directorate)
    trainer = user("trainer", Role.TRAINER, training)
    analyst = user("analyst", Role.ANALYST, authority)
    return Cast(
        country,
        region,
        district,
        locality,
        other_district,
        far_region,
        far_district,
        authority,
        directorate,
        municipal,
        other_directorate,
        far_directorate,
        training,
        admin,
        regional,
        supervisor,
        case_manager,
        assistant,
        volunteer,
        other_cm,
        far_cm,
        trainer,
        analyst,
    )


@pytest.fixture
def client_for(cast):
    """A signed-in test client for a persona name from PERSONAS."""

    def make(name: str) -> Client:
        client = Client()
        user = cast.persona(name)
        if user is not None:
            client.force_login(user)
        return client

    return make
