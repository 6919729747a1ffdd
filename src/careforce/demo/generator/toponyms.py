"""Invented Moldovan-style place names, in Romanian and in the Russian form used on Moldovan maps.

Real toponyms are built from a few patterns (a stem with -eni/-ești, "Valea …", "Dealul …"), so
combining invented stems with those patterns gives names that read as local but name no real village.
"""

from __future__ import annotations

import random
import re

# Stems end in a consonant other than c/g, so the suffixes below attach without changing pronunciation.
STEMS = [
    "Nucăr", "Stejăr", "Frăsin", "Plop", "Cireș", "Prun", "Ulm", "Corn", "Alun", "Brădul", "Răchit",
    "Bujor", "Crin", "Izvor", "Pietr", "Morăr", "Ciobăn", "Cojocăr", "Rotăr", "Olăr", "Fierăr", "Lupș",
    "Ursăr", "Dumbrăv", "Rădul", "Cost", "Vălen", "Cărbun", "Mălin", "Socol", "Hârt", "Bucov", "Movil",
    "Tufăr", "Mărgin", "Colin", "Vișin", "Holm", "Sălișt", "Ciuțul", "Tătăr", "Grădin", "Drăgăn",
    "Horod", "Căpr", "Vârt", "Bălăn", "Cernăt", "Dobr", "Florăr", "Gârl", "Hulub", "Jorăș", "Lazăr",
    "Mânzăr", "Năvăr", "Oprișan", "Păun", "Răzăr", "Sârb", "Șendr", "Teleș", "Urs", "Văsil", "Bârl",
    "Cazan", "Doin", "Frumos", "Goian", "Jurj", "Leuț", "Mărcăuș", "Nemț", "Pârjol", "Rășcan", "Scorț",
    "Tocan", "Țăran", "Vărzar",
]
SUFFIXES = [("eni", 4), ("ești", 4), ("ani", 1), ("ăuți", 1)]

# Head nouns with the adjective forms that agree with them (feminine, masculine, feminine plural).
HEADS = {
    "f": ["Valea", "Fântâna", "Poiana", "Lunca", "Piatra", "Dumbrava"],
    "m": ["Dealul", "Podul", "Cotul", "Satul", "Codrul"],
    "p": ["Izvoarele", "Fântânile"],
}
ADJECTIVES = {
    "f": ["Mare", "Mică", "Nouă", "Veche", "Albă", "Verde", "Lungă", "Seacă", "Adâncă", "Largă", "Frumoasă",
          "Roșie"],
    "m": ["Mare", "Mic", "Nou", "Vechi", "Alb", "Verde", "Lung", "Sec", "Adânc", "Larg", "Frumos", "Roșu"],
    "p": ["Mari", "Mici", "Noi", "Vechi", "Albe", "Verzi"],
}
GENITIVES = [
    "Nucilor", "Teilor", "Plopilor", "Morilor", "Ciorilor", "Lupului", "Ursului", "Cucului", "Cerbului",
    "Stejarilor", "Salcâmilor", "Florilor", "Mierlei", "Codrului", "Popii", "Ciobanului", "Vânătorului",
    "Fagilor", "Merilor", "Prunilor", "Vișinilor", "Pădurii", "Pietrei", "Albinelor", "Iepurelui",
    "Vulturului", "Mândrei", "Haiducului", "Morarului", "Sălciilor", "Izvoarelor", "Bujorilor", "Cailor",
    "Oilor", "Ciobanilor", "Fetei", "Voievodului",
]

_VOWELS = frozenset("aăâeiîou")
_LETTERS = {
    "a": "а", "ă": "э", "â": "ы", "î": "ы", "b": "б", "c": "к", "d": "д", "e": "е", "f": "ф", "g": "г",
    "h": "х", "i": "и", "j": "ж", "k": "к", "l": "л", "m": "м", "n": "н", "o": "о", "p": "п", "r": "р",
    "s": "с", "ș": "ш", "ş": "ш", "t": "т", "ț": "ц", "ţ": "ц", "u": "у", "v": "в", "w": "в", "x": "кс",
    "y": "и", "z": "з",
}


def romanian_to_russian(text: str) -> str:
    """The Russian (Moldovan Cyrillic) form of a Romanian place name: "Valea Nucilor" → "Валя Нучилор"."""
    return re.sub(r"[^\W\d_]+", lambda m: _word_to_russian(m.group()), text)


def _word_to_russian(word: str) -> str:
    w = word.lower()
    out: list[str] = []
    i, n = 0, len(w)
    while i < n:
        ch = w[i]
        nxt = w[i + 1] if i + 1 < n else ""
        nxt2 = w[i + 2] if i + 2 < n else ""
        prev = w[i - 1] if i else ""
        if ch in "cg":
            if nxt == "h" and nxt2 in ("e", "i"):  # che, chi, ghe, ghi: hard sound
                out.append("к" if ch == "c" else "г")
                i += 2
            elif nxt in ("e", "i") and nxt2 in ("a", "o", "u"):  # cea, ciu, gea: the e/i only softens
                out.append("ч" if ch == "c" else "дж")
                i += 2
            elif nxt in ("e", "i"):
                out.append("ч" if ch == "c" else "дж")
                i += 1
            else:
                out.append(_LETTERS[ch])
                i += 1
        elif ch == "e" and nxt == "a":
            out.append("я")
            i += 2
        elif ch == "i" and nxt == "a":
            out.append("я")
            i += 2
        elif ch == "i" and nxt == "u":
            out.append("ю")
            i += 2
        elif ch == "i" and i == 0 and nxt == "e":
            out.append("е")
            i += 2
        elif ch == "i" and prev in _VOWELS and prev:
            out.append("й")
            i += 1
        elif ch == "i" and i == n - 1 and prev:
            out.append("ь")  # a final unstressed i only softens the consonant: Ungheni → Унгень
            i += 1
        else:
            out.append(_LETTERS.get(ch, ch))
            i += 1
    result = "".join(out)
    if word[:1].isupper():
        result = result[:1].upper() + result[1:]
    return result


def _weighted(rng: random.Random, pairs: list[tuple[str, int]]) -> str:
    return rng.choices([p[0] for p in pairs], weights=[p[1] for p in pairs])[0]


def invent_name(rng: random.Random, *, compound_share: float = 0.4) -> str:
    if rng.random() >= compound_share:
        name = rng.choice(STEMS) + _weighted(rng, SUFFIXES)
        if rng.random() < 0.06:
            name += rng.choice([" Noi", " Vechi"])  # a village split off from an older one
        return name
    gender = rng.choices(["f", "m", "p"], weights=[5, 4, 1])[0]
    head = rng.choice(HEADS[gender])
    if rng.random() < 0.55:
        return f"{head} {rng.choice(GENITIVES)}"
    return f"{head} {rng.choice(ADJECTIVES[gender])}"


class PlaceNamer:
    """Hands out names not yet used in one scope: the country for districts, a district for villages.

    Names new to the whole country are preferred, so repeats across districts stay as occasional as they
    are on a real map.
    """

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.anywhere: set[str] = set()

    def unique(self, used: set[str], *, compound_share: float = 0.4) -> str:
        for attempt in range(200):
            name = invent_name(self.rng, compound_share=compound_share)
            if name not in used and (attempt >= 30 or name not in self.anywhere):
                used.add(name)
                self.anywhere.add(name)
                return name
        # The vocabulary allows a few thousand names; a numbered fallback keeps huge scales working.
        base = invent_name(self.rng, compound_share=compound_share)
        number = 2
        while f"{base} {number}" in used:
            number += 1
        used.add(f"{base} {number}")
        return f"{base} {number}"
