"""Workforce indicators by area and cadre (domain.md section 2, adapted from WHO's National Health Workforce
Accounts): density, vacancy rate, attrition, age and sex. Each indicator is defined here once; the page,
the export and the benchmark read the same figures.

One pass computes every area of a subtree × every cadre: five grouped queries (workers in post, workers
in post at the start of the period, exits, posts, populations) whose rows are added up the area tree in
Python. The work grows with the number of groups, not with the number of areas asked for.

Definitions:
- headcount on a date: workers with an assignment running that day (a volunteer's assignment has no post);
  counted in the area where the worker works;
- density: headcount per 100,000 children (0–17) and per 10,000 population, with the area's population
  of the latest year not after the date;
- vacancy rate: funded posts nobody holds on the date / funded posts on the date, counted in the post's area;
- attrition: exits in the period / average headcount, where the average is the mean of the headcounts on
  the first and the last day of the period. An exit is an assignment ending in the period after which the
  worker holds no assignment on the next day: moving from one post to another is not leaving;
- age on the date is the year of the date minus the year of birth; "55 and over" is the retirement risk.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import (
    Case,
    Count,
    DateField,
    Exists,
    ExpressionWrapper,
    IntegerField,
    OuterRef,
    Q,
    Sum,
    Value,
    When,
)
from django.utils.translation import gettext_lazy as _

from careforce.core.models import Area, AreaPopulation

from .models import Assignment, Cadre, LeavingReason, Post, Sex, Worker, current_q

# Age bands: (lowest age, label). The last band is open.
AGE_BANDS = [
    (0, _("under 25")),
    (25, _("25–34")),
    (35, _("35–44")),
    (45, _("45–54")),
    (55, _("55–64")),
    (65, _("65 and over")),
]
RETIREMENT_AGE_BAND = 4  # bands from this one on are "55 and over"
ALL = ""  # the cadre key of the all-cadre figures


@dataclass
class Figures:
    """The workforce of one area (and one cadre, or all cadres)."""

    headcount: int = 0
    fte: Decimal = Decimal(0)
    female: int = 0
    male: int = 0
    ages: list[int] = field(default_factory=lambda: [0] * len(AGE_BANDS))
    headcount_at_start: int = 0
    exits_voluntary: int = 0
    exits_involuntary: int = 0
    posts_funded: int = 0
    posts_vacant: int = 0
    population: int | None = None
    children: int | None = None

    @property
    def per_100k_children(self) -> float | None:
        return 100_000 * self.headcount / self.children if self.children else None

    @property
    def per_10k_population(self) -> float | None:
        return 10_000 * self.headcount / self.population if self.population else None

    @property
    def vacancy_rate(self) -> float | None:
        return self.posts_vacant / self.posts_funded if self.posts_funded else None

    @property
    def exits(self) -> int:
        return self.exits_voluntary + self.exits_involuntary

    @property
    def average_headcount(self) -> float:
        return (self.headcount_at_start + self.headcount) / 2

    def _attrition(self, exits: int) -> float | None:
        average = self.average_headcount
        return exits / average if average else None

    @property
    def attrition(self) -> float | None:
        return self._attrition(self.exits)

    @property
    def attrition_voluntary(self) -> float | None:
        return self._attrition(self.exits_voluntary)

    @property
    def attrition_involuntary(self) -> float | None:
        return self._attrition(self.exits_involuntary)

    @property
    def aged_55_and_over(self) -> int:
        return sum(self.ages[RETIREMENT_AGE_BAND:])

    @property
    def share_55_and_over(self) -> float | None:
        return self.aged_55_and_over / self.headcount if self.headcount else None

    @property
    def share_female(self) -> float | None:
        return self.female / self.headcount if self.headcount else None


@dataclass
class Indicators:
    """Figures for every area of a subtree × every cadre (and all cadres, key ALL)."""

    root: Area
    on: dt.date
    period_from: dt.date
    areas: dict[int, Area]
    figures: dict[tuple[int, str], Figures]
    populations: dict[int, AreaPopulation]

    def get(self, area_id: int, cadre: str = ALL) -> Figures:
        figures = self.figures.get((area_id, cadre)) or Figures()
        population = self.populations.get(area_id)
        if population is not None:
            figures.population, figures.children = population.total, population.children
        return figures

    def children_of(self, area: Area) -> list[Area]:
        return sorted((a for a in self.areas.values() if a.parent_id == area.pk), key=lambda a: a.name)

    def own_level(self, area: Area, cadre: str = ALL) -> Figures | None:
        """Workers and posts placed on the area itself rather than in one of its parts (a national
        directorate sits on the country): the difference between the area and the sum of its parts."""
        total = self.get(area.pk, cadre)
        parts = [self.get(child.pk, cadre) for child in self.children_of(area)]
        own = Figures(
            headcount=total.headcount - sum(p.headcount for p in parts),
            headcount_at_start=total.headcount_at_start - sum(p.headcount_at_start for p in parts),
            exits_voluntary=total.exits_voluntary - sum(p.exits_voluntary for p in parts),
            exits_involuntary=total.exits_involuntary - sum(p.exits_involuntary for p in parts),
            posts_funded=total.posts_funded - sum(p.posts_funded for p in parts),
            posts_vacant=total.posts_vacant - sum(p.posts_vacant for p in parts),
        )
        if not (own.headcount or own.headcount_at_start or own.exits or own.posts_funded):
            return None
        own.fte = total.fte - sum((p.fte for p in parts), Decimal(0))
        own.female = total.female - sum(p.female for p in parts)
        own.male = total.male - sum(p.male for p in parts)
        own.ages = [t - sum(p.ages[i] for p in parts) for i, t in enumerate(total.ages)]
        return own


def _age_band(on: dt.date) -> Case:
    # Born in year y, the worker is on.year − y years old on the date (by year of birth).
    whens = [
        When(birth_year__gt=on.year - lowest, then=Value(i - 1))
        for i, (lowest, _label) in enumerate(AGE_BANDS) if i > 0
    ]
    return Case(*whens, default=Value(len(AGE_BANDS) - 1), output_field=IntegerField())


def _in_post(on: dt.date) -> Exists:
    return Exists(Assignment.objects.filter(current_q(on), worker=OuterRef("pk")))


def compute(
    *, root: Area, on: dt.date, period_from: dt.date, cadres: Iterable[str] | None = None, fte_only: bool = False
) -> Indicators:
    """Every area of `root`'s subtree × every cadre (or the given cadres). `fte_only`: only the full-time
    equivalents in post (a WISN study's existing staff), in two queries."""
    areas = {a.pk: a for a in Area.objects.filter(path__startswith=root.path).only(
        "pk", "code", "name", "name_ru", "level", "parent_id", "path")}
    # Each area's line up to the root: a group's figures are added to the area and to each ancestor.
    lines: dict[int, list[int]] = {}
    for pk, area in areas.items():
        line, cursor = [], area
        while cursor is not None:
            line.append(cursor.pk)
            cursor = areas.get(cursor.parent_id) if cursor.pk != root.pk else None
        lines[pk] = line
    cadres = list(cadres) if cadres is not None else list(Cadre.values)
    figures: dict[tuple[int, str], Figures] = defaultdict(Figures)

    def targets(area_id: int, cadre: str) -> list[Figures]:
        out = []
        for pk in lines.get(area_id, ()):
            out.append(figures[(pk, ALL)])
            out.append(figures[(pk, cadre)])
        return out

    # FTE in post on the date (a worker may hold two part-time posts).
    fte = (
        Assignment.objects.filter(current_q(on), worker__area__path__startswith=root.path,
                                  worker__cadre__in=cadres)
        .values("worker__area_id", "worker__cadre").annotate(fte=Sum("fte"))
    )
    for row in fte:
        for f in targets(row["worker__area_id"], row["worker__cadre"]):
            f.fte += row["fte"] or Decimal(0)
    populations: dict[int, AreaPopulation] = {}
    if fte_only:
        return Indicators(root=root, on=on, period_from=period_from, areas=areas, figures=dict(figures),
                          populations=populations)
    in_scope = Q(area__path__startswith=root.path, cadre__in=cadres)
    # 1. Workers in post on the date, by area, cadre, sex and age band.
    now = (
        Worker.objects.filter(in_scope).filter(_in_post(on))
        .annotate(band=_age_band(on))
        .values("area_id", "cadre", "sex", "band")
        .annotate(n=Count("pk"))
    )
    for row in now:
        for f in targets(row["area_id"], row["cadre"]):
            f.headcount += row["n"]
            if row["sex"] == Sex.FEMALE:
                f.female += row["n"]
            else:
                f.male += row["n"]
            f.ages[row["band"]] += row["n"]
    # 2. Workers in post on the first day of the period.
    start = Worker.objects.filter(in_scope).filter(_in_post(period_from)).values("area_id", "cadre").annotate(
        n=Count("pk"))
    for row in start:
        for f in targets(row["area_id"], row["cadre"]):
            f.headcount_at_start += row["n"]
    # 3. Exits in the period: an assignment ends and nothing runs the next day.
    next_day = ExpressionWrapper(OuterRef("end") + dt.timedelta(days=1), output_field=DateField())
    continues = Assignment.objects.filter(worker=OuterRef("worker")).exclude(pk=OuterRef("pk")).filter(
        Q(start__lte=next_day) & (Q(end__isnull=True) | Q(end__gte=next_day))
    )
    exits = (
        Assignment.objects.filter(end__gte=period_from, end__lte=on, worker__area__path__startswith=root.path,
                                  worker__cadre__in=cadres)
        .filter(~Exists(continues))
        .values("worker__area_id", "worker__cadre", "reason_for_leaving")
        .annotate(n=Count("worker", distinct=True))
    )
    for row in exits:
        for f in targets(row["worker__area_id"], row["worker__cadre"]):
            if row["reason_for_leaving"] == LeavingReason.INVOLUNTARY:
                f.exits_involuntary += row["n"]
            else:
                f.exits_voluntary += row["n"]
    # 4. Funded posts on the date, held or vacant.
    held = Exists(Assignment.objects.filter(current_q(on), post=OuterRef("pk")))
    posts = (
        Post.objects.filter(in_scope, funded_from__lte=on)
        .filter(Q(funded_until__isnull=True) | Q(funded_until__gte=on))
        .annotate(held=held)
        .values("area_id", "cadre")
        .annotate(funded=Count("pk"), vacant=Count("pk", filter=Q(held=False)))
    )
    for row in posts:
        for f in targets(row["area_id"], row["cadre"]):
            f.posts_funded += row["funded"]
            f.posts_vacant += row["vacant"]
    # 5. Populations: the latest year not after the date, for each area.
    for p in AreaPopulation.objects.filter(area__path__startswith=root.path, year__lte=on.year).order_by(
            "year").only("area_id", "year", "total", "children"):
        populations[p.area_id] = p
    return Indicators(root=root, on=on, period_from=period_from, areas=areas, figures=dict(figures),
                      populations=populations)


def in_post_by(*, root: Area, on: dt.date, field: str) -> list[tuple[int, str, int]]:
    """Workers in post on the date, the headcount `compute` counts, split by another field of the worker
    (e.g. "organisation__kind"): (area id, value, count) rows."""
    return list(
        Worker.objects.filter(area__path__startswith=root.path).filter(_in_post(on)).order_by()
        .values_list("area_id", field).annotate(n=Count("pk"))
    )


def posts_by(*, root: Area, on: dt.date, field: str) -> list[tuple[int, str, int, int]]:
    """Funded posts on the date, as `compute` counts them, split by another field of the post (e.g.
    "organisation__kind"): (area id, value, funded, vacant) rows."""
    held = Exists(Assignment.objects.filter(current_q(on), post=OuterRef("pk")))
    return list(
        Post.objects.filter(area__path__startswith=root.path, funded_from__lte=on)
        .filter(Q(funded_until__isnull=True) | Q(funded_until__gte=on))
        .annotate(held=held).order_by()
        .values_list("area_id", field)
        .annotate(funded=Count("pk"), vacant=Count("pk", filter=Q(held=False)))
    )


def default_period_from(on: dt.date) -> dt.date:
    """The twelve months ending on `on`."""
    try:
        return on.replace(year=on.year - 1) + dt.timedelta(days=1)
    except ValueError:  # 29 February
        return on.replace(year=on.year - 1, day=28) + dt.timedelta(days=1)


def band_labels() -> list[str]:
    return [str(label) for _lowest, label in AGE_BANDS]


__all__ = ["ALL", "AGE_BANDS", "Figures", "Indicators", "band_labels", "compute", "default_period_from", "in_post_by",
           "posts_by"]
