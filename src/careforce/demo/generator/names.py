"""People's names for the demo country: Romanian (Moldovan usage) and Russian, and their Latin spellings.

The lists lean on names that are common in Moldova today, so a screen full of demo staff looks like a
real district office. Every combination is invented; no list pairs a given name with a family name.
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass

ROMANIAN_FEMALE = [
    "Ana", "Maria", "Elena", "Ioana", "Natalia", "Tatiana", "Svetlana", "Olga", "Valentina", "Galina",
    "Lilia", "Mariana", "Cristina", "Doina", "Aurelia", "Angela", "Veronica", "Liliana", "Nadejda",
    "Ludmila", "Silvia", "Ecaterina", "Diana", "Corina", "Rodica", "Violeta", "Adriana", "Irina",
    "Victoria", "Alexandra", "Daniela", "Lucia", "Viorica", "Stela", "Larisa", "Nina", "Eugenia",
    "Tamara", "Carolina", "Mihaela", "Ionela", "Ștefania", "Andreea", "Cătălina", "Lăcrămioara",
    "Zinaida", "Iuliana", "Oxana", "Marcela", "Felicia",
]

ROMANIAN_MALE = [
    "Ion", "Vasile", "Gheorghe", "Nicolae", "Ștefan", "Ionuț", "Mihai", "Andrei", "Alexandru", "Sergiu",
    "Vitalie", "Victor", "Igor", "Dumitru", "Constantin", "Petru", "Valeriu", "Iurie", "Veaceslav", "Oleg",
    "Dorin", "Radu", "Marin", "Tudor", "Octavian", "Eugen", "Anatol", "Grigore", "Pavel", "Ilie", "Vlad",
    "Cătălin", "Răzvan", "Costel", "Dănuț", "Aurel", "Ghenadie", "Emil",
]

ROMANIAN_FAMILY = [
    "Ceban", "Țurcanu", "Cojocaru", "Rusu", "Munteanu", "Lungu", "Ciobanu", "Bălan", "Moraru", "Popa",
    "Sîrbu", "Grosu", "Guțu", "Răileanu", "Rotaru", "Croitoru", "Melnic", "Ursu", "Roșca", "Postică",
    "Cebotari", "Botnari", "Vrabie", "Cazacu", "Căpățînă", "Țîcu", "Bivol", "Bejenaru", "Chiriac", "Cucu",
    "Gîrlea", "Jardan", "Lupu", "Mereuță", "Năstase", "Onică", "Prodan", "Racu", "Tabără", "Ungureanu",
    "Vieru", "Zgardan", "Pîrțac", "Bîrcă", "Bodrug", "Coșciug", "Ghețu", "Hâncu", "Istrati", "Mocanu",
    "Nistor", "Oprea", "Scutaru", "Stratan", "Tănase", "Vasilache", "Cernei", "Frunză", "Golban",
    "Iordache", "Lozan", "Pleșca", "Suruceanu", "Țâmbală",
]

RUSSIAN_FEMALE = [
    "Анна", "Мария", "Елена", "Наталья", "Татьяна", "Светлана", "Ольга", "Ирина", "Людмила", "Галина",
    "Валентина", "Надежда", "Екатерина", "Юлия", "Оксана", "Марина", "Алла", "Лариса", "Вера", "Нина",
    "Тамара", "Инна", "Ксения", "Дарья", "Виктория", "Анастасия", "Евгения", "Лилия", "Жанна", "Зоя",
    "Алёна", "Полина",
]

RUSSIAN_MALE = [
    "Александр", "Сергей", "Андрей", "Дмитрий", "Алексей", "Владимир", "Игорь", "Олег", "Николай",
    "Виктор", "Юрий", "Михаил", "Павел", "Евгений", "Иван", "Валерий", "Вячеслав", "Константин", "Роман",
    "Артём", "Денис", "Максим", "Геннадий", "Анатолий", "Василий", "Григорий", "Пётр", "Борис", "Леонид",
    "Степан", "Фёдор",
]

# Masculine forms; `russian_family_name` derives the feminine one.
RUSSIAN_FAMILY = [
    "Иванов", "Петров", "Смирнов", "Кузнецов", "Попов", "Васильев", "Соколов", "Михайлов", "Новиков",
    "Фёдоров", "Морозов", "Волков", "Алексеев", "Лебедев", "Семёнов", "Егоров", "Павлов", "Козлов",
    "Степанов", "Николаев", "Орлов", "Андреев", "Макаров", "Никитин", "Захаров", "Зайцев", "Борисов",
    "Яковлев", "Григорьев", "Романов", "Сергеев", "Фролов", "Белоусов", "Гусев", "Титов", "Ткаченко",
    "Бондаренко", "Шевченко", "Коваленко", "Ткачук", "Мельник", "Кравченко", "Савченко", "Руденко",
    "Левицкий", "Ковальский", "Полянский",
]

# The common English-style spelling, as in most e-mail addresses of Russian speakers.
_CYRILLIC_TO_LATIN = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo", "ж": "zh", "з": "z", "и": "i",
    "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
    "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "",
    "э": "e", "ю": "yu", "я": "ya",
}


@dataclass(frozen=True)
class PersonName:
    first_name: str
    last_name: str
    female: bool
    russian: bool


def russian_family_name(masculine: str, female: bool) -> str:
    if not female:
        return masculine
    if masculine.endswith(("ский", "цкий")):
        return masculine[:-2] + "ая"
    if masculine.endswith(("ов", "ев", "ёв", "ин", "ын")):
        return masculine + "а"
    # Ukrainian-style names (Ткаченко, Мельник) do not change.
    return masculine


def person_name(rng: random.Random, *, female: bool, russian: bool) -> PersonName:
    if russian:
        first = rng.choice(RUSSIAN_FEMALE if female else RUSSIAN_MALE)
        last = russian_family_name(rng.choice(RUSSIAN_FAMILY), female)
    else:
        first = rng.choice(ROMANIAN_FEMALE if female else ROMANIAN_MALE)
        last = rng.choice(ROMANIAN_FAMILY)
    return PersonName(first, last, female, russian)


def ascii_name(text: str) -> str:
    """A lower-case ASCII spelling for usernames and e-mail addresses, from Romanian or Russian."""
    latin = "".join(_CYRILLIC_TO_LATIN.get(ch, ch) for ch in text.lower())
    # NFKD splits ș, ț, ă, â, î into a base letter and a combining mark, which is then dropped.
    decomposed = unicodedata.normalize("NFKD", latin)
    return "".join(ch for ch in decomposed if ch.isascii() and ch.isalnum())
