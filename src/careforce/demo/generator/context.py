"""The shared state of one generator run, and the sizes of each scale."""

from __future__ import annotations

import random
import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from tqdm import tqdm

if TYPE_CHECKING:
    from careforce.core.models import Area, Organisation, User

T = TypeVar("T")

COUNTRY_CODE = "DM"
YEARS = range(2022, 2027)
BATCH_SIZE = 1000
EMAIL_DOMAIN = "demo.careforce.example"

Span = tuple[int, int]


@dataclass(frozen=True)
class Scale:
    name: str
    regions: int
    districts: int  # in the whole country, spread evenly over the regions
    localities_per_district: Span  # the district town included
    municipal_share: float  # villages with their own municipal social assistance (a mayoralty)
    school_share: float
    health_share: float
    ngo_district_share: float
    ngos_per_district: Span
    residential_districts: int
    family_homes: int
    case_managers: Span  # per district directorate
    assistants_town: Span
    assistants_village: Span
    volunteers_municipal: Span
    volunteers_ngo: Span
    regional_managers: Span  # per region
    regional_analysts: int  # per regional directorate
    national_analysts: int
    trainers: int
    people: int = 0  # children and their family members, in the whole country (people.py)


SCALES: dict[str, Scale] = {
    "demo": Scale(
        name="demo", regions=3, districts=9, localities_per_district=(6, 10), municipal_share=0.35,
        school_share=0.5, health_share=0.5, ngo_district_share=0.45, ngos_per_district=(1, 1),
        residential_districts=2, family_homes=3, case_managers=(2, 3), assistants_town=(1, 2),
        assistants_village=(1, 1), volunteers_municipal=(0, 1), volunteers_ngo=(1, 2),
        regional_managers=(1, 1), regional_analysts=0, national_analysts=0, trainers=1, people=320,
    ),
    "small": Scale(
        name="small", regions=5, districts=30, localities_per_district=(20, 30), municipal_share=0.45,
        school_share=0.55, health_share=0.5, ngo_district_share=0.5, ngos_per_district=(1, 2),
        residential_districts=4, family_homes=15, case_managers=(6, 12), assistants_town=(3, 5),
        assistants_village=(1, 2), volunteers_municipal=(1, 4), volunteers_ngo=(4, 10),
        regional_managers=(1, 2), regional_analysts=1, national_analysts=2, trainers=4, people=20_000,
    ),
    "national": Scale(
        name="national", regions=10, districts=35, localities_per_district=(34, 63), municipal_share=0.5,
        school_share=0.6, health_share=0.5, ngo_district_share=0.6, ngos_per_district=(1, 3),
        residential_districts=8, family_homes=80, case_managers=(35, 60), assistants_town=(5, 9),
        assistants_village=(1, 2), volunteers_municipal=(8, 15), volunteers_ngo=(15, 40),
        regional_managers=(2, 3), regional_analysts=1, national_analysts=5, trainers=12,
        people=1_000_000,
    ),
}


@dataclass
class Context:
    """Everything the steps share. Later apps' steps read the places, organisations and people from here."""

    scale: Scale
    seed: int
    progress: bool = True

    country: Area | None = None
    regions: list[Area] = field(default_factory=list)
    districts: list[Area] = field(default_factory=list)
    localities: list[Area] = field(default_factory=list)
    region_of: dict[int, Area] = field(default_factory=dict)  # district pk → region
    localities_of: dict[int, list[Area]] = field(default_factory=dict)  # district pk → localities
    town_of: dict[int, Area] = field(default_factory=dict)  # district pk → its district town
    # Staff in these districts mostly speak Russian at work (district pks).
    russophone_districts: set[int] = field(default_factory=set)
    # Population of the latest year, by area pk: later steps size caseloads with it.
    population: dict[int, tuple[int, int]] = field(default_factory=dict)

    national_authority: Organisation | None = None
    training_centre: Organisation | None = None
    regional_directorates: dict[int, Organisation] = field(default_factory=dict)  # region pk →
    district_directorates: dict[int, Organisation] = field(default_factory=dict)  # district pk →
    municipal: dict[int, Organisation] = field(default_factory=dict)  # locality pk →
    ngos: dict[int, list[Organisation]] = field(default_factory=dict)  # district pk →
    organisations: list[Organisation] = field(default_factory=list)

    users: list[User] = field(default_factory=list)
    logins: dict[str, User] = field(default_factory=dict)  # the fixed demo logins by username
    taken_usernames: set[str] = field(default_factory=set)

    counts: Counter[str] = field(default_factory=Counter)
    extra: dict[str, Any] = field(default_factory=dict)  # room for later apps' steps

    def rng(self, stage: str) -> random.Random:
        # One stream per stage: adding a stage, or changing one, leaves every other stage's output as it was.
        return random.Random(f"{self.seed}:{stage}")

    def bar(self, iterable: Iterable[T], desc: str, total: int | None = None) -> Iterator[T]:
        """One progress bar for one stage, on stderr."""
        return iter(
            tqdm(
                iterable, desc=desc, total=total, file=sys.stderr, disable=not self.progress, unit="",
                leave=True, dynamic_ncols=True,
            )
        )
