"""How the same name is written by other offices: Cyrillic to Romanian Latin, dropped diacritics, the old
cedilla letters, Russian patronymics. The demo uses them to write realistic variants of one person."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable

from careforce.people.names import name_key

from .toponyms import romanian_to_russian

_PATRONYMIC_STEMS = {
    "Павел": "Павлов",
    "Пётр": "Петров",
    "Михаил": "Михайлов",
    "Лев": "Львов",
    "Дмитрий": "Дмитриев",
    "Илья": "Ильин",
    "Никита": "Никитин",
    "Семён": "Семёнов",
}

_RO_LATIN = {
    "а": "a",
    "б": "b",
    "в": "v",
    "г": "g",
    "д": "d",
    "е": "e",
    "ё": "io",
    "ж": "j",
    "з": "z",
    "и": "i",
    "й": "i",
    "к": "c",
    "л": "l",
    "м": "m",
    "н": "n",
    "о": "o",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "у": "u",
    "ф": "f",
    "х": "h",
    "ц": "ț",
    "ч": "ci",
    "ш": "ș",
    "щ": "șci",
    "ъ": "",
    "ы": "î",
    "ь": "",
    "э": "e",
    "ю": "iu",
    "я": "ia",
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


# Names repeat a great deal across a million people: each spelling is computed once.
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
