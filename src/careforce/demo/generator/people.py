"""Children and their families in the demo country, and a few duplicates planted on purpose.

Each household lives in a locality and is registered by a worker who holds cases there: a community
social assistant of the village's own office or a case manager of the district directorate. Families look
like the ones a child protection service knows: two parents, a mother alone, grandparents raising the
children of parents working abroad, an aunt, a guardian or a foster carer. Names are Romanian with their
diacritics; in the Russian-speaking districts most families have Russian names in Cyrillic, and a Russian
speaking worker sometimes writes a Romanian family's names in Cyrillic too.

The same child registered twice by two offices (once in Latin and once in Cyrillic letters, once without
diacritics, once with day and month swapped, ...) and a pair of twins are planted at every scale, so the
duplicate check and the merge page have something to show; `ctx.extra` names them.
"""

from __future__ import annotations

import random
from bisect import bisect
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _
from rapidfuzz import fuzz

from careforce.core.models import Area, User
from careforce.core.roles import CASE_HOLDING_ROLES, Role
from careforce.people.models import Household, Person, Relationship, RelationshipKind, Sex

from .bulk import Row, insert
from .context import Context
from .family_data import (  # noqa: F401  (ruff trims what is unused)
    ABROAD,
    CHILD_ROMANIAN_FEMALE,
    CHILD_ROMANIAN_MALE,
    CHILD_RUSSIAN_FEMALE,
    CHILD_RUSSIAN_MALE,
    ELDER_ROMANIAN_FEMALE,
    ELDER_ROMANIAN_MALE,
    ELDER_RUSSIAN_FEMALE,
    ELDER_RUSSIAN_MALE,
    HEALTH_NOTES,
    MORE_ROMANIAN_FAMILY,
    MORE_RUSSIAN_FAMILY,
)
from .names import (
    ROMANIAN_FAMILY,
    ROMANIAN_FEMALE,
    ROMANIAN_MALE,
    RUSSIAN_FAMILY,
    RUSSIAN_FEMALE,
    RUSSIAN_MALE,
    russian_family_name,
)
from .organisations import STREETS
from .spelling import (
    _IN_CYRILLIC,
    _KEYS,
    cyrillic_to_romanian,
    patronymic,
    strip_diacritics,
    to_cedilla,
)
from .users import RUSSIAN_SHARE_ELSEWHERE, RUSSIAN_SHARE_RUSSOPHONE

K = RelationshipKind
CHUNK_PEOPLE = 5000  # people generated and inserted at a time (one tick of the progress bar)

HEALTH_SHARE = 0.035  # children with a health condition or a disability on record
BOY_SHARE = 0.51
TWIN_SHARE = 0.012  # of births
CYRILLIC_ROMANIAN_SHARE = 0.3  # Romanian families a Russian-speaking worker writes in Cyrillic
CHILDREN_IN_HOUSEHOLD = ([1, 2, 3, 4, 5, 6], [28, 34, 22, 10, 4, 2])
# The youngest child's age: families come to the service with small children more often.
YOUNGEST_AGE = (list(range(18)), [12, 11, 10, 9, 8, 8, 8, 7, 7, 7, 6, 6, 6, 5, 5, 5, 5, 4])
FAMILY_TYPES = (
    ["two_parents", "single_mother", "parents_abroad", "father_alone", "relatives", "foster"],
    [44, 30, 12, 5, 6, 3],
)

# Russian patronymics: the father's given name with -ович/-евич (-овна/-евна), and the usual exceptions.


def _cumulative(weights: Sequence[float]) -> list[float]:
    total, out = 0.0, []
    for w in weights:
        total += w
        out.append(total)
    return out


def _zipf(names: Sequence[str], exponent: float = 0.3) -> tuple[list[str], list[float]]:
    """Names in the order they are listed, the first the most common (the top one about 1.5 % of people)."""
    unique = list(dict.fromkeys(names))
    return unique, _cumulative([1 / (rank + 1) ** exponent for rank in range(len(unique))])


RO_SURNAMES = _zipf([*ROMANIAN_FAMILY, *MORE_ROMANIAN_FAMILY])
RU_SURNAMES = _zipf([*RUSSIAN_FAMILY, *MORE_RUSSIAN_FAMILY])


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _check_digit(digits: str) -> str:
    return str(sum(int(d) * (7, 3, 1)[i % 3] for i, d in enumerate(digits)) % 10)


@dataclass
class _Member:
    person: Row
    kind: str = ""
    caregiver: bool = False
    lives: bool = True
    own_children: set[int] = field(default_factory=set)  # a step-parent's own children, by index


@dataclass
class _Family:
    household: Row
    children: list[Row]
    adults: list[_Member]
    district: Area
    cyrillic: bool


class _Generator:
    def __init__(self, ctx: Context, rng: random.Random) -> None:
        self.ctx, self.rng = ctx, rng
        self.today = timezone.localdate()
        self.now = timezone.now()
        self.earliest = self.now - timedelta(days=5 * 365)
        self.district_of: dict[int, Area] = {}
        self.cum_localities: dict[int, list[float]] = {}
        for district in ctx.districts:
            localities = ctx.localities_of[district.pk]
            for loc in localities:
                self.district_of[loc.pk] = district
            self.cum_localities[district.pk] = _cumulative(
                [max(1, ctx.population.get(loc.pk, (0, 1))[1]) for loc in localities]
            )
        # Who registers families: case managers at the directorate, assistants in their own village.
        self.case_managers: dict[int, list[User]] = {}
        self.assistants: dict[int, list[User]] = {}
        for user in ctx.users:
            if user.role not in CASE_HOLDING_ROLES or user.organisation is None:
                continue
            org_area = user.organisation.area_id
            if user.role == Role.CASE_MANAGER:
                self.case_managers.setdefault(org_area, []).append(user)
            else:
                self.assistants.setdefault(org_area, []).append(user)
        self.russian_speaking = {
            key: [u for u in users if u.language == "ru"]
            for key, users in [*self.case_managers.items(), *self.assistants.items()]
        }
        self.idnps: set[str] = set()

    # -- small draws -------------------------------------------------------------------------------------

    def pick(self, names: Sequence[str]) -> str:
        return names[int(self.rng.random() * len(names))]

    def surname(self, russian: bool) -> str:
        names, cum = RU_SURNAMES if russian else RO_SURNAMES
        return names[bisect(cum, self.rng.random() * cum[-1])]

    def born(self, age_days: float) -> date:
        return self.today - timedelta(days=max(0, int(age_days)))

    def adult_birth(self, reference: date, years: tuple[float, float, float]) -> date:
        """A birth date `triangular(years)` years before `reference`, on any day of the year."""
        return reference - timedelta(days=int(self.rng.triangular(*years) * 365.25))

    def phone(self) -> str:
        r = self.rng
        return f"+999 6{r.randint(0, 9)}{r.randint(0, 9)} {r.randint(10, 99)} {r.randint(100, 999)}"

    def idnp(self, birth: date, share: float) -> str:
        """A fictional 13-digit personal number (IDNP) for `share` of people; unique within the run."""
        r = self.rng
        if r.random() >= share:
            return ""
        year = birth.year if birth.year >= 1995 else r.randint(1995, 2004)
        while True:
            digits = f"{2 if year >= 2000 else 0}{year % 1000:03d}{r.randrange(10**8):08d}"
            number = digits + _check_digit(digits)
            if number not in self.idnps:
                self.idnps.add(number)
                return number

    def registrar(self, district: Area, locality: Area, russian: bool) -> User:
        r = self.rng
        local = self.assistants.get(locality.pk, [])
        key = locality.pk if local and r.random() < 0.6 else district.pk
        pool = self.assistants[key] if key == locality.pk else self.case_managers[district.pk]
        speakers = self.russian_speaking.get(key, [])
        if russian and speakers and r.random() < 0.7:
            pool = speakers
        return pool[int(r.random() * len(pool))]

    def locality(self, district: Area) -> Area:
        cum = self.cum_localities[district.pk]
        return self.ctx.localities_of[district.pk][bisect(cum, self.rng.random() * cum[-1])]

    def address(self, locality: Area, town: bool, cyrillic: bool) -> str:
        r = self.rng
        street = self.pick(STREETS)
        number = r.randint(1, 180 if town else 90)
        flat = r.randint(1, 120) if town and r.random() < 0.55 else 0
        if cyrillic:
            return f"ул. {_IN_CYRILLIC[street]} {number}" + (f", кв. {flat}" if flat else "")
        return f"str. {street} {number}" + (f", ap. {flat}" if flat else "")

    # -- one family --------------------------------------------------------------------------------------

    def family(self, district: Area) -> _Family:
        r, ctx = self.rng, self.ctx
        locality = self.locality(district)
        russian_share = (
            RUSSIAN_SHARE_RUSSOPHONE if district.pk in ctx.russophone_districts else RUSSIAN_SHARE_ELSEWHERE
        )
        russian = r.random() < russian_share
        registrar = self.registrar(district, locality, russian)
        cyrillic = russian or (registrar.language == "ru" and r.random() < CYRILLIC_ROMANIAN_SHARE)
        write = (lambda name: name) if russian or not cyrillic else _IN_CYRILLIC.__getitem__

        def name_of(pool_female: Sequence[str], pool_male: Sequence[str], female: bool) -> str:
            return write(self.pick(pool_female if female else pool_male))

        if russian:
            kids_f, kids_m = CHILD_RUSSIAN_FEMALE, CHILD_RUSSIAN_MALE
            adults_f, adults_m = RUSSIAN_FEMALE, RUSSIAN_MALE
            elders_f, elders_m = ELDER_RUSSIAN_FEMALE, ELDER_RUSSIAN_MALE
        else:
            kids_f, kids_m = CHILD_ROMANIAN_FEMALE, CHILD_ROMANIAN_MALE
            adults_f, adults_m = ROMANIAN_FEMALE, ROMANIAN_MALE
            elders_f, elders_m = ELDER_ROMANIAN_FEMALE, ELDER_ROMANIAN_MALE

        def surname_for(stem: str, female: bool) -> str:
            return russian_family_name(stem, female) if russian else write(stem)

        family_stem = self.surname(russian)
        kind = r.choices(*FAMILY_TYPES)[0]
        stepfamily = kind == "two_parents" and r.random() < 0.1
        children_stem = self.surname(russian) if stepfamily else family_stem

        # The children, youngest first; older brothers and sisters follow at realistic spacings.
        count = r.choices(*CHILDREN_IN_HOUSEHOLD)[0]
        age = r.choices(*YOUNGEST_AGE)[0] * 365.25 + r.random() * 365
        ages: list[float] = []
        for i in range(count):
            if i:
                age += 0 if r.random() < TWIN_SHARE else r.triangular(14, 96, 30) * 30.44
            ages.append(age)
        child_ages = [a for a in ages if a < 18 * 365.25 - 2]
        adult_siblings = [a for a in ages if a >= 18 * 365.25 - 2 and a < 26 * 365.25]

        town = locality is ctx.town_of[district.pk]
        household: Row = {
            "area_id": locality.pk, "address": self.address(locality, town, cyrillic),
            "phone": self.phone() if r.random() < 0.8 else "", "organisation_id": registrar.organisation_id,
            "registered_by_id": registrar.pk,
        }
        youngest = self.born(child_ages[0]) if child_ages else self.today
        start = min(self.now, max(self.earliest, timezone.make_aware(datetime.combine(youngest, time(9)))))
        span = max(0.0, (self.now - start).total_seconds())
        registered = household["created_at"] = start + timedelta(seconds=r.random() * span)
        in_ru = registrar.language == "ru"

        def person(
            given: str, family: str, birth: date, sex: str, *, home: bool = True, address: str = "",
            phone: str = "", health: str = "", father_name: str = "", idnp_share: float = 0.7,
        ) -> Row:
            patro = ""
            if russian:
                patro = patronymic(father_name or self.pick(ELDER_RUSSIAN_MALE if birth.year < 1990 else
                                                             RUSSIAN_MALE), sex == Sex.FEMALE)
            return {
                "given_name": given, "family_name": family, "patronymic": patro, "birth_date": birth,
                "sex": sex, "personal_number": self.idnp(birth, idnp_share),
                "household_id": household if home else None,  # the household's id once it is inserted
                "area_id": locality.pk, "address": address, "phone": phone, "health_notes": health,
                "given_key": _KEYS[given], "family_key": _KEYS[family],
                "organisation_id": registrar.organisation_id, "registered_by_id": registrar.pk,
                "created_at": registered,
            }

        # Parents' ages follow from the eldest child's; fathers are mostly a few years older.
        eldest = self.born(ages[-1])
        mother_birth = self.adult_birth(eldest, (18, 38, 24))
        father_birth = self.adult_birth(mother_birth, (-3, 10, 2.5))
        father_given = write(self.pick(adults_m))

        children: list[Row] = []
        given_used: list[str] = []
        for i, child_age in enumerate(child_ages):
            birth = self.born(child_age)
            if i and child_age == child_ages[i - 1]:
                birth = children[-1]["birth_date"]  # twins
            female = r.random() >= BOY_SHARE
            for _attempt in range(20):
                given = name_of(kids_f, kids_m, female)
                if all(fuzz.ratio(_KEYS[given], _KEYS[g]) < 70 for g in given_used):
                    break
            given_used.append(given)
            own_stem = family_stem if stepfamily and i == 0 and len(child_ages) > 1 else children_stem
            health = ""
            if r.random() < HEALTH_SHARE:
                notes = [n for n in HEALTH_NOTES if n[2] * 365.25 <= child_age]
                health = self.pick(notes)[1 if in_ru else 0]
            teen_phone = self.phone() if child_age > 14 * 365.25 and r.random() < 0.4 else ""
            children.append(
                person(given, surname_for(own_stem, female), birth, Sex.FEMALE if female else Sex.MALE,
                       phone=teen_phone, health=health, father_name=father_given if not stepfamily else "")
            )

        adults: list[_Member] = []

        def add(member_person: Row, kind: str, caregiver: bool, lives: bool, own: set[int] | None = None):
            adults.append(_Member(member_person, kind, caregiver, lives, own or set()))

        def abroad() -> str:
            return self.pick(ABROAD)[1 if cyrillic else 0]

        def mother(caregiver: bool = True, lives: bool = True) -> None:
            own = family_stem if r.random() < 0.85 else self.surname(russian)
            add(
                person(write(self.pick(adults_f)), surname_for(own, True), mother_birth, Sex.FEMALE,
                       home=lives, address="" if lives else abroad(), phone=self.phone(), idnp_share=0.8),
                K.MOTHER, caregiver, lives,
            )

        def father(caregiver: bool = True, lives: bool = True, kind: str = K.FATHER, own: set | None = None):
            add(
                person(father_given, surname_for(family_stem, False), father_birth, Sex.MALE, home=lives,
                       address="" if lives else abroad(), phone=self.phone() if r.random() < 0.7 else "",
                       idnp_share=0.8),
                kind, caregiver, lives, own,
            )

        def grandparent(caregiver: bool, female: bool | None = None) -> None:
            female = r.random() < 0.75 if female is None else female
            stem = family_stem if r.random() < 0.55 else self.surname(russian)
            add(
                person(name_of(elders_f, elders_m, female), surname_for(stem, female),
                       self.adult_birth(mother_birth, (19, 32, 24)), Sex.FEMALE if female else Sex.MALE,
                       phone=self.phone() if r.random() < 0.5 else "", idnp_share=0.9),
                K.GRANDPARENT, caregiver, True,
            )

        def carer(kind: str) -> None:
            female = r.random() < 0.75
            related = kind == K.AUNT_UNCLE and r.random() < 0.5
            stem = family_stem if related else self.surname(russian)
            birth = (self.adult_birth(mother_birth, (-10, 10, 0)) if kind == K.AUNT_UNCLE
                     else self.adult_birth(self.today, (30, 64, 45)))
            add(
                person(name_of(adults_f, adults_m, female), surname_for(stem, female), birth,
                       Sex.FEMALE if female else Sex.MALE, phone=self.phone(), idnp_share=0.9),
                kind, True, True,
            )

        if kind == "two_parents":
            mother()
            if stepfamily:
                own = {0} if len(child_ages) > 1 else set()
                father(kind=K.STEPPARENT, own=own)
            elif r.random() < 0.2:
                father()
            if r.random() < 0.05:
                grandparent(caregiver=r.random() < 0.5)
        elif kind == "single_mother":
            mother()
            if r.random() < 0.1:
                grandparent(caregiver=r.random() < 0.5)
            if r.random() < 0.05:
                father(caregiver=False, lives=False)
        elif kind == "parents_abroad":
            grandparent(caregiver=True)
            if r.random() < 0.15:
                grandparent(caregiver=True, female=False)
            if r.random() < 0.4:
                mother(caregiver=False, lives=False)
            if r.random() < 0.2:
                father(caregiver=False, lives=False)
        elif kind == "father_alone":
            father()
            if r.random() < 0.25:
                mother(caregiver=False, lives=False)
            if r.random() < 0.2:
                grandparent(caregiver=r.random() < 0.6)
        else:
            if kind == "foster":
                carer(K.FOSTER_CARER)
            else:
                carer(r.choices([K.AUNT_UNCLE, K.GRANDPARENT, K.GUARDIAN], [55, 25, 20])[0])
            if r.random() < 0.25:
                mother(caregiver=False, lives=False)
        # Grown-up brothers and sisters still at home are recorded now and then.
        for sibling_age in adult_siblings:
            if r.random() < 0.2:
                female = r.random() >= BOY_SHARE
                add(
                    person(name_of(kids_f, kids_m, female), surname_for(children_stem, female),
                           self.born(sibling_age), Sex.FEMALE if female else Sex.MALE, phone=self.phone()),
                    K.SIBLING, r.random() < 0.15, True,
                )
        return _Family(household, children, adults, district, cyrillic)

    @staticmethod
    def relationships(family: _Family) -> list[Row]:
        rows = []
        for i, child in enumerate(family.children):
            for member in family.adults:
                kind = member.kind
                if kind == K.STEPPARENT and i in member.own_children:
                    kind = K.FATHER
                rows.append({
                    "child_id": child["id"], "relative_id": member.person["id"], "kind": kind,
                    "is_caregiver": member.caregiver, "lives_with_child": member.lives,
                })
            for sibling in family.children:
                if sibling is not child:
                    rows.append({
                        "child_id": child["id"], "relative_id": sibling["id"], "kind": K.SIBLING,
                        "is_caregiver": False, "lives_with_child": True,
                    })
        return rows

    def save(self, families: list[_Family]) -> None:
        insert(Household, [f.household for f in families])
        people = [p for f in families for p in (*f.children, *(m.person for m in f.adults))]
        for person in people:
            if person["household_id"] is not None:
                person["household_id"] = person["household_id"]["id"]
        insert(Person, people)
        links = [rel for f in families for rel in self.relationships(f)]
        insert(Relationship, links)
        counts = self.ctx.counts
        counts["households"] += len(families)
        counts["people"] += len(people)
        counts["children"] += sum(len(f.children) for f in families)
        counts["relationships"] += len(links)


def build_people(ctx: Context) -> None:
    total = ctx.scale.people
    if not total:
        return
    rng = ctx.rng("people")
    gen = _Generator(ctx, rng)
    weights = {d.pk: sum(max(1, ctx.population.get(loc.pk, (0, 1))[1]) for loc in ctx.localities_of[d.pk])
               for d in ctx.districts}
    all_weight = sum(weights.values())
    # Work in chunks of about CHUNK_PEOPLE people, each district on its own: one bar tick per chunk.
    chunks: list[tuple[Area, int]] = []
    for district in ctx.districts:
        target = max(8, round(total * weights[district.pk] / all_weight))
        parts = max(1, round(target / CHUNK_PEOPLE))
        chunks.extend((district, target // parts + (1 if i < target % parts else 0)) for i in range(parts))

    samples: dict[int, list[_Family]] = {}  # a few families per district, for the planted duplicates
    for district, target in ctx.bar(chunks, _("Children and families"), total=len(chunks)):
        families: list[_Family] = []
        made = 0
        while made < target:
            family = gen.family(district)
            if not family.children:
                continue
            families.append(family)
            made += len(family.children) + len(family.adults)
        gen.save(families)
        kept = samples.setdefault(district.pk, [])
        kept.extend(families[: max(0, 60 - len(kept))])

    from .duplicates import plant  # it builds on this module's generator

    plant(ctx, gen, samples)
    if connection.vendor == "postgresql":
        # Fresh statistics, or the planner guesses from an empty table and the duplicate check crawls.
        with connection.cursor() as cursor:
            tables = (Household, Person, Relationship)
            cursor.execute("ANALYZE " + ", ".join(connection.ops.quote_name(m._meta.db_table) for m in tables))


# -- planted duplicates and twins -------------------------------------------------------------------------


# Kept importable from here: later steps and the benchmarks use them.
__all__ = ["build_people", "cyrillic_to_romanian", "insert", "strip_diacritics", "to_cedilla"]
