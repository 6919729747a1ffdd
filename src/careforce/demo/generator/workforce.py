"""The demo country's workforce registry: workers, funded posts and five years of comings and goings.

Every field user gets a worker record linked to her account; the registry also holds people without a
login (psychologists, social workers, NGO staff and volunteers) and the people who left. Posts exist
at the district directorates and the municipal social assistance offices; some are vacant, more so in
remote districts, and holders leave at about 10% a year (voluntary or involuntary).
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from careforce.core.models import Organisation, User
from careforce.core.roles import Role
from careforce.workforce.models import Assignment, Cadre, LeavingReason, Post, Qualification, Worker

from .bulk import Row, insert
from .context import Context
from .names import ROMANIAN_FEMALE, RUSSIAN_FEMALE, person_name

FEMALE_SHARE = 0.85  # the social service workforce is mostly women
ATTRITION = 0.09  # exits per post-year: tenures drawn with this hazard give ~8–12% a year
VACANCY_NEAR, VACANCY_REMOTE = 0.10, 0.20  # remote districts find it harder to fill a post
VOLUNTARY_SHARE = 0.7
HISTORY_YEARS = 5

CADRE_OF_ROLE = {
    Role.SUPERVISOR: Cadre.SUPERVISOR,
    Role.CASE_MANAGER: Cadre.CASE_MANAGER,
    Role.COMMUNITY_ASSISTANT: Cadre.COMMUNITY_ASSISTANT,
    Role.VOLUNTEER: Cadre.VOLUNTEER,
}
QUALIFICATIONS = {
    Cadre.SOCIAL_WORKER: [(Qualification.BACHELOR_SOCIAL_WORK, 6), (Qualification.MASTER_SOCIAL_WORK, 3),
                          (Qualification.BACHELOR_OTHER, 1)],
    Cadre.CASE_MANAGER: [(Qualification.BACHELOR_SOCIAL_WORK, 5), (Qualification.MASTER_SOCIAL_WORK, 2),
                         (Qualification.BACHELOR_OTHER, 3)],
    Cadre.SUPERVISOR: [(Qualification.MASTER_SOCIAL_WORK, 5), (Qualification.BACHELOR_SOCIAL_WORK, 4),
                       (Qualification.MASTER_OTHER, 1)],
    Cadre.COMMUNITY_ASSISTANT: [(Qualification.POST_SECONDARY, 5), (Qualification.BACHELOR_OTHER, 3),
                                (Qualification.BACHELOR_SOCIAL_WORK, 2)],
    Cadre.PSYCHOLOGIST: [(Qualification.MASTER_OTHER, 6), (Qualification.BACHELOR_OTHER, 4)],
    Cadre.PARA_PROFESSIONAL: [(Qualification.POST_SECONDARY, 6), (Qualification.SECONDARY, 4)],
    Cadre.VOLUNTEER: [(Qualification.SECONDARY, 6), (Qualification.POST_SECONDARY, 3),
                      (Qualification.BACHELOR_OTHER, 1)],
}
# Age bands (from, to, weight): about one in six is over 55, the retirement risk.
AGES = [(22, 29, 15), (30, 39, 28), (40, 49, 27), (50, 54, 14), (55, 64, 16)]
VOLUNTEER_AGES = [(18, 29, 35), (30, 49, 35), (50, 72, 30)]
FEMALE_NAMES = set(ROMANIAN_FEMALE) | set(RUSSIAN_FEMALE)


def _pick(rng: random.Random, weighted: list[tuple]) -> object:
    return rng.choices([w[0] for w in weighted], weights=[w[-1] for w in weighted])[0]


class _Registry:
    def __init__(self, ctx: Context, rng: random.Random) -> None:
        self.ctx, self.rng = ctx, rng
        self.today = timezone.localdate()
        self.workers: list[Row] = []
        self.posts: list[Row] = []
        # Assignments wait for their worker's and post's ids: (row, worker row, post row or None).
        self.assignments: list[tuple[Row, Row, Row | None]] = []

    def worker(self, cadre: str, org: Organisation, *, user: User | None = None, active: bool = True,
               russian: bool = False) -> Row:
        r = self.rng
        if user is not None:
            given, family = user.first_name, user.last_name
            female = given in FEMALE_NAMES
        else:
            female = r.random() < FEMALE_SHARE
            name = person_name(r, female=female, russian=russian)
            given, family = name.first_name, name.last_name
        low, high = _pick_band(r, VOLUNTEER_AGES if cadre == Cadre.VOLUNTEER else AGES)
        row: Row = {
            "given_name": given, "family_name": family, "sex": "F" if female else "M",
            "birth_year": self.today.year - r.randint(low, high), "cadre": cadre,
            "qualification": _pick(r, QUALIFICATIONS[cadre]), "organisation_id": org.pk,
            "area_id": org.area_id, "user_id": user.pk if user else None, "active": active,
            "phone": user.phone if user else "", "email": user.email if user else "",
            "professional_registration": (
                f"RSW-{r.randint(10000, 99999)}"
                if cadre in (Cadre.SOCIAL_WORKER, Cadre.CASE_MANAGER, Cadre.SUPERVISOR) and r.random() < 0.6
                else ""
            ),
        }
        self.workers.append(row)
        return row

    @staticmethod
    def title(cadre: str) -> str:
        # A post's title is data in the country's official language, whatever language runs the seed.
        with translation.override("ro"):
            return str(Cadre(cadre).label)

    def post(self, cadre: str, org: Organisation) -> Row:
        row: Row = {
            "title": self.title(cadre), "organisation_id": org.pk, "area_id": org.area_id, "cadre": cadre,
            "fte": Decimal("1.0") if self.rng.random() < 0.9 else Decimal("0.5"),
            "funded_from": self.today.replace(year=self.today.year - 12, month=1, day=1),
        }
        self.posts.append(row)
        return row

    def assign(self, worker: Row, org: Organisation, post: Row | None, start: dt.date,
               end: dt.date | None = None) -> None:
        reason = ""
        if end is not None:
            reason = LeavingReason.VOLUNTARY if self.rng.random() < VOLUNTARY_SHARE else LeavingReason.INVOLUNTARY
        row: Row = {"organisation_id": org.pk, "start": start, "end": end, "reason_for_leaving": reason,
                    "fte": post["fte"] if post else Decimal("1.0")}
        self.assignments.append((row, worker, post))

    def tenure_start(self, before: dt.date) -> dt.date:
        # Exponential tenures: a constant hazard of leaving gives the attrition rate.
        years = min(self.rng.expovariate(ATTRITION), 30)
        return before - dt.timedelta(days=max(30, int(years * 365)))

    def history(self, post: Row, org: Organisation, cadre: str, until: dt.date, russian: bool) -> None:
        """The people who held the post before, back to HISTORY_YEARS ago, each leaving with a reason."""
        horizon = self.today - dt.timedelta(days=365 * HISTORY_YEARS)
        end = until
        while end > horizon:
            start = self.tenure_start(end)
            leaver = self.worker(cadre, org, active=False, russian=russian)
            self.assign(leaver, org, post, start, end)
            end = start - dt.timedelta(days=self.rng.randint(30, 240))  # the post stood empty a while


def _pick_band(rng: random.Random, bands: list[tuple[int, int, int]]) -> tuple[int, int]:
    low, high, _w = rng.choices(bands, weights=[b[2] for b in bands])[0]
    return low, high


def build_workforce(ctx: Context) -> None:
    rng = ctx.rng("workforce")
    reg = _Registry(ctx, rng)
    today = reg.today
    users_by_org: dict[int, list[User]] = {}
    for user in ctx.users:
        if user.role in CADRE_OF_ROLE and user.organisation_id:
            users_by_org.setdefault(user.organisation_id, []).append(user)
    # The first district of each region is its main town's; the others are "remote": harder to staff.
    first_of_region: set[int] = set()
    seen_regions: set[int] = set()
    for district in ctx.districts:
        region = ctx.region_of[district.pk].pk
        if region not in seen_regions:
            seen_regions.add(region)
            first_of_region.add(district.pk)

    for district in ctx.bar(ctx.districts, _("Workforce"), total=len(ctx.districts)):
        russian = district.pk in ctx.russophone_districts
        vacancy = VACANCY_NEAR if district.pk in first_of_region else VACANCY_REMOTE
        directorate = ctx.district_directorates[district.pk]
        municipal = [ctx.municipal[loc.pk] for loc in ctx.localities_of[district.pk] if loc.pk in ctx.municipal]
        for org in [directorate, *municipal]:
            staff = [(CADRE_OF_ROLE[u.role], u) for u in users_by_org.get(org.pk, [])]
            if org is directorate:
                staff += [(Cadre.PSYCHOLOGIST, None)] * rng.randint(1, 2)
                staff += [(Cadre.SOCIAL_WORKER, None)] * rng.randint(1, 3)
                staff += [(Cadre.PARA_PROFESSIONAL, None)] * rng.randint(0, 1)
            filled = 0
            for cadre, user in staff:
                worker = reg.worker(cadre, org, user=user, russian=russian)
                if cadre == Cadre.VOLUNTEER:
                    reg.assign(worker, org, None, reg.tenure_start(today))  # volunteers hold no funded post
                    continue
                post = reg.post(cadre, org)
                start = reg.tenure_start(today)
                reg.assign(worker, org, post, start)
                reg.history(post, org, cadre, start - dt.timedelta(days=rng.randint(1, 120)), russian)
                filled += 1
            # Vacant posts: funded, but the last holder left and nobody has come yet.
            vacant = sum(rng.random() < vacancy / (1 - vacancy) for _i in range(filled))
            for _i in range(vacant):
                cadre = rng.choice([Cadre.CASE_MANAGER, Cadre.SOCIAL_WORKER, Cadre.PSYCHOLOGIST]
                                   if org is directorate else [Cadre.COMMUNITY_ASSISTANT])
                post = reg.post(cadre, org)
                reg.history(post, org, cadre, today - dt.timedelta(days=rng.randint(60, 1500)), russian)
        # NGO staff and volunteers: no funded posts, assignments with their organisation.
        for ngo in ctx.ngos.get(district.pk, []):
            extra = [(Cadre.PSYCHOLOGIST, 1), (Cadre.SOCIAL_WORKER, rng.randint(1, 2)), (Cadre.VOLUNTEER, rng.randint(1, 4))]
            people = [(CADRE_OF_ROLE[u.role], u) for u in users_by_org.get(ngo.pk, [])]
            people += [(cadre, None) for cadre, n in extra for _i in range(n)]
            for cadre, user in people:
                worker = reg.worker(cadre, ngo, user=user, russian=russian)
                reg.assign(worker, ngo, None, reg.tenure_start(today))

    insert(Worker, reg.workers)
    insert(Post, reg.posts)
    rows = []
    for row, worker, post in reg.assignments:
        row["worker_id"] = worker["id"]
        row["post_id"] = post["id"] if post else None
        rows.append(row)
    insert(Assignment, rows)
    ctx.counts["workers"] = len(reg.workers)
    ctx.counts["posts"] = len(reg.posts)
    ctx.counts["assignments"] = len(rows)


def reset_workforce(country) -> None:
    """The registry goes before the organisations and users it points at."""
    orgs = Organisation.objects.filter(area__path__startswith=country.path)
    Assignment.objects.filter(organisation__in=orgs).delete()
    Post.objects.filter(organisation__in=orgs).delete()
    Worker.objects.filter(organisation__in=orgs).delete()

