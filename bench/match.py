"""Benchmark of the duplicate check: `find_candidates` and `POST /api/v1/people/match` over a seeded country.

Run from the repository root against the national seed on PostgreSQL (see bench/README.md):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/benchcf .venv/bin/python bench/match.py

It draws random existing people, writes each one another way (the other script, no diacritics, day and
month swapped, a typo, given and family name swapped, ...), times the look-up and checks that the original
comes back as a "likely" candidate (recall). Results go to stdout and to bench/results/match-<date>.txt.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "careforce.settings")
os.environ.setdefault("DEBUG", "1")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.db.models import Max, Min, Q  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from careforce.core.models import User  # noqa: E402
from careforce.core.roles import Role  # noqa: E402
from careforce.demo.generator.people import cyrillic_to_romanian, strip_diacritics  # noqa: E402
from careforce.demo.generator.toponyms import romanian_to_russian  # noqa: E402
from careforce.people import matching  # noqa: E402
from careforce.people.matching import BLOCK_LIMIT, Candidate, find_candidates  # noqa: E402
from careforce.people.models import Person  # noqa: E402
from careforce.people.names import name_key  # noqa: E402

TARGET_P95_MS = 100.0
CYRILLIC = frozenset(chr(c) for c in range(0x0400, 0x0500))
# Neighbouring keys on a Romanian (QWERTY) and a Russian (ЙЦУКЕН) keyboard, for realistic typos.
KEY_ROWS = ["qwertyuiop", "asdfghjkl", "zxcvbnm", "йцукенгшщзх", "фывапролджэ", "ячсмитьбю"]
NEIGHBOURS = {row[i]: row[(i + 1) % len(row)] for row in KEY_ROWS for i in range(len(row))}

Query = tuple[str, str, date, str]  # given, family, birth date, sex


def is_cyrillic(text: str) -> bool:
    return any(ch in CYRILLIC for ch in text)


# -- ways of writing the same person again --------------------------------------------------------------


def transliterate(p: Person, rng: random.Random) -> Query | None:
    if is_cyrillic(p.given_name + p.family_name):
        return cyrillic_to_romanian(p.given_name), cyrillic_to_romanian(p.family_name), p.birth_date, p.sex
    return romanian_to_russian(p.given_name), romanian_to_russian(p.family_name), p.birth_date, p.sex


def drop_diacritics(p: Person, rng: random.Random) -> Query | None:
    given, family = strip_diacritics(p.given_name), strip_diacritics(p.family_name)
    if (given, family) == (p.given_name, p.family_name):
        return None  # nothing to drop: another perturbation is drawn
    return given, family, p.birth_date, p.sex


def swap_day_month(p: Person, rng: random.Random) -> Query | None:
    d = p.birth_date
    if d.day > 12 or d.day == d.month:
        return None
    return p.given_name, p.family_name, d.replace(month=d.day, day=d.month), p.sex


def typo(p: Person, rng: random.Random) -> Query | None:
    """One slip of the hand in one name: a letter left out, doubled, swapped or hit next to the right key."""
    given, family = p.given_name, p.family_name
    target = family if len(family) >= 4 and (len(given) < 4 or rng.random() < 0.6) else given
    if len(target) < 4:
        return None
    i = rng.randrange(1, len(target) - 1)  # the first letter is seldom wrong
    how = rng.choice(["drop", "double", "swap", "neighbour"])
    if how == "drop":
        wrong = target[:i] + target[i + 1 :]
    elif how == "double":
        wrong = target[:i] + target[i] + target[i:]
    elif how == "swap":
        wrong = target[:i] + target[i + 1] + target[i] + target[i + 2 :]
    else:
        ch = target[i].lower()
        wrong = target[:i] + NEIGHBOURS.get(ch, ch) + target[i + 1 :]
    if wrong == target:  # a letter with no neighbour listed (ă, ș, ...), or a doubled letter swapped
        wrong = target[:i] + target[i + 1 :]
    if target is family:
        return given, wrong, p.birth_date, p.sex
    return wrong, family, p.birth_date, p.sex


def swap_names(p: Person, rng: random.Random) -> Query | None:
    return p.family_name, p.given_name, p.birth_date, p.sex


def exact(p: Person, rng: random.Random) -> Query | None:
    return p.given_name, p.family_name, p.birth_date, p.sex


PERTURBATIONS: dict[str, Callable[[Person, random.Random], Query | None]] = {
    "transliterated": transliterate,
    "no_diacritics": drop_diacritics,
    "day_month_swapped": swap_day_month,
    "typo": typo,
    "names_swapped": swap_names,
}


def perturb(p: Person, rng: random.Random) -> tuple[str, Query]:
    kinds = list(PERTURBATIONS)
    rng.shuffle(kinds)
    for kind in kinds:
        query = PERTURBATIONS[kind](p, rng)
        if query is not None:
            return kind, query
    return "exact", exact(p, rng)  # pragma: no cover - transliteration always applies


# -- sampling and timing ----------------------------------------------------------------------------------


def sample_people(n: int, rng: random.Random) -> list[Person]:
    """`n` random people who have not been merged, by drawing random ids (cheap on a big table)."""
    bounds = Person.objects.aggregate(lo=Min("pk"), hi=Max("pk"))
    if bounds["lo"] is None:
        sys.exit("No people in this database: run `manage.py seed --scale national` first.")
    chosen: dict[int, Person] = {}
    attempts = 0
    while len(chosen) < n and attempts < 50:
        attempts += 1
        ids = {rng.randint(bounds["lo"], bounds["hi"]) for _ in range(2 * (n - len(chosen)))}
        for person in Person.objects.filter(pk__in=ids, merged_into__isnull=True).order_by("pk"):
            if len(chosen) < n:
                chosen[person.pk] = person
    people = list(chosen.values())
    rng.shuffle(people)
    return people


def percentile(values: list[float], p: int) -> float:
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[p - 1]


def summary(values: list[float]) -> str:
    return (
        f"count={len(values)}  p50={percentile(values, 50):.1f} ms  p95={percentile(values, 95):.1f} ms  "
        f"p99={percentile(values, 99):.1f} ms  max={max(values):.1f} ms"
    )


Finder = Callable[..., list[Candidate]]


def run_direct(
    cases: list[tuple[Person, str, Query]], finder: Finder = find_candidates
) -> tuple[list[float], dict[str, Counter[str]], Query]:
    timings: list[float] = []
    outcome: dict[str, Counter[str]] = defaultdict(Counter)
    slowest: tuple[float, Query] = (-1.0, cases[0][2])
    for original, kind, (given, family, birth, sex) in cases:
        started = time.perf_counter()
        found = finder(given_name=given, family_name=family, birth_date=birth, sex=sex)
        elapsed = (time.perf_counter() - started) * 1000
        timings.append(elapsed)
        slowest = max(slowest, (elapsed, (given, family, birth, sex)), key=lambda s: s[0])
        levels = {c.person.pk: c.level for c in found}
        result = levels.get(original.pk, "missed")
        outcome[kind][result] += 1
        outcome["all"][result] += 1
    return timings, outcome, slowest[1]


# -- diagnostics: how big the candidate blocks are, and why originals are missed ---------------------------


def block(query: Query):
    """The rows `find_candidates` blocks on for `query` (mirrors matching.py; keep the two in step)."""
    given, family, birth, _sex = query
    gk, fk = name_key(given), name_key(family)
    start, end = matching._years_around(birth, 2)
    dates = [d for d in (birth, matching._swapped(birth)) if d]
    where = Q(family_key=fk, birth_date__range=(start, end)) | Q(given_key=fk, family_key=gk)
    where |= Q(birth_date__in=dates)
    return Person.objects.filter(where, merged_into__isnull=True), gk, fk, dates


def diagnose(cases: list[tuple[Person, str, Query]], outcome_of: dict[int, str]) -> list[str]:
    sizes = []
    why: Counter[str] = Counter()
    for original, _kind, query in cases:
        rows, _gk, _fk, _dates = block(query)
        size = rows.count()
        sizes.append(float(size))
        if outcome_of[original.pk] == "likely":
            continue
        if not rows.filter(pk=original.pk).exists():
            why["not in the block (keys and dates all differ)"] += 1
        elif original.pk not in set(rows.values_list("pk", flat=True)[:BLOCK_LIMIT]):
            why[f"in the block but cut by LIMIT {BLOCK_LIMIT} (rows sorted by name)"] += 1
        else:
            why["scored below 'likely'"] += 1
    over = sum(s > BLOCK_LIMIT for s in sizes)
    lines = [
        f"block rows per look-up: p50={percentile(sizes, 50):.0f}  p95={percentile(sizes, 95):.0f}  "
        f"max={max(sizes):.0f};  over BLOCK_LIMIT ({BLOCK_LIMIT}): {over} of {len(sizes)}",
    ]
    lines += [f"  not 'likely' because {reason}: {n}" for reason, n in why.most_common()]
    return lines


def run_api(cases: list[tuple[Person, str, Query]]) -> list[float]:
    admin = User.objects.filter(role=Role.NATIONAL_ADMIN, is_active=True).order_by("pk").first()
    if admin is None:
        sys.exit("No national administrator: the seed creates one (`admin`).")
    client = Client(HTTP_HOST="localhost")
    client.force_login(admin)
    timings = []
    for _original, _kind, (given, family, birth, sex) in cases:
        body = {"given_name": given, "family_name": family, "birth_date": birth.isoformat(), "sex": sex}
        started = time.perf_counter()
        response = client.post("/api/v1/people/match", body, content_type="application/json")
        timings.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            sys.exit(f"The API answered {response.status_code}: {response.content[:300]!r}")
    return timings


def explain(query: Query) -> str:
    """EXPLAIN (ANALYZE, BUFFERS) of the candidate query `find_candidates` sends for `query`."""
    given, family, birth, sex = query
    with CaptureQueriesContext(connection) as captured:
        find_candidates(given_name=given, family_name=family, birth_date=birth, sex=sex)
    sql = next(q["sql"] for q in captured.captured_queries if "people_person" in q["sql"])
    prefix = "EXPLAIN (ANALYZE, BUFFERS) " if connection.vendor == "postgresql" else "EXPLAIN QUERY PLAN "
    with connection.cursor() as cursor:
        cursor.execute(prefix + sql)
        plan = "\n".join(" | ".join(str(c) for c in row) for row in cursor.fetchall())
    return f"-- {given} {family} {birth} {sex}\n{sql}\n\n{plan}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--samples", type=int, default=300)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--warmup", type=int, default=10, help="look-ups run first and not counted")
    parser.add_argument("--no-api", action="store_true", help="skip the API timing")
    parser.add_argument("--explain", action="store_true", help="print EXPLAIN ANALYZE of the slowest look-up")
    parser.add_argument("--results", type=Path, default=ROOT / "bench" / "results")
    args = parser.parse_args()

    rng = random.Random(args.seed)
    people = sample_people(args.samples + args.warmup, rng)
    cases = [(p, *perturb(p, rng)) for p in people]
    warmup, cases = cases[: args.warmup], cases[args.warmup :]
    run_direct(warmup)

    lines: list[str] = []

    def say(text: str = "") -> None:
        print(text, flush=True)
        lines.append(text)

    total = Person.objects.count()
    vendor = connection.vendor
    version = ""
    if vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            version = cursor.fetchone()[0]
    say(f"# find_candidates benchmark, {time.strftime('%Y-%m-%d %H:%M')}")
    say(f"database: {vendor} {version}  people: {total:,}  samples: {len(cases)}  seed: {args.seed}")
    say(f"perturbations: {dict(Counter(kind for _p, kind, _q in cases))}")
    say()

    timings, outcome, slowest = run_direct(cases)
    recall = outcome["all"]["likely"] / len(cases)
    say(f"find_candidates: {summary(timings)}")
    say(f"recall (original among 'likely'): {recall:.1%}   found at any level: "
        f"{(len(cases) - outcome['all']['missed']) / len(cases):.1%}")
    for kind in sorted(k for k in outcome if k != "all"):
        c = outcome[kind]
        n = sum(c.values())
        say(f"  {kind:<18} n={n:<4} likely={c['likely'] / n:6.1%}  possible={c['possible'] / n:6.1%}  "
            f"missed={c['missed'] / n:6.1%}")
    verdict = "meets" if percentile(timings, 95) <= TARGET_P95_MS else "MISSES"
    say(f"target p95 <= {TARGET_P95_MS:.0f} ms: {verdict}")
    outcome_of = {}
    for original, _kind, query in cases:
        found = find_candidates(given_name=query[0], family_name=query[1], birth_date=query[2], sex=query[3])
        outcome_of[original.pk] = {c.person.pk: c.level for c in found}.get(original.pk, "missed")
    for line in diagnose(cases, outcome_of):
        say(line)

    if not args.no_api:
        api = run_api(cases)
        say()
        say(f"POST /api/v1/people/match: count={len(api)}  p50={percentile(api, 50):.1f} ms  "
            f"p95={percentile(api, 95):.1f} ms")

    if args.explain:
        say()
        say("Slowest look-up, its candidate query:")
        say(explain(slowest))

    args.results.mkdir(parents=True, exist_ok=True)
    out = args.results / f"match-{date.today().isoformat()}.txt"
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"\nwritten to {out.relative_to(ROOT) if out.is_relative_to(ROOT) else out}")


if __name__ == "__main__":
    main()
