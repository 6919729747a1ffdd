"""The demo-country generator: a fictional country with places, populations, organisations and people.

`build_country` runs `STEPS` in order inside one transaction, each a callable taking the shared
`Context`. Later apps add their own data by appending a step in their AppConfig.ready(), e.g.
``STEPS.append(build_cases)``; a step reads what earlier steps made from the context (`ctx.districts`,
`ctx.district_directorates`, `ctx.users`, …) and should draw its randomness from ``ctx.rng("its name")``
so the other steps' output stays the same for a given seed.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import connection, transaction

from careforce.core.models import Area

from .cases import build_cases, reset_cases
from .context import COUNTRY_CODE, SCALES, YEARS, Context, Scale
from .development import build_development, reset_development
from .dhis2 import build_dhis2, reset_dhis2
from .organisations import build_organisations
from .people import build_people
from .placements import build_placements, reset_placements
from .places import build_areas, build_populations
from .referrals import build_referrals, reset_referrals
from .reset import RESET_STEPS, reset_country
from .staffing import build_staffing, reset_staffing
from .supervision import build_supervision, reset_supervision
from .support import build_support, reset_support
from .training import build_training, reset_training
from .users import build_users
from .workforce import build_workforce, reset_workforce

DEFAULT_SEED = 2026

Step = Callable[[Context], None]

STEPS: list[Step] = [
    build_areas, build_populations, build_organisations, build_users, build_workforce, build_supervision,
    build_people, build_cases,
]
RESET_STEPS.extend([reset_cases, reset_supervision, reset_workforce])
STEPS.append(build_staffing)  # after the cases: a study reads the areas, users and recorded work
RESET_STEPS.insert(0, reset_staffing)  # studies point at the areas
STEPS.insert(STEPS.index(build_cases) + 1, build_referrals)  # services and referrals of the cases
RESET_STEPS.insert(0, reset_referrals)  # referrals point at cases, services at organisations
STEPS.insert(STEPS.index(build_cases) + 1, build_support)  # family support inside the prevention cases
RESET_STEPS.insert(0, reset_support)  # support records point at cases, households and areas
STEPS.insert(STEPS.index(build_cases) + 1, build_placements)  # care settings of the children with cases
RESET_STEPS.insert(0, reset_placements)  # placements point at people and organisations
STEPS.append(build_training)  # courses and the training-of-trainers cascade of the workforce
RESET_STEPS.insert(RESET_STEPS.index(reset_workforce), reset_training)  # participations point at workers
STEPS.append(build_development)  # CPD records (some from the courses above) and competency assessments
RESET_STEPS.insert(RESET_STEPS.index(reset_training), reset_development)  # assessments point at users
STEPS.append(build_dhis2)  # a DHIS2 mapping of a few indicators, the country and its regions
RESET_STEPS.insert(0, reset_dhis2)  # organisation units point at the areas

__all__ = [
    "COUNTRY_CODE", "DEFAULT_SEED", "RESET_STEPS", "SCALES", "STEPS", "YEARS", "Context", "Scale", "Step",
    "build_country", "country_loaded", "reset_country",
]


def country_loaded() -> bool:
    return Area.objects.filter(code=COUNTRY_CODE).exists()


def build_country(scale: str | Scale, seed: int = DEFAULT_SEED, progress: bool = True) -> Context:
    """Generate the demo country into an empty database (for it): all of it, or nothing on any error."""
    if isinstance(scale, str):
        scale = SCALES[scale]
    ctx = Context(scale=scale, seed=seed, progress=progress)
    with transaction.atomic():
        for step in STEPS:
            step(ctx)
    if connection.vendor == "postgresql":
        # Fresh statistics for every table: a planner guessing from empty tables turns indexed look-ups
        # into scans of the whole country.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return ctx
