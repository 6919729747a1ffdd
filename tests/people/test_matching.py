"""Matching the same child across scripts and spellings: the public examples plus our own."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

from careforce.people.matching import LIKELY, find_candidates, score
from careforce.people.models import Person
from careforce.people.names import name_key

EXAMPLES = Path(__file__).parent / "data" / "names-examples.tsv"


def _rows():
    with EXAMPLES.open(encoding="utf-8") as fh:
        lines = [line for line in fh if not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


def _person(given, family, birth, sex) -> Person:
    p = Person(given_name=given, family_name=family, birth_date=date.fromisoformat(birth), sex=sex)
    p.given_key, p.family_key = name_key(given), name_key(family)
    return p


@pytest.mark.parametrize("row", _rows(), ids=lambda r: r["note"])
def test_examples(row):
    other = _person(row["given_b"], row["family_b"], row["birth_b"], row["sex_b"])
    found = score(
        given_name=row["given_a"],
        family_name=row["family_a"],
        birth_date=date.fromisoformat(row["birth_a"]),
        sex=row["sex_a"],
        other=other,
    )
    if row["expect"] == "same":
        assert found is not None and found.level == "likely", (row, found)
    else:
        # Never a likely duplicate, so never merged on the strength of the match.
        assert found is None or found.level == "possible", (row, found)


OWN = [
    # (typed, stored, expected level or None)
    (("Ana", "Cebotari", "2014-05-20", "F"), ("Ана", "Чеботарь", "2014-05-20", "F"), "likely"),
    (("Ciprian", "Ciobanu", "2011-09-09", "M"), ("Чиприан", "Чобану", "2011-09-09", "M"), "likely"),
    (("Elena", "Munteanu", "2013-04-02", "F"), ("Elena", "Muntenu", "2013-04-02", "F"), "likely"),  # typo
    (("Elena", "Munteanu", "2013-04-02", "F"), ("Elena", "Munteanu", "2013-04-12", "F"), "likely"),  # digit
    (("Ștefan", "Răileanu", "2016-01-30", "M"), ("Штефан", "Рэиляну", "2016-01-30", "M"), "likely"),
    (("Ion", "Ceban", "2015-03-12", "M"), ("Ion", "Ceban", "2015-03-12", "F"), "possible"),  # sex typo
    (("Ion", "Ceban", "2015-03-12", "M"), ("Vasile", "Lungu", "2015-03-12", "M"), None),  # same birthday
    (("Ion", "Ceban", "2015-03-12", "M"), ("Ion", "Ceban", "2009-03-12", "M"), None),  # namesake
]


@pytest.mark.parametrize(("typed", "stored", "level"), OWN)
def test_own_examples(typed, stored, level):
    found = score(
        given_name=typed[0],
        family_name=typed[1],
        birth_date=date.fromisoformat(typed[2]),
        sex=typed[3],
        other=_person(*stored),
    )
    assert (found.level if found else None) == level, found


def test_reasons_say_why(cast):
    other = _person("Ион", "Чебан", "2015-12-03", "M")
    found = score(given_name="Ion", family_name="Ceban", birth_date=date(2015, 3, 12), sex="M", other=other)
    assert {"given_name", "family_name", "day_month_swapped", "other_script"} <= set(found.matched_on)
    assert found.score >= LIKELY


@pytest.fixture
def registered(cast):
    def make(given, family, birth, sex="M", **kw):
        return Person.objects.create(
            given_name=given,
            family_name=family,
            birth_date=date.fromisoformat(birth),
            sex=sex,
            organisation=cast.directorate,
            registered_by=cast.case_manager,
            **kw,
        )

    return make


def test_find_candidates_across_the_database(registered):
    ion = registered("Ион", "Чебан", "2015-03-12")
    twin = registered("Ilie", "Ceban", "2015-03-12")
    registered("Maria", "Rusu", "2010-01-01", "F")
    swapped = registered("Rusu", "Ana", "2012-02-02", "F")
    found = find_candidates(given_name="Ion", family_name="Ceban", birth_date=date(2015, 12, 3), sex="M")
    assert found[0].person == ion and found[0].level == "likely"
    assert twin not in [c.person for c in found if c.level == "likely"]
    found = find_candidates(given_name="Ana", family_name="Rusu", birth_date=date(2012, 2, 2), sex="F")
    assert [c.person for c in found] == [swapped]
    assert "names_swapped" in found[0].matched_on


def test_merged_records_are_not_candidates(registered):
    survivor = registered("Mihai", "Țurcanu", "2012-07-01")
    registered("Mihai", "Turcanu", "2012-07-01", merged_into=survivor)
    found = find_candidates(given_name="Mihai", family_name="Ţurcanu", birth_date=date(2012, 7, 1))
    assert [c.person for c in found] == [survivor]


def test_personal_number_is_decisive(registered):
    child = registered("Ionela", "Popa", "2013-03-03", "F", personal_number="2013003001234")
    found = find_candidates(
        given_name="Nela",
        family_name="Popova",
        birth_date=date(2013, 3, 4),
        sex="F",
        personal_number="2013003001234",
    )
    assert (
        found[0].person == child
        and found[0].level == "likely"
        and found[0].matched_on[0] == "personal_number"
    )


@pytest.mark.parametrize(("a", "b"), [("Артём", "Артем"), ("Artiom", "Артём"), ("Fiodor", "Фёдор")])
def test_yo_written_as_ye_is_the_same_name(a, b):
    assert name_key(a) == name_key(b)


def test_a_common_surname_never_pushes_the_match_out(registered):
    """More namesakes than the block reads: the nearest birth dates are the ones scored."""
    from careforce.people import matching

    for i in range(matching.BLOCK_LIMIT + 50):
        registered(f"Copil{i:03d}", "Ceban", f"{2008 + i % 10}-0{1 + i % 9}-1{i % 9}")
    target = registered("Zoia", "Ceban", "2013-06-20", "F")
    found = find_candidates(given_name="Зоя", family_name="Чебан", birth_date=date(2013, 6, 21), sex="F")
    assert found and found[0].person == target and found[0].level == "likely"
