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
import unicodedata
from bisect import bisect
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import connection, models
from django.utils import timezone
from django.utils.translation import gettext as _
from rapidfuzz import fuzz

from careforce.core.models import Area, User
from careforce.core.roles import CASE_HOLDING_ROLES, Role
from careforce.people.matching import LIKELY, score
from careforce.people.models import Household, Person, Relationship, RelationshipKind, Sex
from careforce.people.names import name_key

from .context import BATCH_SIZE, Context
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
from .toponyms import romanian_to_russian
from .users import RUSSIAN_SHARE_ELSEWHERE, RUSSIAN_SHARE_RUSSOPHONE

K = RelationshipKind
Row = dict[str, Any]  # one row to insert, by attribute name (`area_id`, not `area`)
CHUNK_PEOPLE = 5000  # people generated and inserted at a time (one tick of the progress bar)

# Children's names are today's names; their parents and grandparents have the names of their own time.
CHILD_ROMANIAN_FEMALE = [
    "Sofia", "Maria", "Daria", "Alexandra", "Ana", "Eva", "Victoria", "Amelia", "Emilia", "Anastasia",
    "Evelina", "Iuliana", "Mihaela", "Cristina", "Ecaterina", "Valeria", "Ariana", "Bianca", "Camelia",
    "Delia", "Denisa", "Elena", "Gabriela", "Ioana", "Carolina", "Adelina", "Nicoleta", "Patricia",
    "Loredana", "Teodora", "Mădălina", "Cătălina", "Ilinca", "Irina", "Doinița", "Ștefana", "Andreea",
    "Corina", "Olivia", "Maia",
]
CHILD_ROMANIAN_MALE = [
    "Alexandru", "David", "Daniel", "Matei", "Luca", "Mihai", "Andrei", "Ion", "Ștefan", "Maxim", "Artiom",
    "Nichita", "Cristian", "Denis", "Gabriel", "Teodor", "Tudor", "Victor", "Vlad", "Eduard", "Bogdan",
    "Marius", "Nicolae", "Ilie", "Dumitru", "Ionuț", "Dănuț", "Răzvan", "Sebastian", "Adrian", "Mario",
    "Emanuel", "Iustin", "Călin", "Sandu", "Petru", "Radu", "Octavian", "Serghei", "Vasile",
]
CHILD_RUSSIAN_FEMALE = [
    "София", "Анна", "Мария", "Ева", "Варвара", "Алиса", "Виктория", "Дарья", "Полина", "Анастасия",
    "Ксения", "Вероника", "Василиса", "Милана", "Арина", "Екатерина", "Елизавета", "Алёна", "Кристина",
    "Валерия", "Ульяна", "Диана", "Ангелина", "Маргарита",
]
CHILD_RUSSIAN_MALE = [
    "Артём", "Максим", "Александр", "Михаил", "Даниил", "Кирилл", "Матвей", "Тимофей", "Иван", "Марк",
    "Никита", "Дмитрий", "Егор", "Илья", "Андрей", "Роман", "Владислав", "Денис", "Богдан", "Глеб", "Лев",
    "Степан", "Фёдор", "Ярослав",
]
ELDER_ROMANIAN_FEMALE = [
    "Maria", "Ana", "Elena", "Eudochia", "Vera", "Nina", "Zinaida", "Raisa", "Valentina", "Parascovia",
    "Tamara", "Ecaterina", "Domnica", "Agafia", "Antonina", "Galina", "Lidia", "Efrosinia", "Olga",
]
ELDER_ROMANIAN_MALE = [
    "Ion", "Gheorghe", "Vasile", "Nicolae", "Petru", "Mihail", "Dumitru", "Grigore", "Constantin", "Ilie",
    "Vladimir", "Andrei", "Alexei", "Fiodor", "Pavel", "Afanasie", "Simion", "Toader", "Iacob", "Tudor",
]
ELDER_RUSSIAN_FEMALE = [
    "Валентина", "Галина", "Нина", "Тамара", "Людмила", "Лидия", "Зинаида", "Раиса", "Антонина",
    "Клавдия", "Мария", "Вера", "Надежда", "Евдокия",
]
ELDER_RUSSIAN_MALE = [
    "Владимир", "Николай", "Виктор", "Анатолий", "Василий", "Михаил", "Иван", "Пётр", "Григорий", "Фёдор",
    "Алексей", "Валентин", "Геннадий", "Семён",
]

# Beyond the staff's surnames: enough families that a name and a birthday rarely meet by chance.
MORE_ROMANIAN_FAMILY = [
    "Andronic", "Arnăut", "Babii", "Bacal", "Barbă", "Bejan", "Bîrlădeanu", "Boțan", "Bostan", "Botezatu",
    "Brînză", "Bulat", "Buzu", "Căldare", "Carp", "Casian", "Cernat", "Chicu", "Chirilă", "Cibotaru",
    "Ciorbă", "Cîrlig", "Ciubotaru", "Cocieru", "Codreanu", "Condrea", "Corcodel", "Coroi", "Costin",
    "Cotruță", "Crețu", "Cristea", "Cucoș", "Cușnir", "Dabija", "Damian", "Dascăl", "Donică", "Doroftei",
    "Dragan", "Duca", "Dumbravă", "Eremia", "Florea", "Furtună", "Găină", "Galben", "Gavriliță", "Gherman",
    "Gînju", "Gorea", "Graur", "Gribincea", "Gurău", "Ignat", "Ionescu", "Iovu", "Josan", "Leahu", "Lazăr",
    "Leu", "Luca", "Lupașcu", "Manea", "Marin", "Matei", "Mihalachi", "Mîndru", "Moldovan", "Moroșan",
    "Negru", "Neagu", "Nedelcu", "Niculiță", "Olaru", "Onu", "Palade", "Pascal", "Păduraru", "Pînzari",
    "Popescu", "Popovici", "Puiu", "Rață", "Romanciuc", "Rusnac", "Sandu", "Savin", "Sava", "Sîrghi",
    "Sofroni", "Spînu", "Stoica", "Știrbu", "Tofan", "Toma", "Tudor", "Țurcan", "Ursachi", "Vîrlan",
    "Voloc", "Zaharia", "Zamfir", "Zubcu", "Bordian", "Bucătaru", "Cojocari", "Colesnic", "Pascari",
    "Railean", "Cozma", "Plămădeală", "Negară", "Onofrei", "Petrescu", "Tabac", "Talmaci", "Tcaci",
    "Țîbîrnă", "Vîlcu", "Boboc", "Buga", "Burlacu", "Chistol", "Chetrari", "Ciocan", "Cîrstea",
    "Dragomir", "Gheorghiță", "Gonța", "Guzun", "Harea", "Hîrbu", "Lisnic", "Malai", "Mardari", "Mîțu",
    "Moghildea", "Mustață", "Pelivan", "Pîslaru", "Plop", "Pogor", "Popușoi", "Rașcu", "Sturza",
    "Șchiopu", "Șeremet", "Talpă", "Tiron", "Vlas", "Zgureanu", "Apostol", "Bujor", "Cațer", "Ciumac",
    "Dediu", "Enache", "Fusu", "Gangan", "Hadîrcă", "Jitaru", "Lefter", "Mitu", "Nastas", "Pîrvan",
]
MORE_RUSSIAN_FAMILY = [
    "Белов", "Голубев", "Виноградов", "Богданов", "Воробьёв", "Медведев", "Ершов", "Никифоров", "Соловьёв",
    "Жуков", "Комаров", "Гончаров", "Киселёв", "Ильин", "Максимов", "Поляков", "Сорокин", "Ковалёв",
    "Тарасов", "Мартынов", "Ефимов", "Баранов", "Кудрявцев", "Прохоров", "Наумов", "Потапов", "Мельников",
    "Чернов", "Пономарёв", "Кравец", "Бойко", "Шевчук", "Литвиненко", "Марченко", "Лысенко", "Гайдаржи",
    "Топал", "Кара", "Стойлов", "Курдогло", "Терзи", "Яковенко", "Романенко", "Клименко", "Гордиенко",
]

# (Romanian, Russian, youngest age at which it is on record)
HEALTH_NOTES = [
    ("Astm bronșic; inhalator la nevoie.", "Бронхиальная астма; ингалятор по необходимости.", 3),
    ("Diabet zaharat de tip 1, insulinodependent.", "Сахарный диабет 1 типа, инсулинозависимый.", 1),
    ("Epilepsie, sub tratament; crize rare.", "Эпилепсия, на лечении; приступы редкие.", 1),
    (
        "Paralizie cerebrală infantilă; se deplasează în scaun rulant.",
        "Детский церебральный паралич; передвигается в инвалидной коляске.",
        2,
    ),
    (
        "Tulburare din spectrul autist; are însoțitor la școală.",
        "Расстройство аутистического спектра; ассистент в школе.",
        7,
    ),
    ("Deficiență de auz; poartă proteză auditivă.", "Нарушение слуха; слуховой аппарат.", 0),
    ("Sindrom Down; dizabilitate de grad accentuat.", "Синдром Дауна; выраженная степень инвалидности.", 0),
    (
        "Întârziere în dezvoltarea vorbirii; ședințe la logoped.",
        "Задержка речевого развития; занятия с логопедом.",
        3,
    ),
    ("Alergie alimentară severă (arahide); poartă adrenalină.", "Тяжёлая аллергия на арахис; носит адреналин.", 2),
    ("Deficiență de vedere; ochelari, control anual.", "Нарушение зрения; очки, ежегодный осмотр.", 3),
    (
        "Malformație cardiacă congenitală, operată; control la cardiolog.",
        "Врождённый порок сердца, прооперирован; наблюдение у кардиолога.",
        0,
    ),
    ("Anemie feriprivă; tratament cu fier.", "Железодефицитная анемия; препараты железа.", 0),
]
ABROAD = [
    ("Italia, Padova", "Италия, Падуя"),
    ("Italia, Roma", "Италия, Рим"),
    ("Federația Rusă, Moscova", "Россия, Москва"),
    ("Germania, Berlin", "Германия, Берлин"),
    ("Regatul Unit, Londra", "Великобритания, Лондон"),
    ("Franța, Paris", "Франция, Париж"),
    ("Israel, Tel Aviv", "Израиль, Тель-Авив"),
    ("Portugalia, Lisabona", "Португалия, Лиссабон"),
    ("Irlanda, Dublin", "Ирландия, Дублин"),
    ("Cehia, Praga", "Чехия, Прага"),
]

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
_PATRONYMIC_STEMS = {"Павел": "Павлов", "Пётр": "Петров", "Михаил": "Михайлов", "Лев": "Львов",
                     "Дмитрий": "Дмитриев", "Илья": "Ильин", "Никита": "Никитин", "Семён": "Семёнов"}

_RO_LATIN = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "io", "ж": "j", "з": "z", "и": "i",
    "й": "i", "к": "c", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
    "у": "u", "ф": "f", "х": "h", "ц": "ț", "ч": "ci", "ш": "ș", "щ": "șci", "ъ": "", "ы": "î", "ь": "",
    "э": "e", "ю": "iu", "я": "ia",
}
_CYRILLIC_VOWELS = frozenset("аеёиоуыэюяьъй")


def cyrillic_to_romanian(text: str) -> str:
    """A Russian name as a Romanian-speaking registry writes it: 'Никита Кузнецов' → 'Nichita Cuznețov'."""
    out: list[str] = []
    low = text.lower()
    i = 0
    while i < len(text):
        ch, nxt = low[i], low[i + 1] if i + 1 < len(low) else ""
        prev = low[i - 1] if i else ""
        step = 1
        if ch == "к" and nxt == "с":
            latin, step = "x", 2  # Ксения → Xenia, Алексей → Alexei
        elif ch == "к":
            latin = "ch" if nxt and nxt in "еи" else "c"  # Никита → Nichita
        elif ch == "г":
            latin = "gh" if nxt and nxt in "еи" else "g"  # Георгий → Gheorghii
        elif ch == "ч":
            latin = "c" if nxt and nxt in "еи" else "ci"  # Чебан → Ceban, Чобан → Ciobanu
        elif ch == "я" and prev == "и":
            latin = "a"  # Валерия → Valeria
        elif ch == "я" and prev and prev not in _CYRILLIC_VOWELS:
            latin = "ea"  # Вячеслав → Veaceslav
        else:
            latin = _RO_LATIN.get(ch, ch)
        if text[i].isupper() and latin:
            latin = latin[0].upper() + latin[1:]
        out.append(latin)
        i += step
    return "".join(out)


def strip_diacritics(text: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))


def to_cedilla(text: str) -> str:
    """The old cedilla letters of pre-2000 keyboards: Ș → Ş, Ț → Ţ."""
    return text.translate(str.maketrans("ȘșȚț", "ŞşŢţ"))


def patronymic(father: str, female: bool) -> str:
    stem = _PATRONYMIC_STEMS.get(father)
    if stem is None:
        if father.endswith("ий") and father not in {"Дмитрий"}:
            stem = father[:-2] + "ьев"
        elif father.endswith(("ей", "ай", "ь")):
            stem = father[:-1] + "ев"
        else:
            stem = father + "ов"
    if stem.endswith("ин"):  # Ильич, Никитич
        return stem[:-2] + ("ична" if female else "ич")
    return stem + ("на" if female else "ич")


class _Cache(dict):
    def __init__(self, fn: Callable[[str], str]) -> None:
        super().__init__()
        self.fn = fn

    def __missing__(self, key: str) -> str:
        value = self[key] = self.fn(key)
        return value


_KEYS = _Cache(lambda name: name_key(name)[:80])
_IN_CYRILLIC = _Cache(romanian_to_russian)
_IN_LATIN = _Cache(cyrillic_to_romanian)


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


# Field types whose Python values PostgreSQL's COPY takes as they are; any other field is prepared by Django.
_PLAIN_FIELDS = (
    models.AutoField, models.BigAutoField, models.CharField, models.TextField, models.DateField,
    models.DateTimeField, models.BooleanField, models.IntegerField, models.PositiveIntegerField,
    models.BigIntegerField, models.ForeignKey,
)


def insert(model: type[models.Model], rows: list[Row]) -> None:
    """Insert rows (dicts by attribute name) and set each row's "id".

    On PostgreSQL through COPY with ids drawn from the table's sequence first: several times faster than
    `bulk_create`, which is what the national scale needs. Elsewhere through `bulk_create`. Fields a row
    leaves out get their model default (auto_now fields: now), so a column added later needs no change here.
    """
    if not rows:
        return
    if connection.vendor != "postgresql":
        objs = [model(**row) for row in rows]
        model.objects.bulk_create(objs, batch_size=BATCH_SIZE)
        for row, obj in zip(rows, objs, strict=True):
            row["id"] = obj.pk
        return
    meta = model._meta
    fields = list(meta.concrete_fields)
    now = timezone.now()
    defaults: dict[str, Any] = {}
    for f in fields:
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            defaults[f.attname] = now
        elif f.has_default() or not f.null:
            defaults[f.attname] = f.get_db_prep_save(f.get_default(), connection)
        else:
            defaults[f.attname] = None
    prepare = {f.attname: f for f in fields if type(f) not in _PLAIN_FIELDS}
    table = connection.ops.quote_name(meta.db_table)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    names = [f.attname for f in fields]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [meta.db_table, meta.pk.column, len(rows)],
        )
        for row, (pk,) in zip(rows, cursor.fetchall(), strict=True):
            row[meta.pk.attname] = pk
        with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for row in rows:
                values = [row.get(name, defaults[name]) for name in names]
                if prepare:
                    values = [
                        prepare[name].get_db_prep_save(value, connection) if name in prepare and name in row
                        else value
                        for name, value in zip(names, values, strict=True)
                    ]
                copy.write_row(values)


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

    _plant(ctx, gen, samples)
    if connection.vendor == "postgresql":
        # Fresh statistics, or the planner guesses from an empty table and the duplicate check crawls.
        with connection.cursor() as cursor:
            tables = (Household, Person, Relationship)
            cursor.execute("ANALYZE " + ", ".join(connection.ops.quote_name(m._meta.db_table) for m in tables))


# -- planted duplicates and twins -------------------------------------------------------------------------


def _is_cyrillic(text: str) -> bool:
    return any("\u0400" <= ch <= "\u04ff" for ch in text)


def _likely(original: Row, given: str, family: str, birth: date, sex: str) -> bool:
    other = Person(**{k: original[k] for k in ("id", "given_name", "family_name", "birth_date", "sex",
                                                 "given_key", "family_key")})
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


def _plant(ctx: Context, gen: _Generator, samples: dict[int, list[_Family]]) -> None:
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
                (c for c in family.children
                 if c["id"] not in used and variant.accepts(c) and c["birth_date"] > young_enough),
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
    ctx: Context, gen: _Generator, where: str, family: _Family, logins: list[User],
    russophone: list[Area], elsewhere: list[Area], rng: random.Random,
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
        staff = [u for u in staff if u.organisation_id != first_org and (where != "latin" or u.language != "ru")]
        if staff:
            return rng.choice(staff), district
    return None


def _copy_family(
    gen: _Generator, family: _Family, child: Row, carer: _Member, registrar: User, district: Area,
    variant: _Variant, names: tuple[str, str, date],
) -> _Family:
    """The child and her caregiver registered again by another office, which wrote their names its way."""
    org = registrar.organisation
    locality = org.area if org.area_id in gen.district_of else gen.locality(district)
    cyrillic = variant.kind == "other_script_cyrillic" or (
        variant.kind != "other_script_latin" and family.cyrillic
    )
    later = max(family.household["created_at"], gen.now - timedelta(days=60))
    household: Row = {
        "area_id": locality.pk, "address": gen.address(locality, False, cyrillic), "phone": gen.phone(),
        "organisation_id": registrar.organisation_id, "registered_by_id": registrar.pk,
        "created_at": min(gen.now, later + timedelta(days=gen.rng.randint(1, 50))),
    }

    def again(original: Row, given: str, family_name: str, birth: date) -> Row:
        return {
            "given_name": given, "family_name": family_name, "birth_date": birth, "sex": original["sex"],
            "patronymic": "" if variant.kind == "other_script_latin" else original["patronymic"],
            "personal_number": "", "household_id": household, "area_id": locality.pk, "address": "",
            "phone": original["phone"], "health_notes": original["health_notes"], "given_key": _KEYS[given],
            "family_key": _KEYS[family_name], "organisation_id": registrar.organisation_id,
            "registered_by_id": registrar.pk, "created_at": household["created_at"],
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
        "area_id": locality.pk, "address": gen.address(locality, True, False), "phone": gen.phone(),
        "organisation_id": registrar.organisation_id, "registered_by_id": registrar.pk,
        "created_at": gen.now - timedelta(days=gen.rng.randint(30, 900)),
    }

    def member(given: str, birth_date: date, sex: str, phone: str = "") -> Row:
        return {
            "given_name": given, "family_name": "Munteanu", "patronymic": "", "birth_date": birth_date,
            "sex": sex, "personal_number": gen.idnp(birth_date, 1.0), "household_id": household,
            "area_id": locality.pk, "address": "", "phone": phone, "health_notes": "",
            "given_key": _KEYS[given], "family_key": _KEYS["Munteanu"],
            "organisation_id": registrar.organisation_id, "registered_by_id": registrar.pk,
            "created_at": household["created_at"],
        }

    # Two girls: the check shows them as "possible, perhaps a twin", never as "likely" the same child.
    children = [member("Daria", birth, Sex.FEMALE), member("Sofia", birth, Sex.FEMALE)]
    mother = member("Corina", _years_before(birth, 29), Sex.FEMALE, gen.phone())
    return _Family(household, children, [_Member(mother, K.MOTHER, True, True)], home, False)
