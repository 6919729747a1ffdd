"""The demo country: complete (every role, every kind of organisation), consistent, idempotent, guarded."""

from __future__ import annotations

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Sum

from careforce.core.models import (
    Area,
    AreaLevel,
    AreaPopulation,
    Organisation,
    OrganisationKind,
    Sector,
    User,
)
from careforce.core.roles import Role
from careforce.demo.generator import YEARS
from careforce.demo.logins import DEMO_LOGINS, DEMO_PASSWORD


def seed(**options) -> str:
    out = StringIO()
    call_command("seed", stdout=out, stderr=StringIO(), **options)
    return out.getvalue()


def counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count() for model in (Area, AreaPopulation, Organisation, User)
    }


@pytest.fixture
def demo_country(db) -> str:
    return seed(scale="demo")


def test_every_role_has_people_and_the_fixed_logins_sign_in(demo_country):
    roles = set(User.objects.values_list("role", flat=True))
    assert roles == set(Role.values)
    for username, role in DEMO_LOGINS:
        user = User.objects.get(username=username)
        assert user.role == role
        assert user.check_password(DEMO_PASSWORD), username
        assert user.organisation is not None
        assert username in demo_country
    assert DEMO_PASSWORD in demo_country
    # Everybody else exists for the lists, not to be signed in as.
    others = User.objects.exclude(username__in=[u for u, _r in DEMO_LOGINS])
    assert not any(u.has_usable_password() for u in others)
    assert 60 <= User.objects.count() <= 120


def test_the_fixed_logins_form_one_supervision_line(demo_country):
    users = {u.username: u for u in User.objects.filter(username__in=[u for u, _r in DEMO_LOGINS])}
    admin, regional, supervisor = users["admin"], users["regional"], users["supervisor"]
    assert admin.is_superuser and admin.is_staff and admin.area.level == AreaLevel.COUNTRY
    assert regional.area.name == "Nord" and regional.area.level == AreaLevel.REGION
    assert regional.organisation.area == regional.area
    assert users["casemanager"].supervisor == supervisor
    assert users["casemanager"].organisation == supervisor.organisation
    assert users["assistant"].supervisor == supervisor
    assert users["assistant"].organisation.kind == OrganisationKind.MUNICIPAL_SOCIAL_ASSISTANCE
    assert users["assistant"].organisation.area.parent == supervisor.organisation.area
    assert users["volunteer"].supervisor == users["assistant"]
    assert users["trainer"].organisation.kind == OrganisationKind.TRAINING_CENTRE
    assert users["analyst"].organisation.kind == OrganisationKind.NATIONAL_AUTHORITY


def test_workers_are_supervised_within_their_district(demo_country):
    workers = User.objects.filter(role__in=[Role.CASE_MANAGER, Role.COMMUNITY_ASSISTANT]).select_related(
        "organisation__area", "supervisor__organisation__area"
    )
    for worker in workers:
        assert worker.supervisor is not None and worker.supervisor.role == Role.SUPERVISOR
        district = worker.supervisor.organisation.area
        assert worker.organisation.area.path.startswith(district.path)


def test_populations_add_up_at_every_level(demo_country):
    for year in YEARS:
        for parent in Area.objects.filter(level__lt=AreaLevel.LOCALITY):
            own = AreaPopulation.objects.get(area=parent, year=year)
            sums = AreaPopulation.objects.filter(area__parent=parent, year=year).aggregate(
                total=Sum("total"), children=Sum("children")
            )
            assert (own.total, own.children) == (sums["total"], sums["children"]), (parent.code, year)
    assert AreaPopulation.objects.count() == Area.objects.count() * len(YEARS)
    for population in AreaPopulation.objects.filter(area__level=AreaLevel.LOCALITY):
        assert 0.19 <= population.children / population.total <= 0.23


def test_places_have_romanian_and_russian_names_and_valid_codes(demo_country):
    country = Area.objects.get(code="DM")
    assert (country.name, country.name_ru) == ("Republica Demo", "Республика Демо")
    assert Area.objects.filter(level=AreaLevel.REGION).count() == 3
    assert Area.objects.filter(level=AreaLevel.DISTRICT).count() == 9
    for area in Area.objects.all():
        assert re.fullmatch(r"[A-Za-z0-9._-]+", area.code)
        assert area.path == area.compute_path()
        assert re.search(r"[а-яА-Я]", area.name_ru), area.name
    for district in Area.objects.filter(level=AreaLevel.DISTRICT):
        assert 6 <= district.children.count() <= 10


def test_every_kind_of_organisation_is_present(demo_country):
    kinds = set(Organisation.objects.values_list("kind", flat=True))
    assert kinds == set(OrganisationKind.values)
    assert set(Organisation.objects.filter(kind=OrganisationKind.NGO).values_list("sector", flat=True)) == {
        Sector.NGO
    }
    for district in Area.objects.filter(level=AreaLevel.DISTRICT):
        kind = OrganisationKind.CHILD_PROTECTION_DIRECTORATE
        directorate = Organisation.objects.get(area=district, kind=kind)
        assert directorate.parent.area == district.parent
        assert directorate.parent.parent.kind == OrganisationKind.NATIONAL_AUTHORITY


def test_seeding_again_changes_nothing(demo_country):
    before = counts()
    output = seed(scale="demo")
    assert "already loaded" in output
    assert "casemanager" in output
    assert counts() == before


def test_reset_rebuilds_the_same_country_for_the_same_seed(demo_country):
    names = list(Area.objects.order_by("code").values_list("code", "name"))
    usernames = sorted(User.objects.values_list("username", flat=True))
    before = counts()
    seed(scale="demo", reset=True)
    assert counts() == before
    assert list(Area.objects.order_by("code").values_list("code", "name")) == names
    assert sorted(User.objects.values_list("username", flat=True)) == usernames


def test_production_settings_refuse_the_demo_logins(db, settings):
    settings.DEBUG = False
    settings.TESTING = False
    with pytest.raises(CommandError, match="DEBUG"):
        seed(scale="demo")
    assert not User.objects.exists() and not Area.objects.exists()


def test_demo_logins_command(db):
    out = StringIO()
    call_command("demo_logins", stdout=out)
    assert "not loaded" in out.getvalue()
    seed(scale="demo")
    out = StringIO()
    call_command("demo_logins", stdout=out)
    assert all(username in out.getvalue() for username, _role in DEMO_LOGINS)


def test_an_existing_account_with_a_demo_username_is_never_taken_over(db):
    User.objects.create_user("admin", password="a-real-admin-password-1", role=Role.NATIONAL_ADMIN)
    with pytest.raises(CommandError, match="admin"):
        seed(scale="demo")
    assert not Area.objects.exists()
    assert User.objects.get(username="admin").check_password("a-real-admin-password-1")
