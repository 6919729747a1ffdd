"""Benchmark of the workforce indicators and the staffing need at national scale.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/benchnat .venv/bin/python bench/workforce.py

Times (1) the indicators (headcount, density per 100,000 children and per 10,000 population, vacancy rate,
attrition, age and sex) for every area of the country × every cadre, in one pass, as the indicator page,
its export and the API compute them; (2) the indicator page for the country through Django's test client;
(3) WISN staffing need for every area × every cadre that records case work (case managers, community
assistants, volunteers; other cadres have no recorded workload): the recorded case workload and the staff
in post grouped once per cadre, then the WISN arithmetic per area (evidence.staffing.need_in_every_area).
Target: (1) and (3) together <= 1 s on PostgreSQL. Results go to stdout and bench/results/workforce-<date>.txt.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "careforce.settings")
os.environ.setdefault("DEBUG", "1")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from careforce.core.models import Area, AreaLevel, User  # noqa: E402
from careforce.core.roles import Role  # noqa: E402
from careforce.workforce import indicators  # noqa: E402
from careforce.workforce.models import Cadre, Worker  # noqa: E402

TARGET_S = 1.0


def timed(fn, repeat: int) -> tuple[list[float], object]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return times, result


def line(label: str, times: list[float]) -> str:
    return (f"{label}: runs={len(times)}  median={statistics.median(times) * 1000:.0f} ms  "
            f"max={max(times) * 1000:.0f} ms")


def wisn_every_area(country: Area, on: date):
    """WISN for every area × every cadre that records case work, with the default standards: one
    country-wide study per cadre, made for the run and rolled back."""
    from django.db import transaction

    from careforce.cases.workload import ROLE_OF_CADRE
    from careforce.evidence import staffing
    from careforce.evidence.models import StaffingStudy

    results = {}

    class Rollback(Exception):
        pass

    try:
        with transaction.atomic():
            admin = User.objects.filter(role=Role.NATIONAL_ADMIN).first()
            studies = [
                staffing.staffing_study_create(actor=admin, data=staffing.StudyIn.starting(
                    name=f"bench {cadre}", area=country, cadre=cadre, year=on.year - 1))
                for cadre in ROLE_OF_CADRE
            ]
            loaded = StaffingStudy.objects.prefetch_related(
                "activities", "category_allowances", "individual_allowances").select_related("area").filter(
                pk__in=[s.pk for s in studies])
            start = time.perf_counter()
            results.update(staffing.need_in_every_area(list(loaded)))
            results["_seconds"] = time.perf_counter() - start
            raise Rollback
    except Rollback:
        pass
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--results", type=Path, default=ROOT / "bench" / "results")
    args = parser.parse_args()

    country = Area.objects.get(level=AreaLevel.COUNTRY)
    on = date.today()
    areas = Area.objects.count()
    workers = Worker.objects.count()
    lines = [
        f"database: {connection.vendor}  areas: {areas:,}  workers: {workers:,}  cadres: {len(Cadre.values)}",
    ]
    times, result = timed(lambda: indicators.compute(root=country, on=on, period_from=on - timedelta(days=364)),
                          args.repeat)
    lines.append(line(f"indicators, every area × cadre ({len(result.figures):,} figures)", times))
    total = times

    wisn_runs = [wisn_every_area(country, on) for _ in range(args.repeat)]
    wisn_times = [r.pop("_seconds") for r in wisn_runs]
    wisn_result = wisn_runs[-1]
    if wisn_result:
        lines.append(line(f"WISN, every area × cadre recording case work ({len(wisn_result):,} results)",
                          wisn_times))
        total = [a + b for a, b in zip(times, wisn_times, strict=True)]
    lines.append(line("indicators + WISN", total) + f"  target <= {TARGET_S * 1000:.0f} ms")

    admin = User.objects.filter(role=Role.NATIONAL_ADMIN, is_active=True).first()
    if admin is not None:
        client = Client(SERVER_NAME="127.0.0.1")
        client.force_login(admin)
        page_times, response = timed(lambda: client.get("/workforce/indicators/"), args.repeat)
        assert response.status_code == 200, response.status_code
        lines.append(line("GET /workforce/indicators/ (country)", page_times))

    print("\n".join(lines))
    args.results.mkdir(parents=True, exist_ok=True)
    (args.results / f"workforce-{date.today()}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
