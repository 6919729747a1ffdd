"""The DHIS2 exchange: the published indicator figures of an area and the areas one level below it as a DHIS2
`dataValueSets` document, through the mapping the national administrator keeps in the administration
(models.Dhis2DataElement, models.Dhis2OrgUnit).

The document is the bulk form of DHIS2's Web API (POST /api/dataValueSets): every data value names its data
element, period, organisation unit and, when not the default, its category option combination; values are
strings. Only published figures leave Careforce, so every table goes through `suppress` first and a
suppressed cell is left out (DHIS2 reads a missing value as "no data", never as zero). `data_value_set` is
the one place the document is built: the API serves it, a command that pushes it to a DHIS2 server would
call the same function.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.translation import gettext as _

from careforce.core.models import Area

from . import figures as stored
from .indicators import DIMENSIONS, REGISTRY, TOTAL, Period, suppress
from .indicators.base import age_columns, choice_columns

# The disaggregations that split a figure into columns. "area" is the rows of every table (the area and the
# areas below it, each its own organisation unit) and "period" the DHIS2 period itself.
COLUMN_DIMENSIONS = ("sex", "age_group", "setting", "risk", "cadre", "organisation_type")


def dimension_columns(dimension: str) -> list[tuple[str, str]]:
    """The columns a disaggregation splits a figure into: the choices the indicator modules read them from."""
    from careforce.cases.models import RiskLevel
    from careforce.core.models import OrganisationKind
    from careforce.people.models import Sex
    from careforce.placements.models import SettingKind
    from careforce.workforce.models import Cadre

    if dimension == "age_group":
        return age_columns()
    choices = {"sex": Sex.choices, "setting": SettingKind.choices, "risk": RiskLevel.choices,
               "cadre": Cadre.choices, "organisation_type": OrganisationKind.choices}.get(dimension, [])
    return choice_columns(choices)


def dimension_choices() -> list[tuple[str, str]]:
    return [(d, str(DIMENSIONS[d])) for d in COLUMN_DIMENSIONS]


def mapping_errors(*, indicator: str, disaggregation: str, column: str) -> dict[str, str]:
    """What is wrong with one figure of the mapping, by field (empty: nothing)."""
    definition = REGISTRY.get(indicator)
    if definition is None:
        return {"indicator": _("No indicator has this code.")}
    if not disaggregation:
        return {"column": _("Choose the disaggregation this value belongs to.")} if column else {}
    if disaggregation not in definition.disaggregations or disaggregation not in COLUMN_DIMENSIONS:
        offered = [str(DIMENSIONS[d]) for d in definition.disaggregations if d in COLUMN_DIMENSIONS]
        return {"disaggregation": _("This indicator is not disaggregated that way. It offers: %(offered)s.") % {
            "offered": ", ".join(offered) or _("none")}}
    keys = [key for key, _label in dimension_columns(disaggregation)]
    if column not in keys:
        return {"column": _("Use one of: %(keys)s.") % {"keys": ", ".join(keys)}}
    return {}


def dhis2_value(value: float, unit: str) -> str:
    """DHIS2 stores every value as a string: counts as integers, rates and ratios with two decimals at most."""
    if unit == "count":
        return str(round(value))
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


@dataclass
class DataValueSet:
    data_values: list[dict[str, str]] = field(default_factory=list)
    suppressed: int = 0  # values left out: too few children to publish (domain.md section 4)
    figures: int = 0  # mapped data elements
    org_units: int = 0  # areas sent: the area and those below it that have a DHIS2 organisation unit

    def as_json(self) -> dict:
        return {"dataValues": self.data_values}


def data_value_set(*, area: Area, year: int, today: dt.date | None = None) -> DataValueSet:
    """Every mapped figure of a calendar year (the current one up to today) for `area` and the areas one level
    below it that have an organisation unit. The caller checks that its user may read the area's figures."""
    from .models import Dhis2DataElement, Dhis2OrgUnit

    out = DataValueSet()
    units = {
        u.area_id: u.org_unit
        for u in Dhis2OrgUnit.objects.filter(Q(area=area) | Q(area__parent=area)).order_by("area__path")
    }
    figures = [f for f in Dhis2DataElement.objects.order_by("indicator", "disaggregation", "column", "pk")
               if f.indicator in REGISTRY]
    out.org_units, out.figures = len(units), len(figures)
    if not units or not figures:
        return out
    period = Period.year(year, today=today)
    tables = {}
    for figure in figures:
        indicator = REGISTRY[figure.indicator]
        by = figure.disaggregation or None
        if by is not None and by not in indicator.disaggregations:
            continue  # the definition changed since the mapping was saved: nothing true to send
        key = (figure.indicator, by)
        if key not in tables:
            tables[key] = suppress(stored.table(indicator, area, period, by))
        table = tables[key]
        for row in table.areas:
            if row.pk not in units:
                continue
            cell = table.cell(row.pk, figure.column or TOTAL)
            if cell.suppressed:
                out.suppressed += 1
                continue
            if cell.value is None:
                continue  # no figure (a rate over nothing): DHIS2 keeps "no data"
            # DHIS2 spells a yearly period as the four-digit year.
            value = {"dataElement": figure.data_element, "period": str(year), "orgUnit": units[row.pk]}
            if figure.category_option_combo:
                value["categoryOptionCombo"] = figure.category_option_combo
            value["value"] = dhis2_value(cell.value, indicator.unit)
            out.data_values.append(value)
    return out
