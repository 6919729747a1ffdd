"""A DHIS2 mapping for the demo country, so that GET /api/v1/evidence/dhis2 answers something after `make run`:
a few indicators (one split by sex into two category option combinations) and the country and its regions as
organisation units.

The identifiers are made up: each is drawn from the figure's name, not from the seed, so that the reset finds
the same ones again and a real DHIS2's data elements, kept beside the demo's, are never touched.
"""

from __future__ import annotations

import hashlib
import string

from careforce.core.models import Area
from careforce.evidence.models import Dhis2DataElement, Dhis2OrgUnit

from .context import Context

# (indicator, disaggregation, column): each becomes one data element (and a category option combination for
# a column of a disaggregation).
FIGURES = [
    ("children_in_residential_care", "", ""),
    ("open_cases", "", ""),
    ("open_cases", "sex", "F"),
    ("open_cases", "sex", "M"),
    ("cases_opened", "", ""),
    ("workers_in_post", "", ""),
    ("supervision_coverage", "", ""),
]

_LETTERS = string.ascii_letters
_ALPHANUMERIC = string.ascii_letters + string.digits


def demo_uid(name: str) -> str:
    """A DHIS2-shaped identifier (a letter, then ten letters or digits) made from `name`."""
    digest = hashlib.sha256(f"careforce-demo:{name}".encode()).digest()
    return _LETTERS[digest[0] % len(_LETTERS)] + "".join(
        _ALPHANUMERIC[b % len(_ALPHANUMERIC)] for b in digest[1:11]
    )


def _element(indicator: str) -> str:
    return demo_uid(f"dataElement:{indicator}")


def _combo(indicator: str, disaggregation: str, column: str) -> str:
    return demo_uid(f"categoryOptionCombo:{indicator}:{disaggregation}:{column}") if column else ""


def build_dhis2(ctx: Context) -> None:
    Dhis2DataElement.objects.bulk_create([
        Dhis2DataElement(
            indicator=indicator, disaggregation=by, column=column, data_element=_element(indicator),
            category_option_combo=_combo(indicator, by, column),
        )
        for indicator, by, column in FIGURES
    ])
    areas = [ctx.country, *ctx.regions]
    Dhis2OrgUnit.objects.bulk_create([Dhis2OrgUnit(area=a, org_unit=demo_uid(f"orgUnit:{a.code}")) for a in areas])
    ctx.counts["DHIS2 data elements"] = len(FIGURES)
    ctx.counts["DHIS2 organisation units"] = len(areas)


def reset_dhis2(country: Area) -> None:
    """The demo's data elements (known by their identifiers) and the organisation units of its areas."""
    Dhis2OrgUnit.objects.filter(area__path__startswith=country.path).delete()
    Dhis2DataElement.objects.filter(data_element__in={_element(i) for i, _by, _col in FIGURES}).delete()
