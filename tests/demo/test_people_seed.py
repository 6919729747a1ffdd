"""The demo country's children and families: everywhere, cared for, named as in life, with known duplicates."""

from __future__ import annotations

import re
import time
from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from careforce.core.models import Area, AreaLevel
from careforce.core.roles import CASE_HOLDING_ROLES
from careforce.demo.generator import build_country
from careforce.demo.generator.people import cyrillic_to_romanian, patronymic, strip_diacritics, to_cedilla
from careforce.people.matching import find_candidates
from careforce.people.models import Household, Person, Relationship, RelationshipKind
from careforce.people.names import name_key
from tests.core.factories import AreaFactory, OrganisationFactory, UserFactory

CYRILLIC = re.compile(r"[\u0400-\u04ff]")


@pytest.fixture
def demo(db):
    return build_country("demo", progress=False)


def people_counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in (Household, Person, Relationship)}


def _matches(person: Person):
    return find_candidates(
        given_name=person.given_name,
        family_name=person.family_name,
        birth_date=person.birth_date,
        sex=person.sex,
        exclude_ids=(person.pk,),
    )


def test_the_demo_has_a_few_hundred_people_in_every_district(demo):
    assert 250 <= Person.objects.count() <= 400
    assert demo.counts["people"] == Person.objects.count()
    for district in Area.objects.filter(level=AreaLevel.DISTRICT):
        people = Person.objects.filter(area__parent=district)
        assert people.exists(), district.name
        assert Household.objects.filter(area__parent=district).exists(), district.name
    assert not Person.objects.exclude(area__level=AreaLevel.LOCALITY).exists()


def test_every_child_has_a_caregiver_and_only_children_have_relatives(demo):
    children = [p for p in Person.objects.all() if p.is_child]
    assert 0.5 <= len(children) / Person.objects.count() <= 0.7
    cared_for = set(Relationship.objects.filter(is_caregiver=True).values_list("child_id", flat=True))
    assert all(child.pk in cared_for for child in children)
    assert all(0 <= child.age <= 17 for child in children)
    assert not Relationship.objects.filter(child__in=[p for p in Person.objects.all() if not p.is_child])
    kinds = set(Relationship.objects.values_list("kind", flat=True))
    assert {RelationshipKind.MOTHER, RelationshipKind.GRANDPARENT, RelationshipKind.SIBLING} <= kinds


def test_families_share_a_household_and_mostly_a_family_name(demo):
    sizes = Counter(p.household_id for p in Person.objects.all() if p.is_child and p.household_id)
    assert sum(1 for n in sizes.values() if n >= 2) >= 0.3 * len(sizes)
    shared = 0
    households = Household.objects.prefetch_related("members")
    for household in households:
        names = Counter(name_key(m.family_name) for m in household.members.all())
        shared += names.most_common(1)[0][1] >= 0.5 * sum(names.values()) if names else 0
    assert shared >= 0.8 * households.count()
    siblings = Relationship.objects.filter(kind=RelationshipKind.SIBLING, relative__household__isnull=False)
    assert all(r.child.household_id == r.relative.household_id for r in siblings.select_related("child", "relative"))


def test_registered_by_a_case_holder_of_the_district(demo):
    for person in Person.objects.select_related("registered_by__organisation__area", "area"):
        user = person.registered_by
        assert user.role in CASE_HOLDING_ROLES
        assert person.organisation_id == user.organisation_id
        district_path = person.area.parent.path
        assert user.organisation.area.path.startswith(district_path), (person, user)
    for household in Household.objects.select_related("registered_by"):
        assert household.organisation_id == household.registered_by.organisation_id


def test_names_sex_and_health_look_real(demo):
    people = list(Person.objects.all())
    children = [p for p in people if p.is_child]
    boys = sum(p.sex == "M" for p in children) / len(children)
    assert 0.4 <= boys <= 0.62
    assert any(CYRILLIC.search(p.family_name) for p in people)
    assert any(re.search("[ăâîșțĂÂÎȘȚ]", p.given_name + p.family_name) for p in people)
    with_notes = sum(bool(p.health_notes) for p in children)
    assert 1 <= with_notes <= 0.1 * len(children)
    # Russian-speaking districts have mostly Cyrillic names; the others mostly Latin ones.
    russophone = demo.russophone_districts
    for district in demo.districts:
        here = [p for p in people if p.area.parent_id == district.pk]
        share = sum(bool(CYRILLIC.search(p.family_name)) for p in here) / len(here)
        assert (share >= 0.3) if district.pk in russophone else (share <= 0.5), (district.name, share)
    created = [p.created_at for p in people]
    assert (max(created) - min(created)).days > 365


def test_keys_are_those_save_would_compute(demo):
    for person in Person.objects.all():
        assert person.given_key == name_key(person.given_name)[:80]
        assert person.family_key == name_key(person.family_name)[:80]


def test_planted_duplicates_are_likely_matches(demo):
    planted = demo.extra["people_duplicates"]
    assert {kind for kind, _a, _b in planted} >= {
        "other_script_cyrillic", "other_script_latin", "diacritics_dropped", "day_month_swapped"
    }
    for kind, original_pk, duplicate_pk in planted:
        original, duplicate = Person.objects.get(pk=original_pk), Person.objects.get(pk=duplicate_pk)
        assert original.organisation_id != duplicate.organisation_id, kind
        assert duplicate.is_child
        assert Relationship.objects.filter(child=duplicate, is_caregiver=True).exists()
        for a, b in ((duplicate, original), (original, duplicate)):
            levels = {c.person.pk: c.level for c in _matches(a)}
            assert levels.get(b.pk) == "likely", (kind, str(a), str(b), levels)
    by_kind = {kind: (Person.objects.get(pk=a), Person.objects.get(pk=b)) for kind, a, b in planted}
    original, duplicate = by_kind["other_script_cyrillic"]
    assert not CYRILLIC.search(original.family_name) and CYRILLIC.search(duplicate.family_name)
    original, duplicate = by_kind["day_month_swapped"]
    assert (original.birth_date.day, original.birth_date.month) == (
        duplicate.birth_date.month, duplicate.birth_date.day
    )


def test_twins_are_never_likely_duplicates(demo):
    first, second = (Person.objects.get(pk=pk) for pk in demo.extra["people_twins"])
    assert first.birth_date == second.birth_date and first.family_name == second.family_name
    assert first.household_id == second.household_id
    for a, b in ((first, second), (second, first)):
        levels = {c.person.pk: c for c in _matches(a)}
        assert b.pk not in levels or levels[b.pk].level == "possible"
        if b.pk in levels:
            assert "possible_twin" in levels[b.pk].matched_on


def test_seeding_again_creates_nothing_and_reset_rebuilds_the_same(db):
    out = StringIO()
    started = time.monotonic()
    call_command("seed", scale="demo", stdout=out, stderr=StringIO())
    assert time.monotonic() - started < 10
    assert "people:" in out.getvalue()
    before = people_counts()
    assert before["Person"] > 0
    call_command("seed", scale="demo", stdout=StringIO(), stderr=StringIO())
    assert people_counts() == before
    names = sorted(Person.objects.values_list("given_name", "family_name", "birth_date"))
    call_command("seed", scale="demo", reset=True, stdout=StringIO(), stderr=StringIO())
    assert people_counts() == before
    assert sorted(Person.objects.values_list("given_name", "family_name", "birth_date")) == names


def test_reset_removes_merged_demo_records_but_never_what_others_still_point_at(db):
    call_command("seed", scale="demo", stdout=StringIO(), stderr=StringIO())
    first, second = Person.objects.order_by("pk")[:2]
    Person.objects.filter(pk=second.pk).update(merged_into=first)  # merged within the demo: fine
    call_command("seed", scale="demo", reset=True, stdout=StringIO(), stderr=StringIO())
    assert not Person.objects.filter(merged_into__isnull=False).exists()

    # A record elsewhere merged into a demo child protects her, and so the whole demo country.
    elsewhere = UserFactory(organisation=OrganisationFactory(area=AreaFactory(code="ZZ")))
    demo_child = Person.objects.order_by("pk").first()
    outsider = Person.objects.create(
        given_name="Ion", family_name="Ceban", birth_date=demo_child.birth_date, sex="M",
        organisation=elsewhere.organisation, registered_by=elsewhere,
    )
    Person.objects.filter(pk=outsider.pk).update(merged_into=demo_child)
    before = people_counts()
    with pytest.raises(CommandError, match="Cannot reset"):
        call_command("seed", scale="demo", reset=True, stdout=StringIO(), stderr=StringIO())
    assert people_counts() == before


@pytest.mark.parametrize(
    ("cyrillic", "latin"),
    [("Никита Кузнецов", "Nichita Cuznețov"), ("Ксения", "Xenia"), ("Вячеслав", "Veaceslav"),
     ("Георгий Чебан", "Gheorghii Ceban"), ("Артём", "Artiom"), ("Дарья", "Daria")],
)
def test_cyrillic_names_written_the_romanian_way(cyrillic, latin):
    assert cyrillic_to_romanian(cyrillic) == latin
    assert name_key(cyrillic) == name_key(latin)


def test_spelling_helpers():
    assert strip_diacritics("Ștefan Țurcanu Bălan") == "Stefan Turcanu Balan"
    assert to_cedilla("Ștefan Țurcanu") == "Ştefan Ţurcanu"
    assert patronymic("Сергей", False) == "Сергеевич"
    assert patronymic("Юрий", True) == "Юрьевна"
    assert patronymic("Павел", False) == "Павлович"
    assert patronymic("Илья", True) == "Ильична"
    assert patronymic("Игорь", True) == "Игоревна"
