"""Finding the same child written another way, across the whole country.

Candidates are fetched by indexed keys (family key near the birth year; given and family keys swapped;
the exact or day-month-swapped birth date), then scored in Python with rapidfuzz. The search looks at
every record in the country on purpose: a child registered in another district must still be found. The
caller decides what a user may learn of a candidate outside her scope (`present_candidates`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from rapidfuzz import fuzz

from .models import Person
from .names import name_key

LIKELY = 0.88
POSSIBLE = 0.72
MAX_CANDIDATES = 10
BLOCK_LIMIT = 400  # rows scored per request at most: a very common name narrows by birth year first

REASONS = {
    "given_name": _("same given name"),
    "family_name": _("same family name"),
    "birth_date": _("same date of birth"),
    "other_script": _("written in another script"),
    "diacritics": _("spelt with other diacritics"),
    "names_swapped": _("given and family name swapped"),
    "spelling": _("a small spelling difference"),
    "day_month_swapped": _("day and month of birth swapped"),
    "birth_date_close": _("a close date of birth"),
    "sex_differs": _("recorded with the other sex"),
    "possible_twin": _("same family and birthday, other given name: perhaps a twin"),
    "personal_number": _("same personal identification number"),
}


@dataclass
class Candidate:
    person: Person
    score: float
    level: str  # "likely" or "possible"
    matched_on: list[str] = field(default_factory=list)

    @property
    def reasons(self) -> list[str]:
        return [str(REASONS[m]) for m in self.matched_on if m in REASONS]


def _swapped(d: date) -> date | None:
    if d.day > 12 or d.day == d.month:
        return None
    try:
        return d.replace(month=d.day, day=d.month)
    except ValueError:
        return None


def _years_around(d: date, years: int) -> tuple[date, date]:
    return date(max(1, d.year - years), 1, 1), date(d.year + years, 12, 31)


def _ratio(a: str, b: str) -> float:
    return fuzz.ratio(a, b) / 100.0 if a and b else 0.0


def _is_cyrillic(text: str) -> bool:
    return any("\u0400" <= ch <= "\u04ff" for ch in text)


def _date_score(a: date, b: date) -> tuple[float, str | None]:
    if a == b:
        return 1.0, "birth_date"
    if _swapped(a) == b:
        return 0.92, "day_month_swapped"
    days = abs((a - b).days)
    digits_differ = sum(x != y for x, y in zip(a.isoformat(), b.isoformat(), strict=True))
    if digits_differ == 1:
        return 0.85, "birth_date_close"  # one mistyped digit
    if days <= 31:
        return 0.75, "birth_date_close"
    if days <= 366:
        return 0.45, None
    return 0.0, None


def score(
    *, given_name: str, family_name: str, birth_date: date, sex: str | None, other: Person
) -> Candidate | None:
    gk, fk = name_key(given_name), name_key(family_name)
    straight = 0.5 * _ratio(gk, other.given_key) + 0.5 * _ratio(fk, other.family_key)
    crossed = 0.97 * (0.5 * _ratio(gk, other.family_key) + 0.5 * _ratio(fk, other.given_key))
    name_score = max(straight, crossed)
    date_score, date_reason = _date_score(birth_date, other.birth_date)
    total = 0.6 * name_score + 0.4 * date_score
    if sex and other.sex and sex != other.sex:
        total *= 0.85

    matched: list[str] = []
    if crossed > straight:
        matched.append("names_swapped")
        given_same = _ratio(gk, other.family_key) == 1.0
        family_same = _ratio(fk, other.given_key) == 1.0
    else:
        given_same = gk == other.given_key
        family_same = fk == other.family_key
        if given_same:
            matched.append("given_name")
        if family_same:
            matched.append("family_name")
    if date_reason:
        matched.append(date_reason)
    typed = f"{given_name} {family_name}"
    stored = f"{other.given_name} {other.family_name}"
    if _is_cyrillic(typed) != _is_cyrillic(stored):
        matched.append("other_script")
    elif (given_same and family_same) and typed.casefold() != stored.casefold():
        matched.append("diacritics")
    if not (given_same and family_same) and name_score >= 0.75:
        matched.append("spelling")
    if sex and other.sex and sex != other.sex:
        matched.append("sex_differs")

    # Twins share a family name and a birthday but not a given name: never a "likely" duplicate.
    if family_same and date_score == 1.0 and _ratio(gk, other.given_key) < 0.75 and crossed <= straight:
        matched.append("possible_twin")
        total = min(total, LIKELY - 0.01)

    if total < POSSIBLE:
        return None
    return Candidate(
        person=other,
        score=round(total, 4),
        level="likely" if total >= LIKELY else "possible",
        matched_on=matched,
    )


class _Row:
    """The columns scoring reads, without building a model instance for each of hundreds of rows."""

    __slots__ = ("pk", "given_name", "family_name", "birth_date", "sex", "given_key", "family_key",
                 "personal_number")

    def __init__(self, *values):
        for name, value in zip(self.__slots__, values, strict=True):
            setattr(self, name, value)


ROW_FIELDS = _Row.__slots__


def find_candidates(
    *,
    given_name: str,
    family_name: str,
    birth_date: date,
    sex: str | None = None,
    personal_number: str = "",
    exclude_ids: tuple[int, ...] = (),
    limit: int = MAX_CANDIDATES,
) -> list[Candidate]:
    """Likely and possible duplicates, best first.

    The family-name block is read outwards from the birth date (two range scans on the
    (family_key, birth_date) index), so a common family name never pushes the real match out of the rows
    scored: only rows near the date can score "likely". The exact and day-month-swapped dates, the swapped
    names and the personal number are read in full. Measured in bench/match.py.
    """
    gk, fk = name_key(given_name), name_key(family_name)
    if not (gk or fk) or birth_date is None:
        return []
    start, end = _years_around(birth_date, 2)
    dates = [d for d in (birth_date, _swapped(birth_date)) if d]
    base = Person.objects.filter(merged_into__isnull=True).exclude(pk__in=exclude_ids).order_by()
    half = BLOCK_LIMIT // 2
    exact = Q(birth_date__in=dates) | Q(given_key=fk, family_key=gk)
    if personal_number:
        exact |= Q(personal_number=personal_number)
    parts = [
        base.filter(exact),
        base.filter(family_key=fk, birth_date__gte=birth_date, birth_date__lte=end).order_by("birth_date")[:half],
        base.filter(family_key=fk, birth_date__gte=start, birth_date__lt=birth_date).order_by("-birth_date")[:half],
    ]
    seen: set[int] = set()
    found: list[Candidate] = []
    for part in parts:
        for values in part.values_list(*ROW_FIELDS):
            if values[0] in seen:
                continue
            seen.add(values[0])
            row = _Row(*values)
            candidate = score(given_name=given_name, family_name=family_name, birth_date=birth_date, sex=sex, other=row)
            if personal_number and row.personal_number == personal_number:
                if candidate is None:
                    candidate = Candidate(person=row, score=0.0, level="likely")
                candidate.score, candidate.level = max(candidate.score, 0.99), "likely"
                candidate.matched_on.insert(0, "personal_number")
            if candidate is not None:
                found.append(candidate)
    found.sort(key=lambda c: (-c.score, c.person.pk))
    found = found[:limit]
    # Full records (with the organisation that holds them) only for the few candidates returned.
    people = Person.objects.select_related("organisation").in_bulk([c.person.pk for c in found])
    for candidate in found:
        candidate.person = people[candidate.person.pk]
    return found
