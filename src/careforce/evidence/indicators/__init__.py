"""One definition per indicator (domain.md section 4): name, description, formula, unit, disaggregations and
the computation. The dashboards, the report, the exports and the API read them from `REGISTRY`, so a figure
never differs between two places. Published figures go through `privacy.suppress`."""

from __future__ import annotations

from . import care, cases, training, workforce
from .base import DIMENSIONS, SMALL_CELL, TOTAL, Cell, Indicator, Period, Scope, Table  # noqa: F401
from .privacy import suppress  # noqa: F401

REGISTRY: dict[str, Indicator] = {
    i.code: i for module in (care, cases, workforce, training) for i in module.INDICATORS
}


def get(code: str) -> Indicator | None:
    return REGISTRY.get(code)
