"""The organisations of the demo country, one kind at a time, each where it sits in a real system.

Authorities cover a territory (the directorate its district, the police its district), so they sit on
that area; services sit in the locality where their building is, which is what the maps and the
"services near a child" lists use.
"""

from __future__ import annotations

import random
from collections import Counter

from django.utils.text import slugify
from django.utils.translation import gettext as _

from careforce.core.models import Area, Organisation, OrganisationKind, Sector

from .context import BATCH_SIZE, EMAIL_DOMAIN, Context
from .names import ROMANIAN_FAMILY

K = OrganisationKind

STREETS = [
    "Ștefan cel Mare", "Mihai Eminescu", "Alexandru cel Bun", "Independenței", "Păcii", "Școlii", "Livezilor",
    "Trandafirilor", "Mihai Viteazul", "31 August 1989", "Decebal", "Vasile Alecsandri", "Ion Creangă",
    "Grigore Vieru", "Miron Costin", "Dimitrie Cantemir", "Bisericii", "Gării", "Florilor", "Tineretului",
    "Mărțișor", "Unirii", "Renașterii", "Stejarilor",
]
WRITERS = [
    "Mihai Eminescu", "Ion Creangă", "Grigore Vieru", "Alexei Mateevici", "Vasile Alecsandri",
    "Constantin Stere", "Liviu Deleanu", "Spiru Haret", "Lucian Blaga", "Nicolae Iorga", "George Coșbuc",
    "Onisifor Ghibu", "Ion Luca Caragiale", "Constantin Negruzzi",
]
NGO_NAMES = [
    "Speranța", "Lumina", "Viitorul Copiilor", "Prietenii Copiilor", "Familia Unită", "Mâini Deschise",
    "Inimă Caldă", "Casa Deschisă", "Pas cu Pas", "Copilărie Fericită", "Alături de Tine",
    "Sprijin pentru Familie", "Un Viitor pentru Fiecare", "Curcubeul", "Ajută-mă să Cresc",
]
CLINIC_NAMES = ["Sănătatea", "Medicus", "Vita", "Familia", "Hipocrate", "Salus"]


class _Placer:
    """Addresses, phones and e-mails: plausible, and plainly fictional."""

    def __init__(self, ctx: Context, rng: random.Random) -> None:
        self.ctx = ctx
        self.rng = rng
        # A village's name is repeated in another district now and then; the district then tells them apart.
        counts = Counter(loc.name for loc in ctx.localities)
        self.repeated = {name for name, n in counts.items() if n > 1}
        self.district_of = {loc.pk: d for d in ctx.districts for loc in ctx.localities_of[d.pk]}

    def is_town(self, locality: Area) -> bool:
        district = self.district_of[locality.pk]
        return self.ctx.town_of[district.pk] is locality

    def label(self, locality: Area) -> str:
        if locality.name in self.repeated and not self.is_town(locality):
            return f"{locality.name} ({self.district_of[locality.pk].name})"
        return locality.name

    def address(self, locality: Area) -> str:
        street = f"str. {self.rng.choice(STREETS)} {self.rng.randint(1, 140)}"
        if self.is_town(locality):
            return f"{street}, or. {locality.name}"
        return f"{street}, s. {locality.name}, r-nul {self.district_of[locality.pk].name}"

    def phone(self) -> str:
        # +999 is not assigned to any country, so no demo number reaches a real person.
        r = self.rng
        return f"+999 2{r.randint(10, 99)} {r.randint(10, 99)} {r.randint(100, 999)}"

    def email(self, prefix: str, place: str) -> str:
        return f"{prefix}.{slugify(place)}@{EMAIL_DOMAIN}"

    def org(
        self, name: str, kind: str, area: Area, building: Area, *, sector: str = Sector.GOVERNMENT,
        parent: Organisation | None = None, email_prefix: str = "",
    ) -> Organisation:
        org = Organisation(
            name=name, kind=kind, sector=sector, area=area, parent=parent, address=self.address(building),
            phone=self.phone(), email=self.email(email_prefix, building.name) if email_prefix else "",
        )
        self.ctx.organisations.append(org)
        return org


def build_organisations(ctx: Context) -> None:
    rng = ctx.rng("organisations")
    place = _Placer(ctx, rng)
    scale = ctx.scale
    # The capital: the first town of the Centre, where national bodies have their seat.
    centre = [ctx.town_of[d.pk] for d in ctx.districts if ctx.region_of[d.pk].name == "Centru"]
    capital = centre[0] if centre else ctx.town_of[ctx.districts[0].pk]

    # Parents before children: bulk_create fills in the primary keys the next tier points at.
    national = place.org(
        "Agenția Națională pentru Protecția Drepturilor Copilului", K.NATIONAL_AUTHORITY, ctx.country,
        capital, email_prefix="anpdc",
    )
    Organisation.objects.bulk_create([national])
    training = place.org(
        "Centrul Național de Formare Continuă în Asistență Socială", K.TRAINING_CENTRE, ctx.country, capital,
        parent=national, email_prefix="formare",
    )
    Organisation.objects.bulk_create([training])
    ctx.national_authority, ctx.training_centre = national, training

    for region in ctx.regions:
        seat = next(ctx.town_of[d.pk] for d in ctx.districts if ctx.region_of[d.pk] is region)
        ctx.regional_directorates[region.pk] = place.org(
            f"Direcția Regională pentru Protecția Copilului {region.name}", K.CHILD_PROTECTION_DIRECTORATE,
            region, seat, parent=national, email_prefix="drpc",
        )
    Organisation.objects.bulk_create(list(ctx.regional_directorates.values()))

    for district in ctx.districts:
        ctx.district_directorates[district.pk] = place.org(
            f"Direcția Asistență Socială și Protecția Familiei {district.name}",
            K.CHILD_PROTECTION_DIRECTORATE, district, ctx.town_of[district.pk],
            parent=ctx.regional_directorates[ctx.region_of[district.pk].pk], email_prefix="daspf",
        )
    Organisation.objects.bulk_create(list(ctx.district_directorates.values()))
    first_tiers = len(ctx.organisations)

    district_pks = [d.pk for d in ctx.districts]
    residential = set(rng.sample(district_pks, min(scale.residential_districts, len(district_pks))))
    ngo_districts = set(rng.sample(district_pks, max(1, round(scale.ngo_district_share * len(district_pks)))))
    villages = [loc for d in ctx.districts for loc in ctx.localities_of[d.pk][1:]]
    family_homes = {v.pk for v in rng.sample(villages, min(scale.family_homes, len(villages)))}

    for district in ctx.bar(ctx.districts, _("Organisations"), total=len(ctx.districts)):
        directorate = ctx.district_directorates[district.pk]
        town, *rest = ctx.localities_of[district.pk]
        place.org(f"Inspectoratul de Poliție {district.name}", K.POLICE, district, town, email_prefix="ip")

        # Every town has a mayoralty with social assistance; a village only if it is a commune seat.
        share = max(1, round(scale.municipal_share * len(rest))) if rest else 0
        with_mayoralty = [town, *rng.sample(rest, share)]
        for locality in with_mayoralty:
            ctx.municipal[locality.pk] = place.org(
                f"Serviciul de Asistență Socială Comunitară {place.label(locality)}",
                K.MUNICIPAL_SOCIAL_ASSISTANCE, locality, locality, parent=directorate,
                email_prefix="asistenta",
            )

        _services(ctx, rng, place, town, rest, directorate, family_homes)

        if district.pk in residential:
            name = rng.choice(["Centrul de Plasament Temporar pentru Copii", "Școala-internat"])
            place.org(f"{name} {town.name}", K.RESIDENTIAL_INSTITUTION, town, town, parent=national)
        if district.pk in ngo_districts:
            names = rng.sample(NGO_NAMES, rng.randint(*scale.ngos_per_district))
            ctx.ngos[district.pk] = [
                place.org(
                    f"Asociația Obștească «{n}» {district.name}", K.NGO, district, town, sector=Sector.NGO,
                    email_prefix=slugify(n),
                )
                for n in names
            ]

    Organisation.objects.bulk_create(ctx.organisations[first_tiers:], batch_size=BATCH_SIZE)
    ctx.counts["organisations"] = len(ctx.organisations)


def _services(
    ctx: Context, rng: random.Random, place: _Placer, town: Area, villages: list[Area],
    directorate: Organisation, family_homes: set[int],
) -> None:
    """Schools, health centres and family-type homes of one district."""
    scale = ctx.scale
    place.org(f"Liceul Teoretic «{rng.choice(WRITERS)}» din {town.name}", K.SCHOOL, town, town)
    place.org(f"Gimnaziul nr. 1 {town.name}", K.SCHOOL, town, town)
    place.org(f"Centrul de Sănătate {town.name}", K.HEALTH_CENTRE, town, town, email_prefix="cs")
    if rng.random() < 0.35:
        place.org(
            f"Clinica Medicală «{rng.choice(CLINIC_NAMES)}» {town.name}", K.HEALTH_CENTRE, town, town,
            sector=Sector.PRIVATE,
        )
    for village in villages:
        label = place.label(village)
        if rng.random() < scale.school_share:
            place.org(f"Gimnaziul {label}", K.SCHOOL, village, village)
        if rng.random() < scale.health_share:
            kind = "Centrul de Sănătate" if rng.random() < 0.4 else "Oficiul Medicului de Familie"
            place.org(f"{kind} {label}", K.HEALTH_CENTRE, village, village)
        if village.pk in family_homes:
            place.org(
                f"Casa de Copii de Tip Familial «{rng.choice(ROMANIAN_FAMILY)}», {label}", K.FAMILY_TYPE_HOME,
                village, village, parent=directorate,
            )
