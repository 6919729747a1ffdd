"""Benchmark of the training pages at national scale: the cascade, the needs analysis, CPD compliance, impact.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/benchnat .venv/bin/python bench/training.py

Takes the largest ToT tree (the top session with the most sessions under the same `cascade_root`) and times
(1) the cascade as the cascade page and the API compute it (training.cascade.cascade_of, then as_json and the
SVG tree), and (2) GET /training/sessions/<id>/cascade/ through Django's test client as the national
administrator. Then (3) the training needs analysis and (4) CPD compliance of the whole country, each as its
selector computes it and as the national administrator's page, and (5) the impact page of the course with
the most participants. Results go to stdout and bench/results/training-<date>.txt.
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

from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from careforce.core.models import Area, AreaLevel, User  # noqa: E402
from careforce.core.roles import Role  # noqa: E402
from careforce.training import cpd, impact, needs  # noqa: E402
from careforce.training.cascade import as_json, cascade_of  # noqa: E402
from careforce.training.models import (  # noqa: E402
    CompetencyRating,
    Course,
    CpdRecord,
    Participation,
    TrainingSession,
)
from careforce.training.tree import cascade_svg  # noqa: E402

TARGET_S = 0.5  # the cascade page of the largest tree
TARGET_FIGURES_S = 1.0  # the country's needs analysis and CPD compliance, each


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


def largest_tree() -> TrainingSession | None:
    """The top ToT session with the most sessions in its tree (the top counts itself: it is its own root)."""
    top = TrainingSession.objects.filter(course__trains_trainers=True, cascades_from__isnull=True).values("pk")
    sizes = dict(
        TrainingSession.objects.filter(cascade_root__in=top).order_by().values("cascade_root")
        .annotate(n=Count("pk")).values_list("cascade_root", "n")
    )
    if not sizes:
        return None
    pk = max(sizes, key=lambda k: (sizes[k], -k))
    return TrainingSession.objects.get(pk=pk)


def _figures(lines: list[str], admin: User, client: Client, repeat: int) -> None:
    from django.utils import timezone

    country = Area.objects.filter(level=AreaLevel.COUNTRY).order_by("pk").first()
    lines.append(
        f"workers assessed: ratings {CompetencyRating.objects.count():,}  CPD records: {CpdRecord.objects.count():,}"
    )
    with CaptureQueriesContext(connection) as queries:
        result = needs.needs_analysis(admin, area=country)
    lines.append(f"needs analysis: workers {result.worker_count:,}  assessed {result.assessed_count:,}  "
                 f"who-needs rows {len(result.workers):,}  queries: {len(queries)}")
    times, _r = timed(lambda: needs.needs_analysis(admin, area=country), repeat)
    lines.append(line("needs_analysis (country)", times) + f"  target <= {TARGET_FIGURES_S * 1000:.0f} ms")
    page, response = timed(lambda: client.get("/training/needs/"), repeat)
    assert response.status_code == 200, response.status_code
    lines.append(line("GET /training/needs/ (national administrator)", page))

    today = timezone.localdate()
    with CaptureQueriesContext(connection) as queries:
        comp = cpd.compliance(admin, on=today, area=country)
    lines.append(f"CPD compliance: workers held to a requirement {comp.overall.total:,}  complying "
                 f"{comp.overall.complying:,} ({comp.overall.percent or 0:.1f} %)  queries: {len(queries)}")
    times, _r = timed(lambda: cpd.compliance(admin, on=today, area=country), repeat)
    lines.append(line("cpd.compliance (country)", times) + f"  target <= {TARGET_FIGURES_S * 1000:.0f} ms")
    page, response = timed(lambda: client.get("/training/cpd/compliance/"), repeat)
    assert response.status_code == 200, response.status_code
    lines.append(line("GET /training/cpd/compliance/ (national administrator)", page))

    course = Course.objects.annotate(n=Count("sessions__participations")).order_by("-n", "pk").first()
    if course is not None:
        from django.core.cache import cache

        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            result = impact.impact(admin, course=course)
            cold = time.perf_counter() - start
        lines.append(f"impact of course {course.pk} ({course.n:,} participations): trained {result.trained:,}  "
                     f"comparison {result.comparison:,}  queries: {len(queries)}  computed cold in "
                     f"{cold * 1000:.0f} ms (then kept {impact.CACHE_SECONDS // 60} minutes)")
        page, response = timed(lambda: client.get(f"/training/courses/{course.pk}/impact/"), repeat)
        assert response.status_code == 200, response.status_code
        lines.append(line(f"GET /training/courses/{course.pk}/impact/", page))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--results", type=Path, default=ROOT / "bench" / "results")
    args = parser.parse_args()

    root = largest_tree()
    if root is None:
        sys.exit("No training-of-trainers session in this database: seed the country first.")
    lines = [
        f"database: {connection.vendor}  sessions: {TrainingSession.objects.count():,}  "
        f"participations: {Participation.objects.count():,}",
    ]

    def compute():
        c = cascade_of(root)
        as_json(c)
        cascade_svg(c)
        return c

    with CaptureQueriesContext(connection) as queries:
        c = compute()
    lines.append(
        f"largest tree: session {root.pk}  sessions: {len(c.nodes):,}  levels: {len(c.levels)}  "
        f"professionals reached: {c.professionals_reached:,}  children reached: {c.children_reached:,}  "
        f"trainers trained: {c.trainers_trained}  delivering: {c.trainers_delivering}  "
        f"stopped: {len(c.stopped_trainees)}  queries: {len(queries)}"
    )
    times, _c = timed(compute, args.repeat)
    lines.append(line("cascade_of + as_json + SVG tree", times) + f"  target <= {TARGET_S * 1000:.0f} ms")
    only, _c = timed(lambda: cascade_of(root), args.repeat)
    lines.append(line("cascade_of alone (the API's work before JSON)", only))

    admin = User.objects.filter(role=Role.NATIONAL_ADMIN, is_active=True).order_by("pk").first()
    if admin is not None:
        client = Client(SERVER_NAME="127.0.0.1")
        client.force_login(admin)
        url = f"/training/sessions/{root.pk}/cascade/"
        page_times, response = timed(lambda: client.get(url), args.repeat)
        assert response.status_code == 200, response.status_code
        lines.append(line(f"GET {url} (national administrator)", page_times))
        _figures(lines, admin, client, args.repeat)

    print("\n".join(lines))
    args.results.mkdir(parents=True, exist_ok=True)
    (args.results / f"training-{date.today()}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
