"""Name keys that survive scripts and spellings.

The same child is written `Ion Ceban` by one office and `Ион Чебан` by another; `Țurcanu` with the
comma-below letter, the old cedilla letter (`Ţurcanu`), or none (`Turcanu`). Both forms are reduced to
one phonetic key in Latin letters, so a look-up by key finds them together and a fuzzy score compares
like with like.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Russian Cyrillic as Moldovan civil registries transliterate Romanian names, reduced to sounds:
# ч is the Romanian c before e/i, ж is j, ш is ș, ц is ț, г is g (gh before e/i), э is ă.
CYRILLIC = {
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
    "к": "k",
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
    "ц": "t",
    "ч": "C",
    "ш": "s",
    "щ": "s",
    "ъ": "",
    "ы": "i",
    "ь": "",
    "э": "a",
    "ю": "iu",
    "я": "ia",
    "і": "i",
    "ї": "i",
    "є": "e",
    "ґ": "g",
}

# Romanian letters to the same sound keys. Comma-below and cedilla forms are one letter.
ROMANIAN = {"ă": "a", "â": "i", "î": "i", "ș": "s", "ş": "s", "ț": "t", "ţ": "t"}

_RULES = [
    (re.compile(r"ch(?=[ei])"), "k"),  # chi, che: hard k
    (re.compile(r"gh(?=[ei])"), "g"),  # ghe, ghi: hard g
    (re.compile(r"c(?=[ei])"), "C"),  # ce, ci: the sound of ч
    (re.compile(r"C[ie](?=[aou])"), "C"),  # cio, cea: the i/e only softens (Ciobanu / Чобану)
    (re.compile(r"gi(?=[aou])"), "g"),  # gio, giu (Giurgiu / Джурджу, reduced alike below)
    (re.compile(r"g(?=[ei])"), "g"),  # ge, gi: kept as g (Russian writes г here too: Георге)
    (re.compile(r"c"), "k"),
    (re.compile(r"q"), "k"),
    (re.compile(r"x"), "ks"),
    (re.compile(r"w"), "v"),
    (re.compile(r"y"), "i"),
    (re.compile(r"ea"), "ia"),  # Răileanu / Рэиляну
    (re.compile(r"([bcdfghjklmnprstvzC])io"), r"\1e"),  # Артём / Артем / Artiom, Фёдор / Fiodor
    (re.compile(r"ie"), "e"),  # Ilie / Илие, Mihai / Михаил are not merged here; only the written glide
    (re.compile(r"(.)\1+"), r"\1"),  # doubled letters: Anna / Ana
]


def _strip_marks(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@lru_cache(maxsize=8192)
def name_key(value: str) -> str:
    """The phonetic key of one name (a given name or a family name), in lowercase Latin letters.

    'Ceban' and 'Чебан' give the same key; so do 'Țurcanu', 'Ţurcanu' and 'Turcanu'.
    """
    text = (value or "").strip().lower()
    out = []
    for ch in text:
        if ch in ROMANIAN:
            out.append(ROMANIAN[ch])
        elif ch in CYRILLIC:
            out.append(CYRILLIC[ch])
        else:
            out.append(ch)
    text = _strip_marks("".join(out))
    # Keep the ч-sound marker (upper-case C) apart from the letters, then apply the spelling rules.
    text = re.sub(r"[^a-zC]+", " ", text).strip()
    words = []
    for word in text.split():
        for pattern, replacement in _RULES:
            word = pattern.sub(replacement, word)
        words.append(word.lower())
    return " ".join(words)


def full_name_key(given: str, family: str) -> str:
    return f"{name_key(given)} {name_key(family)}".strip()
