"""Benchmark of the work tray: what a case manager or supervisor opens first, at national scale.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/benchnat .venv/bin/python bench/tray.py

For a sample of case managers, community social assistants and supervisors it times (1) the tray's data,
exactly what the page runs: the counts, the approvals waiting and the first page of cases, most urgent
first; and (2) the whole page `GET /cases/` through Django's test client (middleware, session, templates).
Target: tray p95 <= 50 ms on PostgreSQL. Results go to stdout and bench/results/tray-<date>.txt.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "careforce.settings")
os.environ.setdefault("DEBUG", "1")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from careforce.cases import selectors  # noqa: E402
from careforce.cases.models import Case, CaseDeadline, CaseEvent, Contact  # noqa: E402
from careforce.core.models import User  # noqa: E402
from careforce.core.roles import Role  # noqa: E402

TARGET_P95_MS = 50.0
PAGE = settings.CAREFORCE_PAGE_SIZE


def percentile(values: list[float], p: int) -> float:
    return values[0] if len(values) == 1 else statistics.quantiles(values, n=100, method="inclusive")[p - 1]


def summary(values: list[float]) -> str:
    return (f"count={len(values)}  p50={percentile(values, 50):.1f} ms  p95={percentile(values, 95):.1f} ms  "
            f"p99={percentile(values, 99):.1f} ms  max={max(values):.1f} ms")


def tray_data(user: User) -> int:
    """What the tray page loads, forced to run."""
    counts = selectors.tray_counts(user)
    approvals = selectors.approvals_waiting(user)
    rows = list(selectors.tray(user)[:PAGE])
    total = selectors.tray(user).count()
    return counts["open"] + len(rows) + total + len(approvals["plans"])


def timed(fn, *args) -> float:
    started = time.perf_counter()
    fn(*args)
    return (time.perf_counter() - started) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--samples", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--results", type=Path, default=ROOT / "bench" / "results")
    args = parser.parse_args()

    rng = random.Random(args.seed)
    roles = [Role.CASE_MANAGER, Role.COMMUNITY_ASSISTANT, Role.SUPERVISOR]
    users = list(User.objects.filter(role__in=roles, is_active=True).select_related("organisation__area"))
    sample = rng.sample(users, min(args.samples, len(users)))
    for user in sample[:10]:
        tray_data(user)  # warm-up

    data_ms, sizes = [], []
    for user in sample:
        data_ms.append(timed(tray_data, user))
        sizes.append(selectors.tray(user).count())
    page_ms = []
    client = Client(HTTP_HOST="localhost")
    for user in sample[:100]:
        client.force_login(user)
        page_ms.append(timed(client.get, "/cases/"))

    lines = [
        f"# work tray benchmark, {date.today()}",
        f"database: {connection.vendor} {connection.pg_version if connection.vendor == 'postgresql' else ''}  "
        f"cases: {Case.objects.count():,}  deadlines: {CaseDeadline.objects.count():,}  "
        f"events: {CaseEvent.objects.count():,}  visits and contacts: {Contact.objects.count():,}",
        f"users sampled: {len(sample)} (case managers, community social assistants, supervisors)  "
        f"open cases each: p50={percentile(sizes, 50):.0f} max={max(sizes)}",
        "",
        f"tray data (counts, approvals, first page): {summary(data_ms)}",
        f"GET /cases/ (whole page):                   {summary(page_ms)}",
        f"target p95 <= {TARGET_P95_MS:.0f} ms: {'meets' if percentile(data_ms, 95) <= TARGET_P95_MS else 'MISSES'}",
    ]
    print("\n".join(lines))
    args.results.mkdir(parents=True, exist_ok=True)
    (args.results / f"tray-{date.today()}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
