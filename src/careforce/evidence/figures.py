"""Stored figures: every indicator table the dashboards, the report, the API and the DHIS2 export show is
read through here, from `StoredFigure`, so a figure of the country is computed once for everyone, not each
time a page asks for it.

A stored figure younger than `FRESH_SECONDS` is read as it is. An older one is still read (the page says
when it was computed) and a refresh is queued for the background worker, once. A figure never computed is
computed on the spot and stored; `warm()` (the `figures` command, run after seeding, when `careforce run`
starts and from cron in production) computes in advance what the dashboards and the report of the country
and of its regions read, so nobody waits for them.

The table is stored before suppression (suppression is applied when it is published, as before) with its
column labels in every language of the site: a figure computed for a Romanian reader reads in Russian for
a Russian one.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property

from django.conf import settings
from django.db.models import Q
from django.utils import timezone, translation

from careforce.core.models import Area

from .indicators import REGISTRY, Cell, Indicator, Period, Scope, Table
from .models import StoredFigure

logger = logging.getLogger(__name__)

FRESH_SECONDS = 15 * 60
# A refresh queued longer ago than this is taken as lost (a worker stopped) and queued again.
REFRESH_LOST_SECONDS = 10 * 60


@dataclass(frozen=True)
class Ask:
    """One table asked for: an indicator, an area (or an organisation or a team in it), a period and the
    disaggregation (None: by area alone)."""

    code: str
    area: Area
    period: Period
    by: str | None = None
    organisation_id: int | None = None
    team: tuple[int, ...] | None = None

    @property
    def indicator(self) -> Indicator:
        return REGISTRY[self.code]

    @property
    def narrow(self) -> dict:
        if self.team is not None:
            return {"team": list(self.team)}
        if self.organisation_id is not None:
            return {"organisation_id": self.organisation_id}
        return {}

    @cached_property  # read several times per request (stamps, then the figures): hashed once
    def key(self) -> str:
        team = ",".join(map(str, self.team)) if self.team is not None else "-"
        text = (f"{self.code}|{self.area.pk}|{self.period.start}|{self.period.end}|{self.by or ''}|"
                f"{self.organisation_id or '-'}|{team}")
        return hashlib.sha256(text.encode()).hexdigest()


def ask(indicator: Indicator | str, area: Area, period: Period, by: str | None = None, **narrow) -> Ask:
    team = narrow.get("team")
    return Ask(getattr(indicator, "code", indicator), area, period, by, narrow.get("organisation_id"),
               tuple(team) if team is not None else None)


# --- Storing and reading back ------------------------------------------------------------------------------


def serialize(table: Table) -> dict:
    labels = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            labels[code] = [str(label) for _key, label in table.columns]
    return {
        "columns": [key for key, _label in table.columns],
        "labels": labels,
        "cells": [[a, k, _number(c.value), _number(c.numerator), _number(c.denominator)]
                  for (a, k), c in table.cells.items()],
    }


def _number(n):
    """A figure as JSON keeps it: full-time equivalents and money are Decimals in the database."""
    return float(n) if isinstance(n, Decimal) else n


def _labels(data: dict) -> list[str]:
    language = (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]
    labels = data["labels"]
    return labels.get(language) or labels.get(settings.LANGUAGE_CODE) or next(iter(labels.values()))


def deserialize(a: Ask, data: dict, computed_at: dt.datetime | None, children: list[Area]) -> Table:
    scope = Scope(a.area, a.period, a.by, children=children, **a.narrow)
    table = Table(a.indicator, scope, list(zip(data["columns"], _labels(data), strict=True)))
    table.cells = {(area, key): Cell(value, numerator=num, denominator=den)
                   for area, key, value, num, den in data["cells"]}
    table.computed_at = computed_at
    return table


def _store(a: Ask) -> tuple[dict, dt.datetime]:
    start = time.perf_counter()
    data = serialize(a.indicator.table(a.area, a.period, a.by, **a.narrow))
    now = timezone.now()
    StoredFigure.objects.bulk_create(
        [StoredFigure(
            key=a.key, indicator=a.code, area=a.area, period_start=a.period.start, period_end=a.period.end,
            by=a.by or "", organisation_id=a.organisation_id, team=list(a.team) if a.team is not None else None,
            data=data, computed_at=now, seconds=time.perf_counter() - start, refreshing_since=None,
        )],
        update_conflicts=True, unique_fields=["key"],
        update_fields=["data", "computed_at", "seconds", "refreshing_since"],
    )
    return data, now


class _Children:
    """The areas one level below each area asked about, read once per call."""

    def __init__(self) -> None:
        self._of: dict[int, list[Area]] = {}

    def load(self, asks: Iterable[Ask]) -> None:
        wanted = {a.area.pk for a in asks if not a.narrow} - set(self._of)
        if not wanted:
            return
        for pk in wanted:
            self._of[pk] = []
        for child in Area.objects.filter(parent__in=wanted).order_by("name", "pk"):
            self._of[child.parent_id].append(child)

    def __call__(self, a: Ask) -> list[Area]:
        return [] if a.narrow else self._of[a.area.pk]


def tables(asks: list[Ask], *, refresh: bool = True) -> list[Table]:
    """The tables asked for, in order: one query for those stored, computed and stored for the others; the
    stale ones are read as they are and refreshed in the background (unless `refresh` is false)."""
    rows = {r.key: r for r in StoredFigure.objects.filter(key__in={a.key for a in asks}).only(
        "key", "data", "computed_at")}
    read_at = {key: row.computed_at for key, row in rows.items()}  # before any computed here
    children = _Children()
    children.load(asks)
    out = []
    for a in asks:
        row = rows.get(a.key)
        if row is None:
            data, computed_at = _store(a)
            row = rows[a.key] = StoredFigure(key=a.key, data=data, computed_at=computed_at)
        out.append(deserialize(a, row.data, row.computed_at, children(a)))
    if refresh:
        queue_stale(read_at)
    return out


def table(indicator: Indicator | str, area: Area, period: Period, by: str | None = None, **narrow) -> Table:
    """One indicator table, read through the store."""
    return tables([ask(indicator, area, period, by, **narrow)])[0]


# --- Refreshing ------------------------------------------------------------------------------------------


def queue_refresh(keys: Iterable[str]) -> int:
    """Queue a background refresh of the stale figures not queued already; how many were queued."""
    now = timezone.now()
    lost = now - dt.timedelta(seconds=REFRESH_LOST_SECONDS)
    waiting = StoredFigure.objects.filter(key__in=list(keys)).filter(
        Q(refreshing_since__isnull=True) | Q(refreshing_since__lt=lost))
    pks = list(waiting.values_list("pk", flat=True))
    if not pks:
        return 0
    StoredFigure.objects.filter(pk__in=pks).update(refreshing_since=now)
    from django.db import transaction

    from .tasks import refresh_figures

    transaction.on_commit(lambda: refresh_figures.enqueue(pks))
    return len(pks)


def refresh(pks: Iterable[int]) -> int:
    """Compute again the stored figures `pks` (the background task's work); how many were refreshed."""
    done = 0
    rows = StoredFigure.objects.filter(pk__in=list(pks)).select_related("area")
    for row in rows:
        if row.indicator not in REGISTRY:
            row.delete()  # an indicator since withdrawn
            continue
        a = Ask(row.indicator, row.area, Period(row.period_start, row.period_end), row.by or None,
                row.organisation_id, tuple(row.team) if row.team is not None else None)
        try:
            _store(a)
            done += 1
        except Exception:
            logger.exception("refreshing the figure %s failed", row)
            StoredFigure.objects.filter(pk=row.pk).update(refreshing_since=None)
    return done


def stamps(asks: Iterable[Ask]) -> dict[str, dt.datetime]:
    """When each stored table asked for was computed (one query, no figures read); those never computed
    are left out."""
    return dict(StoredFigure.objects.filter(key__in={a.key for a in asks}).values_list("key", "computed_at"))


def queue_stale(stamped: dict[str, dt.datetime]) -> int:
    """Queue the refresh of the tables `stamps` found older than FRESH_SECONDS."""
    old = timezone.now() - dt.timedelta(seconds=FRESH_SECONDS)
    stale = [key for key, at in stamped.items() if at < old]
    return queue_refresh(stale) if stale else 0


def missing(asks: Iterable[Ask]) -> list[Ask]:
    """The tables asked for that were never computed, each once (one query)."""
    asks = list(asks)
    stored = stamps(asks)
    return [a for a in {a.key: a for a in asks}.values() if a.key not in stored]


def compute(asks: list[Ask], *, progress: Callable[[int, int], None] | None = None) -> int:
    """Compute and store each table asked for, reporting `progress(done, total)` after each."""
    for done, a in enumerate(asks, start=1):
        _store(a)
        if progress is not None:
            progress(done, len(asks))
    return len(asks)


def warm_asks(area: Area, year: int, today: dt.date | None = None) -> list[Ask]:
    """What the dashboard and the report of `area` for `year` read (the report of a region also reads the
    country's tables, for suppression across nested areas)."""
    from . import dashboard, report

    seen: dict[str, Ask] = {}
    for a in [*dashboard.asks(dashboard.DashboardScope(area, "area"), year, today=today),
              *report.asks(area, year, today=today)]:
        seen.setdefault(a.key, a)
    return list(seen.values())


def warm(areas: list[Area], year: int, *, today: dt.date | None = None, force: bool = False,
         progress: Callable[[int, int], None] | None = None) -> int:
    """Compute in advance the figures `warm_asks` lists for each area: those missing or stale (all of them
    with `force`); how many were computed."""
    asks: dict[str, Ask] = {}
    for area in areas:
        for a in warm_asks(area, year, today=today):
            asks.setdefault(a.key, a)
    fresh_after = timezone.now() - dt.timedelta(seconds=FRESH_SECONDS)
    fresh = set() if force else {k for k, at in stamps(asks.values()).items() if at >= fresh_after}
    return compute([a for k, a in asks.items() if k not in fresh], progress=progress)


# A stored figure read is refreshed when stale, which renews its time: one not computed again for this long
# has not been read for as long (a period or a team asked for once through the API, say) and is dropped.
UNREAD_DAYS = 7


def prune(now: dt.datetime | None = None) -> int:
    """Drop the stored figures nobody has read for UNREAD_DAYS; how many."""
    before = (now or timezone.now()) - dt.timedelta(days=UNREAD_DAYS)
    return StoredFigure.objects.filter(computed_at__lt=before, refreshing_since__isnull=True).delete()[0]


def warm_country(year: int | None = None, *, force: bool = False,
                 progress: Callable[[int, int], None] | None = None) -> int:
    """The country's and every region's dashboard and report figures for the year (this one by default),
    once the figures nobody reads any more are dropped."""
    from careforce.core.models import AreaLevel

    prune()
    country = Area.objects.filter(level=AreaLevel.COUNTRY).order_by("pk").first()
    if country is None:
        return 0
    regions = list(Area.objects.filter(parent=country).order_by("name", "pk"))
    return warm([country, *regions], year or timezone.localdate().year, force=force, progress=progress)
