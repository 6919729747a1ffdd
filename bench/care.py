"""Benchmark of the care pages at national scale: institutions, outcomes, referrals received, family support.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/benchnat .venv/bin/python bench/care.py

Times, through Django's test client (the whole request: middleware, session, access door, templates), each
signed in as a user of the right role found in the data:

1. the residential institutions page (GET /placements/institutions/) as the national administrator (the
   country) and as the regional manager of the region with the most institutions;
2. the outcomes page (GET /placements/outcomes/) as the national administrator;
3. the referrals received (GET /referrals/incoming/) of the organisation that received the most referrals,
   as one of its staff;
4. the family-support totals of the country (GET /cases/support/totals/) as the national administrator.

The first request of each page is reported on its own (cold: its templates not yet compiled, the database's
pages perhaps on disk; Django's own start is paid before, by the home page); then --repeat runs give the
median and p95. Each page's number of queries is printed: it must not grow
with the number of rows (tests assert it). Results go to stdout and bench/results/care-<date>.txt.
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

from careforce.cases.models import SupportPayment  # noqa: E402
from careforce.core.models import Organisation, User  # noqa: E402
from careforce.core.roles import Role  # noqa: E402
from careforce.placements.models import INSTITUTION_ORG_KINDS, CareSetting, Reintegration  # noqa: E402
from careforce.referrals.grants import RECEIVING_ROLES  # noqa: E402
from careforce.referrals.models import Referral  # noqa: E402


def percentile(values: list[float], p: int) -> float:
    return values[0] if len(values) == 1 else statistics.quantiles(values, n=100, method="inclusive")[p - 1]


def national_admin() -> User | None:
    return User.objects.filter(role=Role.NATIONAL_ADMIN, is_active=True).order_by("pk").first()


def busiest_regional_manager() -> User | None:
    """The regional manager of the region holding the most institutions (her institutions page is the longest)."""
    managers = [u for u in User.objects.filter(role=Role.REGIONAL_MANAGER, is_active=True)
                .select_related("area", "organisation__area").order_by("pk") if u.scope_area is not None]
    if not managers:
        return None
    institutions = list(
        Organisation.objects.filter(kind__in=INSTITUTION_ORG_KINDS).values_list("area__path", flat=True)
    )
    return max(managers, key=lambda u: (sum(p.startswith(u.scope_area.path) for p in institutions), -u.pk))


def busiest_receiver() -> tuple[User | None, Organisation | None, int]:
    """A member of staff of the organisation that received the most referrals (among those with staff who
    answer referrals), her supervisor first."""
    answering = User.objects.filter(role__in=RECEIVING_ROLES, is_active=True).values("organisation")
    top = (
        Referral.objects.filter(to_organisation__in=answering).values("to_organisation")
        .annotate(n=Count("pk")).order_by("-n", "to_organisation").first()
    )
    if top is None:
        return None, None, 0
    org = Organisation.objects.get(pk=top["to_organisation"])
    staff = User.objects.filter(organisation=org, role__in=RECEIVING_ROLES, is_active=True)
    user = staff.filter(role=Role.SUPERVISOR).order_by("pk").first() or staff.order_by("pk").first()
    return user, org, top["n"]


def measure(label: str, user: User, url: str, repeat: int) -> str:
    client = Client(SERVER_NAME="127.0.0.1")
    client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        response = client.get(url)
        cold = time.perf_counter() - start
    count = len(queries)  # now: the next request empties the connection's log of queries
    assert response.status_code == 200, (url, response.status_code)
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - start)
        assert response.status_code == 200, (url, response.status_code)
    return (f"{label}\n    GET {url} as {user.username} ({user.get_role_display()}): queries={count}  "
            f"cold={cold * 1000:.0f} ms  runs={len(times)}  median={statistics.median(times) * 1000:.0f} ms  "
            f"p95={percentile(times, 95) * 1000:.0f} ms  max={max(times) * 1000:.0f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--results", type=Path, default=ROOT / "bench" / "results")
    args = parser.parse_args()

    admin = national_admin()
    if admin is None:
        sys.exit("No national administrator in this database: seed the country first.")
    institutions = Organisation.objects.filter(kind__in=INSTITUTION_ORG_KINDS).count()
    # Django's own start (URLs, middleware, the base template) is paid once per process, not by each page: the
    # home page pays it here, so that each "cold" figure is that page's own first request.
    warm = Client(SERVER_NAME="127.0.0.1")
    warm.force_login(admin)
    warm.get("/")
    lines = [
        f"# care pages benchmark, {date.today()}",
        f"database: {connection.vendor}  institutions and homes: {institutions:,}  "
        f"care settings: {CareSetting.objects.count():,}  reintegrations: {Reintegration.objects.count():,}  "
        f"referrals: {Referral.objects.count():,}  support payments: {SupportPayment.objects.count():,}",
        "",
        measure("residential institutions, the country", admin, "/placements/institutions/", args.repeat),
    ]
    regional = busiest_regional_manager()
    if regional is not None:
        lines.append(measure(f"residential institutions, region {regional.scope_area.display_name}", regional,
                             "/placements/institutions/", args.repeat))
    lines.append(measure("outcomes of care, the country", admin, "/placements/outcomes/", args.repeat))
    receiver, org, received = busiest_receiver()
    if receiver is not None:
        lines.append(measure(f"referrals received by {org.name} ({received:,} referrals)", receiver,
                             "/referrals/incoming/", args.repeat))
    lines.append(measure("family-support totals, the country", admin, "/cases/support/totals/", args.repeat))

    print("\n".join(lines))
    args.results.mkdir(parents=True, exist_ok=True)
    (args.results / f"care-{date.today()}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
