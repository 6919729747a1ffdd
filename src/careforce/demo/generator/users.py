"""The people who use Careforce in the demo country: the fixed demo logins and the staff around them.

Only the fixed logins can sign in. Everybody else has an unusable password: they exist so that lists,
caseloads and supervision lines look like a real service, not to be signed in as.
"""

from __future__ import annotations

import random

from django.contrib.auth.hashers import make_password
from django.utils.translation import gettext as _

from careforce.core.models import Area, Organisation, User
from careforce.core.roles import Role
from careforce.demo.logins import DEMO_PASSWORD

from .context import BATCH_SIZE, EMAIL_DOMAIN, Context
from .names import ascii_name, person_name

FEMALE_SHARE = 0.85  # the social service workforce is mostly women
RUSSIAN_SHARE_RUSSOPHONE = 0.65
RUSSIAN_SHARE_ELSEWHERE = 0.05

# (first name, last name) of each fixed login: real-sounding, easy to tell apart in a demo.
FIXED_NAMES = {
    "admin": ("Natalia", "Rusu"),
    "regional": ("Ion", "Ceban"),
    "supervisor": ("Elena", "Țurcanu"),
    "casemanager": ("Mariana", "Cojocaru"),
    "assistant": ("Ana", "Munteanu"),
    "volunteer": ("Ștefan", "Lungu"),
    "trainer": ("Doina", "Ciobanu"),
    "analyst": ("Andrei", "Bălan"),
}


class _People:
    def __init__(self, ctx: Context, rng: random.Random) -> None:
        self.ctx = ctx
        self.rng = rng
        # Hashing is slow on purpose; the fixed logins share one hash of the one published password.
        self.demo_hash = make_password(DEMO_PASSWORD)

    def username(self, first: str, last: str) -> str:
        base = f"{ascii_name(first)[:1]}.{ascii_name(last)}"
        name, number = base, 1
        while name in self.ctx.taken_usernames:
            number += 1
            name = f"{base}{number}"
        self.ctx.taken_usernames.add(name)
        return name

    def new(
        self, role: str, org: Organisation, district: Area | None = None, *, supervisor: User | None = None,
        area: Area | None = None, fixed: str = "",
    ) -> User:
        r = self.rng
        if fixed:
            first, last = FIXED_NAMES[fixed]
            username = fixed
            self.ctx.taken_usernames.add(fixed)
            russian = False
        else:
            if district is None:
                russian_share = 0.15
            elif district.pk in self.ctx.russophone_districts:
                russian_share = RUSSIAN_SHARE_RUSSOPHONE
            else:
                russian_share = RUSSIAN_SHARE_ELSEWHERE
            russian = r.random() < russian_share
            person = person_name(r, female=r.random() < FEMALE_SHARE, russian=russian)
            first, last = person.first_name, person.last_name
            username = self.username(first, last)
        user = User(
            username=username, first_name=first, last_name=last, email=f"{username}@{EMAIL_DOMAIN}",
            role=role, organisation=org, area=area, supervisor=supervisor, language="ru" if russian else "",
            phone=f"+999 6{r.randint(10, 99)} {r.randint(10, 99)} {r.randint(100, 999)}",
        )
        if fixed:
            user.password = self.demo_hash
            self.ctx.logins[fixed] = user
        else:
            user.set_unusable_password()
        self.ctx.users.append(user)
        return user


def build_users(ctx: Context) -> None:
    rng = ctx.rng("users")
    people = _People(ctx, rng)
    ctx.taken_usernames |= set(User.objects.values_list("username", flat=True))
    scale = ctx.scale
    national, north = ctx.national_authority, ctx.regions[0]
    home = ctx.districts[0]  # the first district of the North: where the fixed field logins work

    # Tiers: a supervisor must have its primary key before the people it supervises are inserted.
    tiers: list[list[User]] = [[], [], []]
    first = tiers[0]
    first.append(people.new(Role.NATIONAL_ADMIN, national, area=ctx.country, fixed="admin"))
    ctx.logins["admin"].is_staff = ctx.logins["admin"].is_superuser = True
    first.append(people.new(Role.ANALYST, national, fixed="analyst"))
    first.append(people.new(Role.TRAINER, ctx.training_centre, fixed="trainer"))
    first.extend(people.new(Role.ANALYST, national) for _ in range(scale.national_analysts))
    first.extend(people.new(Role.TRAINER, ctx.training_centre) for _ in range(scale.trainers))
    for region in ctx.regions:
        directorate = ctx.regional_directorates[region.pk]
        managers = rng.randint(*scale.regional_managers)
        if region is north:
            first.append(people.new(Role.REGIONAL_MANAGER, directorate, area=region, fixed="regional"))
            managers -= 1
        first.extend(people.new(Role.REGIONAL_MANAGER, directorate, area=region) for _ in range(managers))
        first.extend(people.new(Role.ANALYST, directorate) for _ in range(scale.regional_analysts))

    for district in ctx.bar(ctx.districts, _("People"), total=len(ctx.districts)):
        _district_staff(ctx, people, rng, district, tiers, fixed=district is home)

    for tier in tiers:
        User.objects.bulk_create(tier, batch_size=BATCH_SIZE)
    ctx.counts["users"] = len(ctx.users)


def _district_staff(
    ctx: Context, people: _People, rng: random.Random, district: Area, tiers: list[list[User]], *, fixed: bool
) -> None:
    """Supervisors and case managers at the directorate, assistants and volunteers in the communities."""
    scale = ctx.scale
    directorate = ctx.district_directorates[district.pk]
    town = ctx.town_of[district.pk]
    municipal = [ctx.municipal[loc.pk] for loc in ctx.localities_of[district.pk] if loc.pk in ctx.municipal]
    village_offices = [org for org in municipal if org.area_id != town.pk]

    case_managers = rng.randint(*scale.case_managers)
    assistants_at = {
        org.pk: rng.randint(*(scale.assistants_town if org.area_id == town.pk else scale.assistants_village))
        for org in municipal
    }
    workers = case_managers + sum(assistants_at.values())
    supervisors = [
        people.new(Role.SUPERVISOR, directorate, district, fixed="supervisor" if fixed and i == 0 else "")
        for i in range(max(1, round(workers / rng.randint(5, 7))))
    ]
    tiers[0].extend(supervisors)
    # Spread evenly, as a manager would: each supervisor gets five to seven workers.
    slots = iter(supervisors[i % len(supervisors)] for i in range(workers))

    for i in range(case_managers):
        login = "casemanager" if fixed and i == 0 else ""
        boss = supervisors[0] if login else next(slots)
        tiers[1].append(people.new(Role.CASE_MANAGER, directorate, district, supervisor=boss, fixed=login))

    assistants: dict[int, list[User]] = {}
    for org in municipal:
        for i in range(assistants_at[org.pk]):
            login = "assistant" if fixed and village_offices and org is village_offices[0] and i == 0 else ""
            boss = supervisors[0] if login else next(slots)
            user = people.new(Role.COMMUNITY_ASSISTANT, org, district, supervisor=boss, fixed=login)
            assistants.setdefault(org.pk, []).append(user)
            tiers[1].append(user)

    # Volunteers help the community assistant of their own village, who supervises them.
    for org in municipal:
        count = rng.randint(*scale.volunteers_municipal)
        if fixed and village_offices and org is village_offices[0]:
            mentor = assistants[org.pk][0]
            tiers[2].append(people.new(Role.VOLUNTEER, org, district, supervisor=mentor, fixed="volunteer"))
        mentors = assistants.get(org.pk, [])
        for _i in range(count):
            mentor = rng.choice(mentors) if mentors else None
            tiers[2].append(people.new(Role.VOLUNTEER, org, district, supervisor=mentor))
    # NGO volunteers work alongside the town's community assistants.
    town_assistants = assistants.get(ctx.municipal[town.pk].pk, [])
    for ngo in ctx.ngos.get(district.pk, []):
        for _i in range(rng.randint(*scale.volunteers_ngo)):
            mentor = rng.choice(town_assistants) if town_assistants else None
            tiers[2].append(people.new(Role.VOLUNTEER, ngo, district, supervisor=mentor))
