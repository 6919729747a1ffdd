"""The areas of the demo country and their populations.

Codes follow the path of the tree ("DM", "DM-N", "DM-N-03", "DM-N-03-012") so anybody reading a code
knows where the place is. Populations are generated for localities only and summed upwards, so every
figure by region or district adds up exactly, as it must in the dashboards.
"""

from __future__ import annotations

import math
import random

from django.utils.translation import gettext as _

from careforce.core.models import Area, AreaLevel, AreaPopulation

from .context import BATCH_SIZE, COUNTRY_CODE, YEARS, Context
from .toponyms import PlaceNamer, romanian_to_russian

COUNTRY_NAME = "Republica Demo"
COUNTRY_NAME_RU = "Республика Демо"

# In the order they are used: the demo scale has the first three.
REGIONS = [
    ("Nord", "Север", "N"),
    ("Centru", "Центр", "C"),
    ("Sud", "Юг", "S"),
    ("Est", "Восток", "E"),
    ("Vest", "Запад", "V"),
    ("Nord-Est", "Северо-Восток", "NE"),
    ("Nord-Vest", "Северо-Запад", "NV"),
    ("Sud-Est", "Юго-Восток", "SE"),
    ("Sud-Vest", "Юго-Запад", "SV"),
    ("Codru", "Кодру", "CD"),
]


def _area(code: str, name: str, level: int, parent: Area | None) -> Area:
    # bulk_create skips Area.save(), which is where the path is normally computed.
    path = f"{parent.path if parent else ''}{code}/"
    name_ru = romanian_to_russian(name)
    return Area(code=code, name=name, name_ru=name_ru, level=level, parent=parent, path=path)


def _districts_per_region(ctx: Context) -> list[int]:
    regions, districts = ctx.scale.regions, ctx.scale.districts
    base, extra = divmod(districts, regions)
    return [base + (1 if i < extra else 0) for i in range(regions)]


def build_areas(ctx: Context) -> None:
    if ctx.scale.regions > len(REGIONS):
        raise ValueError(f"At most {len(REGIONS)} regions are named.")
    rng = ctx.rng("areas")
    namer = PlaceNamer(rng)

    country = Area(
        code=COUNTRY_CODE, name=COUNTRY_NAME, name_ru=COUNTRY_NAME_RU, level=AreaLevel.COUNTRY,
        path=f"{COUNTRY_CODE}/",
    )
    Area.objects.bulk_create([country])
    ctx.country = country

    regions = []
    for name, name_ru, letter in REGIONS[: ctx.scale.regions]:
        region = _area(f"{COUNTRY_CODE}-{letter}", name, AreaLevel.REGION, country)
        region.name_ru = name_ru
        regions.append(region)
    Area.objects.bulk_create(regions)
    ctx.regions = regions

    district_names: set[str] = set()
    districts = []
    for region, count in zip(regions, _districts_per_region(ctx), strict=True):
        for number in range(1, count + 1):
            # District names are single words, as the names of their towns mostly are.
            name = namer.unique(district_names, compound_share=0.0)
            district = _area(f"{region.code}-{number:02d}", name, AreaLevel.DISTRICT, region)
            districts.append(district)
    Area.objects.bulk_create(districts)
    ctx.districts = districts
    by_code = {r.code: r for r in regions}
    for district in districts:
        ctx.region_of[district.pk] = by_code[district.code.rsplit("-", 1)[0]]

    localities = []
    low, high = ctx.scale.localities_per_district
    for district in ctx.bar(districts, _("Places"), total=len(districts)):
        used = {district.name}
        town = _area(f"{district.code}-001", district.name, AreaLevel.LOCALITY, district)
        mine = [town]
        for number in range(2, rng.randint(low, high) + 1):
            code = f"{district.code}-{number:03d}"
            mine.append(_area(code, namer.unique(used), AreaLevel.LOCALITY, district))
        localities.extend(mine)
        ctx.localities_of[district.pk] = mine
    Area.objects.bulk_create(localities, batch_size=BATCH_SIZE)
    ctx.town_of = {pk: mine[0] for pk, mine in ctx.localities_of.items()}
    ctx.localities = localities
    ctx.counts["areas"] = 1 + len(regions) + len(districts) + len(localities)

    _choose_russophone_districts(ctx)


def _choose_russophone_districts(ctx: Context) -> None:
    """About a third of districts, most of the North among them, where staff mostly speak Russian."""
    rng = ctx.rng("languages")
    north = [d for d in ctx.districts if ctx.region_of[d.pk] is ctx.regions[0]]
    # The first northern district stays Romanian-speaking: the fixed demo logins work there.
    chosen = {d.pk for d in north[1:]}
    target = max(1, round(len(ctx.districts) / 3))
    others = [d.pk for d in ctx.districts if d.pk not in chosen and d is not north[0]]
    rng.shuffle(others)
    while len(chosen) < target and others:
        chosen.add(others.pop())
    ctx.russophone_districts = chosen


def _locality_series(rng: random.Random, town: bool) -> list[tuple[int, int]]:
    """Total and children (0–17) for each year of a locality: shrinking slowly, children faster."""
    if town:
        start = int(rng.triangular(8000, 40000, 14000))
        decline = rng.uniform(0.003, 0.012)
    else:
        # Most villages are small; a few large ones make the long tail real districts have.
        start = int(min(5000, max(500, rng.lognormvariate(math.log(900), 0.55))))
        decline = rng.uniform(0.008, 0.02)  # emigration empties villages first
    # Children are 19–23 % of people, a share falling each year as young families leave.
    share = rng.uniform(0.213, 0.229)
    share_drop = rng.uniform(0.002, 0.005)
    series = []
    for offset, _year in enumerate(YEARS):
        total = round(start * (1 - decline) ** offset)
        children = int(total * (share - share_drop * offset))  # rounding down keeps the share within bounds
        series.append((total, children))
    return series


def build_populations(ctx: Context) -> None:
    rng = ctx.rng("populations")
    years = list(YEARS)
    sums: dict[int, list[list[int]]] = {}  # area pk → per year [total, children]

    def add(area: Area, series: list[tuple[int, int]]) -> None:
        acc = sums.setdefault(area.pk, [[0, 0] for _ in years])
        for i, (total, children) in enumerate(series):
            acc[i][0] += total
            acc[i][1] += children

    for district in ctx.bar(ctx.districts, _("Populations"), total=len(ctx.districts)):
        region = ctx.region_of[district.pk]
        for locality in ctx.localities_of[district.pk]:
            series = _locality_series(rng, town=locality is ctx.town_of[district.pk])
            add(locality, series)
            add(district, series)
            add(region, series)
            add(ctx.country, series)

    rows = [
        AreaPopulation(area_id=pk, year=year, total=acc[i][0], children=acc[i][1])
        for pk, acc in sums.items()
        for i, year in enumerate(years)
    ]
    AreaPopulation.objects.bulk_create(rows, batch_size=BATCH_SIZE)
    ctx.population = {pk: tuple(acc[-1]) for pk, acc in sums.items()}
    ctx.counts["populations"] = len(rows)
