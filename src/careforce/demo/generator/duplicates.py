"""Planted duplicates and twins: the same child registered twice by different offices (another script,
dropped diacritics, the old cedilla letters, day and month swapped) and a pair of twins, so the duplicate
check and the merge page have something real to show in the demo."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone

from careforce.core.models import Area, User
from careforce.people.matching import LIKELY, score
from careforce.people.models import Person, Sex

from .bulk import Row
from .context import Context
from .people import K, _Family, _Generator, _Member, _years_before
from .spelling import _IN_CYRILLIC, _IN_LATIN, _KEYS, strip_diacritics, to_cedilla


def _is_cyrillic(text: str) -> bool:
    return any("\u0400" <= ch <= "\u04ff" for ch in text)


def _likely(original: Row, given: str, family: str, birth: date, sex: str) -> bool:
    other = Person(
        **{
            k: original[k]
            for k in ("id", "given_name", "family_name", "birth_date", "sex", "given_key", "family_key")
        }
    )
    found = score(given_name=given, family_name=family, birth_date=birth, sex=sex, other=other)
    return found is not None and found.score >= LIKELY


def _swapped(day: date) -> date | None:
    if day.day > 12 or day.day == day.month:
        return None
    try:
        swapped = day.replace(month=day.day, day=day.month)
    except ValueError:
        return None
    return swapped


def _names(p: Row) -> str:
    return p["given_name"] + p["family_name"]


@dataclass
class _Variant:
    kind: str
    accepts: Callable[[Row], bool]
    rewrite: Callable[[Row], tuple[str, str, date]]
    office: str  # "russophone": an office in a Russian-speaking district; "latin": elsewhere; "home": nearby


VARIANTS = [
    _Variant(
        "other_script_cyrillic",
        lambda p: not _is_cyrillic(_names(p)),
        lambda p: (_IN_CYRILLIC[p["given_name"]], _IN_CYRILLIC[p["family_name"]], p["birth_date"]),
        "russophone",
    ),
    _Variant(
        "other_script_latin",
        lambda p: _is_cyrillic(_names(p)),
        lambda p: (_IN_LATIN[p["given_name"]], _IN_LATIN[p["family_name"]], p["birth_date"]),
        "latin",
    ),
    _Variant(
        "diacritics_dropped",
        lambda p: strip_diacritics(_names(p)) != _names(p) and not _is_cyrillic(_names(p)),
        lambda p: (strip_diacritics(p["given_name"]), strip_diacritics(p["family_name"]), p["birth_date"]),
        "home",
    ),
    _Variant(
        "cedilla_letters",
        lambda p: any(ch in "ȘșȚț" for ch in _names(p)),
        lambda p: (to_cedilla(p["given_name"]), to_cedilla(p["family_name"]), p["birth_date"]),
        "home",
    ),
    _Variant(
        "day_month_swapped",
        lambda p: (_swapped(p["birth_date"]) or date.max) < timezone.localdate(),
        lambda p: (p["given_name"], p["family_name"], _swapped(p["birth_date"]) or p["birth_date"]),
        "home",
    ),
    _Variant(
        "names_swapped",
        lambda p: True,
        lambda p: (p["family_name"], p["given_name"], p["birth_date"]),
        "home",
    ),
]


def plant(ctx: Context, gen: _Generator, samples: dict[int, list[_Family]]) -> None:
    rng = gen.rng
    home = ctx.districts[0]  # where the fixed demo logins work: they meet the duplicates first
    russophone = [d for d in ctx.districts if d.pk in ctx.russophone_districts]
    elsewhere = [d for d in ctx.districts if d.pk not in ctx.russophone_districts]
    used: set[int] = set()
    planted: list[tuple[str, int, int]] = []
    new_families: list[_Family] = []
    logins = [ctx.logins[name] for name in ("casemanager", "assistant") if name in ctx.logins]
    young_enough = _years_before(gen.today, 17)

    for variant in VARIANTS:
        if variant.office == "latin":
            source = [f for d in russophone for f in samples.get(d.pk, [])]
        else:
            source = samples.get(home.pk, []) + [f for d in ctx.districts for f in samples.get(d.pk, [])]
        for family in source:
            child = next(
                (
                    c
                    for c in family.children
                    if c["id"] not in used and variant.accepts(c) and c["birth_date"] > young_enough
                ),
                None,
            )
            carer = next((m for m in family.adults if m.caregiver), None)
            if child is None or carer is None:
                continue
            given, family_name, birth = variant.rewrite(child)
            if not _likely(child, given, family_name, birth, child["sex"]):
                continue
            office = _office(ctx, gen, variant.office, family, logins, russophone, elsewhere, rng)
            if office is None:
                continue
            registrar, district = office
            dup = _copy_family(
                gen, family, child, carer, registrar, district, variant, (given, family_name, birth)
            )
            used.add(child["id"])
            new_families.append(dup)
            planted.append((variant.kind, child["id"], len(new_families) - 1))
            break

    twins = _twins(ctx, gen, home, logins)
    new_families.append(twins)
    gen.save(new_families)
    ctx.extra["people_duplicates"] = [
        (kind, original, new_families[index].children[0]["id"]) for kind, original, index in planted
    ]
    ctx.extra["people_twins"] = tuple(c["id"] for c in twins.children[:2])
    ctx.counts["planted duplicates"] = len(planted)


def _office(
    ctx: Context,
    gen: _Generator,
    where: str,
    family: _Family,
    logins: list[User],
    russophone: list[Area],
    elsewhere: list[Area],
    rng: random.Random,
) -> tuple[User, Area] | None:
    """Another office than the one that registered the family: the second registration."""
    first_org = family.household["organisation_id"]
    if where == "home":
        for user in logins:
            if user.organisation_id != first_org:
                district = gen.district_of.get(user.organisation.area_id) or ctx.districts[0]
                return user, district
        where = "latin"
    districts = [d for d in (russophone if where == "russophone" else elsewhere) if d is not family.district]
    rng.shuffle(districts)
    for district in districts:
        staff = gen.case_managers.get(district.pk, [])
        if where == "russophone":
            staff = gen.russian_speaking.get(district.pk) or staff
        staff = [
            u for u in staff if u.organisation_id != first_org and (where != "latin" or u.language != "ru")
        ]
        if staff:
            return rng.choice(staff), district
    return None


def _copy_family(
    gen: _Generator,
    family: _Family,
    child: Row,
    carer: _Member,
    registrar: User,
    district: Area,
    variant: _Variant,
    names: tuple[str, str, date],
) -> _Family:
    """The child and her caregiver registered again by another office, which wrote their names its way."""
    org = registrar.organisation
    locality = org.area if org.area_id in gen.district_of else gen.locality(district)
    cyrillic = variant.kind == "other_script_cyrillic" or (
        variant.kind != "other_script_latin" and family.cyrillic
    )
    later = max(family.household["created_at"], gen.now - timedelta(days=60))
    household: Row = {
        "area_id": locality.pk,
        "address": gen.address(locality, False, cyrillic),
        "phone": gen.phone(),
        "organisation_id": registrar.organisation_id,
        "registered_by_id": registrar.pk,
        "created_at": min(gen.now, later + timedelta(days=gen.rng.randint(1, 50))),
    }

    def again(original: Row, given: str, family_name: str, birth: date) -> Row:
        return {
            "given_name": given,
            "family_name": family_name,
            "birth_date": birth,
            "sex": original["sex"],
            "patronymic": "" if variant.kind == "other_script_latin" else original["patronymic"],
            "personal_number": "",
            "household_id": household,
            "area_id": locality.pk,
            "address": "",
            "phone": original["phone"],
            "health_notes": original["health_notes"],
            "given_key": _KEYS[given],
            "family_key": _KEYS[family_name],
            "organisation_id": registrar.organisation_id,
            "registered_by_id": registrar.pk,
            "created_at": household["created_at"],
        }

    dup_child = again(child, *names)
    carer_given, carer_family, _birth = variant.rewrite(carer.person)
    if variant.kind == "day_month_swapped":
        carer_given, carer_family = carer.person["given_name"], carer.person["family_name"]
    dup_carer = again(carer.person, carer_given, carer_family, carer.person["birth_date"])
    return _Family(household, [dup_child], [_Member(dup_carer, carer.kind, True, True)], district, cyrillic)


def _twins(ctx: Context, gen: _Generator, home: Area, logins: list[User]) -> _Family:
    """A family with twins, registered by the demo case manager: alike, yet never 'likely' the same."""
    registrar = logins[0] if logins else gen.case_managers[home.pk][0]
    locality = ctx.town_of[home.pk]
    birth = _years_before(gen.today, 7) - timedelta(days=gen.rng.randint(20, 300))
    household: Row = {
        "area_id": locality.pk,
        "address": gen.address(locality, True, False),
        "phone": gen.phone(),
        "organisation_id": registrar.organisation_id,
        "registered_by_id": registrar.pk,
        "created_at": gen.now - timedelta(days=gen.rng.randint(30, 900)),
    }

    def member(given: str, birth_date: date, sex: str, phone: str = "") -> Row:
        return {
            "given_name": given,
            "family_name": "Munteanu",
            "patronymic": "",
            "birth_date": birth_date,
            "sex": sex,
            "personal_number": gen.idnp(birth_date, 1.0),
            "household_id": household,
            "area_id": locality.pk,
            "address": "",
            "phone": phone,
            "health_notes": "",
            "given_key": _KEYS[given],
            "family_key": _KEYS["Munteanu"],
            "organisation_id": registrar.organisation_id,
            "registered_by_id": registrar.pk,
            "created_at": household["created_at"],
        }

    # Two girls: the check shows them as "possible, perhaps a twin", never as "likely" the same child.
    children = [member("Daria", birth, Sex.FEMALE), member("Sofia", birth, Sex.FEMALE)]
    mother = member("Corina", _years_before(birth, 29), Sex.FEMALE, gen.phone())
    return _Family(household, children, [_Member(mother, K.MOTHER, True, True)], home, False)
