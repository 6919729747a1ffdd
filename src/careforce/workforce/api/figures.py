"""The workforce indicators of an area."""

# No `from __future__ import annotations`: django-ninja reads the real annotations at import time.
import datetime

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Schema
from ninja.responses import Status

from careforce.core import access
from careforce.core.models import Area

from .. import indicators
from ..models import (
    Cadre,
)
from .common import ErrorOut, router

# --- Indicators --------------------------------------------------------------------------------------


class IndicatorQuery(Schema):
    area: int | None = Field(None, description="Area id; your whole scope if left out")
    on: datetime.date | None = Field(None, description="The date of the headcount (today if left out)")
    period_from: datetime.date | None = Field(None, description="Exits counted from this date (a year back)")


class FiguresOut(Schema):
    area: int
    area_code: str
    cadre: str | None = Field(..., description="null: all cadres")
    headcount: int
    fte: float
    children: int | None
    population: int | None
    per_100k_children: float | None
    per_10k_population: float | None
    posts_funded: int
    posts_vacant: int
    vacancy_rate: float | None
    headcount_at_start: int
    exits_voluntary: int
    exits_involuntary: int
    attrition: float | None
    attrition_voluntary: float | None
    attrition_involuntary: float | None
    female: int
    male: int
    ages: list[int] = Field(..., description="Workers by age band: <25, 25–34, 35–44, 45–54, 55–64, 65+")
    share_55_and_over: float | None


class IndicatorsOut(Schema):
    on: datetime.date
    period_from: datetime.date
    rows: list[FiguresOut]


@router.get(
    "/workforce/indicators",
    response={200: IndicatorsOut, 400: ErrorOut},
    summary="Workforce indicators for an area and the areas one level below, by cadre (numbers unrounded)",
)
def get_indicators(request, query: Query[IndicatorQuery]):
    root = access.aggregate_root(request.user)
    if root is None:
        raise PermissionDenied
    area = root
    if query.area is not None:
        area = get_object_or_404(Area, pk=query.area)
        if not access.may_read_aggregates_of(request.user, area):
            raise PermissionDenied
    on = query.on or timezone.localdate()
    period_from = query.period_from or indicators.default_period_from(on)
    if period_from > on:
        return Status(400, {"detail": _("The period cannot start after the date it ends on.")})
    result = indicators.compute(root=area, on=on, period_from=period_from)
    rows = []
    for a in [area, *result.children_of(area)]:
        for cadre in [indicators.ALL, *Cadre.values]:
            f = result.get(a.pk, cadre)
            rows.append({
                "area": a.pk, "area_code": a.code, "cadre": cadre or None, "headcount": f.headcount,
                "fte": float(f.fte), "children": f.children, "population": f.population,
                "per_100k_children": f.per_100k_children, "per_10k_population": f.per_10k_population,
                "posts_funded": f.posts_funded, "posts_vacant": f.posts_vacant, "vacancy_rate": f.vacancy_rate,
                "headcount_at_start": f.headcount_at_start, "exits_voluntary": f.exits_voluntary,
                "exits_involuntary": f.exits_involuntary, "attrition": f.attrition,
                "attrition_voluntary": f.attrition_voluntary, "attrition_involuntary": f.attrition_involuntary,
                "female": f.female, "male": f.male, "ages": f.ages, "share_55_and_over": f.share_55_and_over,
            })
    return {"on": on, "period_from": period_from, "rows": rows}
