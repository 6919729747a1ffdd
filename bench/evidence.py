"""Benchmark of the evidence at national scale: the dashboard and the State of the Social Service Workforce
report.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/benchnat .venv/bin/python bench/evidence.py

Times (1) every indicator of the registry for the country, one by one (the work behind the dashboard, the
report and the API); (2) the refresh of the figures store for the country and its regions (the background
work, figures.py); (3) GET /evidence/ as the national administrator, cold (the process's cache emptied
before each run, the figures read from the store) and warm; (4) the report of the country as HTML and as
PDF, built the way the background job builds it. Targets (issue 7): dashboard <= 500 ms cold and <= 50 ms warm; report
HTML <= 3 s, PDF <= 10 s. Results go to stdout and bench/results/evidence-<date>.txt.
"""

from __future__ import annotations

import argparse
import os
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

from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from careforce.core.models import Area, AreaLevel, User  # noqa: E402
from careforce.core.roles import Role  # noqa: E402
from careforce.evidence.indicators import REGISTRY, Period  # noqa: E402


def timed(fn, repeat: int, before=None) -> tuple[list[float], object]:
    times, result = [], None
    for _ in range(repeat):
        if before:
            before()
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return times, result


def line(label: str, times: list[float], target_ms: float | None = None) -> str:
    out = (f"{label}: runs={len(times)}  median={statistics.median(times) * 1000:.0f} ms  "
           f"max={max(times) * 1000:.0f} ms")
    return out + (f"  target <= {target_ms:.0f} ms" if target_ms else "")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--results", type=Path, default=ROOT / "bench" / "results")
    parser.add_argument("--no-report", action="store_true")
    args = parser.parse_args()

    country = Area.objects.filter(level=AreaLevel.COUNTRY).order_by("pk").first()
    admin = User.objects.filter(role=Role.NATIONAL_ADMIN, is_active=True).order_by("pk").first()
    if country is None or admin is None:
        sys.exit("No country or national administrator in this database: seed the country first.")
    period = Period.year(timezone.localdate().year)
    lines = [f"database: {connection.vendor}  country: {country}  period: {period.code}  "
             f"indicators: {len(REGISTRY)}"]
    total = 0.0
    for code, ind in REGISTRY.items():
        with CaptureQueriesContext(connection) as q:
            start = time.perf_counter()
            ind.table(country, period)
            took = time.perf_counter() - start
        total += took
        lines.append(f"  {code}: {took * 1000:.0f} ms, {len(q)} queries")
    lines.append(f"every indicator for the country, once each: {total * 1000:.0f} ms")

    from careforce.evidence import figures

    # The figures store: what the refresh (manage.py figures, the background worker) does for the country
    # and its regions, every figure computed again.
    start = time.perf_counter()
    computed = figures.warm_country(period.start.year, force=True)
    took = time.perf_counter() - start
    lines.append(f"figures of the country and its regions computed into the store (manage.py figures --force): "
                 f"{computed} tables, {took * 1000:.0f} ms (background work)")

    # A country's dashboard never computed: what its background job computes while the page shows progress.
    from careforce.evidence import dashboard
    from careforce.evidence.models import StoredFigure

    asks = dashboard.asks(dashboard.DashboardScope(country, "area"), period.start.year)
    StoredFigure.objects.filter(key__in=[a.key for a in asks]).delete()
    start = time.perf_counter()
    computed = figures.compute(figures.missing(asks))
    took = time.perf_counter() - start
    lines.append(f"the country's dashboard never computed: {computed} tables by its background job, "
                 f"{took * 1000:.0f} ms (the page shows the progress)")

    client = Client(SERVER_NAME="127.0.0.1")
    client.force_login(admin)
    # Cold: the process's cache empty (a new server process), the figures read from the store.
    with CaptureQueriesContext(connection) as q:
        cold, response = timed(lambda: client.get("/evidence/"), args.repeat, before=cache.clear)
    assert response.status_code == 200, response.status_code
    assert b"dash-card" in response.content, "the dashboard did not show its figures"
    lines.append(line("GET /evidence/ cold (national administrator, figures stored)", cold, 500)
                 + f"  {len(q) // args.repeat} queries")
    warm, response = timed(lambda: client.get("/evidence/"), args.repeat * 3)
    lines.append(line("GET /evidence/ warm", warm, 50))

    if not args.no_report:
        from careforce.evidence import report

        year = period.start.year
        start = time.perf_counter()
        built = report.build(area=country, year=year)
        content = time.perf_counter() - start
        start = time.perf_counter()
        report.render_body(built)
        html = time.perf_counter() - start
        start = time.perf_counter()
        pdf = report.render_pdf_bytes(built)
        took_pdf = time.perf_counter() - start
        lines.append(f"report of the country: content {content * 1000:.0f} ms + HTML {html * 1000:.0f} ms "
                     f"= {(content + html) * 1000:.0f} ms (target <= 3000); PDF {took_pdf * 1000:.0f} ms "
                     f"(target <= 10000), {len(pdf) / 1024:.0f} KB")

    print("\n".join(lines))
    args.results.mkdir(parents=True, exist_ok=True)
    (args.results / f"evidence-{date.today()}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
