"""Training in the demo country: four courses linked to the default competency framework, and a
training-of-trainers cascade as it really goes.

The national training centre trains about ten trainers (social workers, supervisors and case managers of
every region, the demo supervisor among them) in a five-day training of trainers. Most of them go home and
deliver the initial case-management course once or twice to the case managers, community assistants and
other staff of their region; two or three deliver nothing (branches that stopped). One of them runs a
training of trainers of her own in her region, whose trainees deliver in turn (a second level). Besides the
cascade, the centre runs a family-support course and a supervision course. Sessions fall in the last
eighteen months; most participants have a pre- and a post-test score (out of 20), attendance per day and a
rating. The demo case manager and community assistant took part, so their "my training" page has rows.

At larger scales each region also gets regional trees (about ten trainers reaching about a hundred
professionals each), all written with bulk inserts; `cascade_root` is set as the services would.

The trainer logins of the training centre get a worker record (there is no other way to be a session's
trainer); reset_workforce removes them with the rest of the registry.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import F
from django.utils import timezone

from careforce.core.models import Area, Organisation, User
from careforce.core.roles import Role
from careforce.training.certificates import fresh_codes
from careforce.training.completion import completed_of_many
from careforce.training.models import (
    Attendance,
    Certificate,
    Competency,
    Course,
    CourseKind,
    Participation,
    TrainingSession,
)
from careforce.workforce.models import Assignment, Cadre, Qualification, Worker

from .bulk import Row, insert
from .context import Context
from .names import ROMANIAN_FEMALE, RUSSIAN_FEMALE

TEST_MAX = 20
WINDOW_DAYS = 540  # eighteen months
# Who is trained as a trainer, and who comes to the sessions the trainers deliver.
TRAINEE_CADRES = (Cadre.SOCIAL_WORKER, Cadre.SUPERVISOR, Cadre.CASE_MANAGER)
PARTICIPANT_CADRES = (
    Cadre.CASE_MANAGER, Cadre.COMMUNITY_ASSISTANT, Cadre.SOCIAL_WORKER, Cadre.PSYCHOLOGIST, Cadre.SUPERVISOR,
    Cadre.PARA_PROFESSIONAL,
)
TRAINEES = 10
STOPPED = (2, 3)  # trainees of a tree who deliver nothing
SECOND_LEVEL_TRAINEES = 4
SESSION_SIZE = (8, 12)
SMALLEST_SESSION = 5  # a trainer with fewer people left to train than this does not run a session
PROFESSIONALS_PER_TREE = 110  # a region's staff this many times over gets another regional tree
TREES_PER_REGION = 3

# (key, title, kind, hours, CPD credits, days, trains trainers, competency codes, description)
COURSES = [
    ("cm", "Managementul de caz: curs inițial", CourseKind.INITIAL, "24", "3", 3, False,
     ["case-management-assessment", "case-management-planning", "case-management-participation",
      "case-management-safeguarding", "case-management-records"],
     "Ciclul managementului de caz de la prima sesizare la închiderea cazului: evaluarea, planul făcut cu "
     "copilul și familia, protecția, revizuirile și evidența."),
    ("family", "Sprijinirea familiilor la domiciliu", CourseKind.CONTINUING, "16", "2", 2, False,
     ["families-engagement", "families-support", "families-reintegration"],
     "Implicarea părinților care nu au cerut ajutor, planurile de sprijin familial și copiii care revin acasă."),
    ("supervision", "Supervizarea muncii pe caz", CourseKind.CONTINUING, "24", "3", 3, False,
     ["practice-supervision", "practice-ethics", "practice-self-care"],
     "Supervizarea individuală și de grup a managerilor de caz și a asistenților comunitari; grija pentru personal."),
    ("tot", "Formarea formatorilor: managementul de caz", CourseKind.CONTINUING, "40", "5", 5, True,
     ["case-management-assessment", "case-management-planning", "case-management-participation",
      "case-management-safeguarding", "case-management-records"],
     "Pentru cei care vor preda cursul inițial de management de caz în regiunea lor: conținutul cursului, "
     "învățarea la adulți, testul inițial și cel final."),
]
FEEDBACK = [
    "Exercițiile pe cazuri reale au fost cele mai utile.",
    "Aș dori mai mult timp pentru planificarea intervenției.",
    "Formatorul a explicat clar; materialele sunt bune.",
    "Prea multă teorie în prima zi.",
    "Очень полезно, особенно оценка риска.",
    "Хотелось бы больше практики.",
]


@dataclass(frozen=True)
class _W:
    pk: int
    cadre: str
    organisation_id: int
    area_id: int
    user_id: int | None
    region: str  # area path of the region
    district: str  # area path of the district


@dataclass
class _Session:
    course: str
    starts_on: dt.date
    organiser_id: int
    area_id: int
    venue: str
    trainers: list[_W]
    participants: list[_W] = field(default_factory=list)
    parent: _Session | None = None
    root: _Session | None = None
    row: Row = field(default_factory=dict)

    @property
    def depth(self) -> int:
        return 0 if self.parent is None else self.parent.depth + 1


def _monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


class _Planner:
    def __init__(self, ctx: Context, rng: random.Random) -> None:
        self.ctx, self.rng = ctx, rng
        self.today = timezone.localdate()
        self.sessions: list[_Session] = []
        self.days = {c[0]: c[5] for c in COURSES}
        self.courses: dict[str, Course] = {}
        self.area_path = dict(Area.objects.filter(path__startswith=ctx.country.path).values_list("pk", "path"))
        self.region_name = {r.path: r.name for r in ctx.regions}
        self.district_org = {
            d.path: ctx.district_directorates[d.pk] for d in ctx.districts if d.pk in ctx.district_directorates
        }
        self.region_org = {r.path: ctx.regional_directorates[r.pk] for r in ctx.regions}
        # The active staff by region, in a random order drawn once.
        self.pool: dict[str, list[_W]] = defaultdict(list)
        self.by_user: dict[int, _W] = {}
        rows = (
            Worker.objects.filter(active=True, organisation__area__path__startswith=ctx.country.path,
                                  cadre__in=PARTICIPANT_CADRES)
            .order_by("pk").values_list("pk", "cadre", "organisation_id", "area_id", "user_id")
        )
        for pk, cadre, org, area, user in rows:
            parts = self.area_path[area].split("/")
            if len(parts) < 4:  # national or regional staff: not part of a region's pool
                continue
            w = _W(pk, cadre, org, area, user, "/".join(parts[:2]) + "/", "/".join(parts[:3]) + "/")
            self.pool[w.region].append(w)
            if user:
                self.by_user[user] = w
        for workers in self.pool.values():
            rng.shuffle(workers)
        self.trained: dict[str, set[int]] = defaultdict(set)  # course key → workers who took it
        self.parts: list[Row] = []  # the participations written, in the order of the sessions

    # --- Sessions ---

    def session(self, course: str, starts_on: dt.date, trainers: list[_W], *, organiser_id: int, area_id: int,
                venue: str, parent: _Session | None = None) -> _Session:
        s = _Session(course, starts_on, organiser_id, area_id, venue, trainers, parent=parent)
        s.root = parent.root if parent is not None else s
        self.sessions.append(s)
        return s

    def take(self, course: str, region: str, near: str, n: int, *, exclude: set[int],
             first: list[_W] = (), cadres: tuple[str, ...] = PARTICIPANT_CADRES) -> list[_W]:
        """n people of the region who have not taken the course, those of the district `near` first."""
        done = self.trained[course]
        chosen = [w for w in first if w.pk not in done and w.pk not in exclude]
        taken = {w.pk for w in chosen}
        rest = [w for w in self.pool[region] if w.pk not in done and w.pk not in exclude and w.pk not in taken
                and w.cadre in cadres]
        rest.sort(key=lambda w: w.district != near)  # stable: the random order within each group stays
        chosen += rest[: max(0, n - len(chosen))]
        done.update(w.pk for w in chosen)
        return chosen

    def delivered(self, trainer: _W, parent: _Session, course: str, starts_on: dt.date, *,
                  first: list[_W] = ()) -> _Session | None:
        """A session a trainee delivers at home, if there is anyone left to train."""
        if starts_on > self.today - dt.timedelta(days=7):
            return None
        tot = course == "tot"
        size = SECOND_LEVEL_TRAINEES if tot else self.rng.randint(*SESSION_SIZE)
        people = self.take(course, trainer.region, trainer.district, size,
                           exclude={trainer.pk} | self.trained["tot"], first=first,
                           cadres=TRAINEE_CADRES if tot else PARTICIPANT_CADRES)
        if len(people) < (SECOND_LEVEL_TRAINEES if tot else SMALLEST_SESSION):
            self.trained[course].difference_update(w.pk for w in people)
            return None
        org = self.district_org.get(trainer.district) or self.region_org[trainer.region]
        s = self.session(course, starts_on, [trainer], organiser_id=org.pk, area_id=org.area_id,
                         venue=f"{org.name}, sala de ședințe", parent=parent)
        s.participants = people
        return s

    def tree(self, tot_trainers: list[_W], trainees: list[_W], starts_on: dt.date, *, organiser, area_id: int,
             venue: str, first_of: dict[int, list[_W]] | None = None, second_levels: int = 1) -> _Session:
        """A ToT session, what its trainees delivered, and one or two second-level ToTs."""
        r = self.rng
        first_of = first_of or {}
        top = self.session("tot", starts_on, tot_trainers, organiser_id=organiser.pk, area_id=area_id,
                           venue=venue)
        top.participants = list(trainees)
        self.trained["tot"].update(w.pk for w in trainees)
        end = starts_on + dt.timedelta(days=self.days["tot"] - 1)
        keen = [w for w in trainees if w.pk in first_of]
        others = [w for w in trainees if w.pk not in first_of]
        stopped = set(w.pk for w in r.sample(others, min(len(others), r.randint(*STOPPED))))
        delivering = keen + [w for w in others if w.pk not in stopped]
        # Second-level trainers: delivering trainees, of a region other than the demo logins' if there is one.
        busy = {w.region for w in keen}
        seconds = sorted((w for w in delivering if w not in keen), key=lambda w: w.region in busy)[:second_levels]
        room = (self.today - end).days - 10  # days since the ToT ended in which a session can have been run
        for w in delivering:
            first_day = _monday(end + dt.timedelta(days=r.randint(21, max(21, min(330, room)))))
            if w in seconds:
                sub = self.delivered(w, top, "tot", first_day)
                if sub is not None:
                    self._second_level(sub, first_day + dt.timedelta(days=self.days["tot"] - 1))
                continue
            self.delivered(w, top, "cm", first_day, first=first_of.get(w.pk, []))
            if r.random() < 0.45:
                self.delivered(w, top, "cm", _monday(first_day + dt.timedelta(days=r.randint(60, 240))))
        return top

    def _second_level(self, sub: _Session, end: dt.date) -> None:
        r = self.rng
        quiet = r.choice(sub.participants)  # one of the four delivers nothing
        for w in sub.participants:
            if w is not quiet:
                room = (self.today - end).days - 10
                self.delivered(w, sub, "cm", _monday(end + dt.timedelta(days=r.randint(21, max(21, min(180, room))))))

    # --- Rows ---

    def write(self, created_by: dict[int, int], default_user: int) -> None:
        courses, r = self.courses, self.rng
        by_depth: dict[int, list[_Session]] = defaultdict(list)
        for s in self.sessions:
            by_depth[s.depth].append(s)
        for depth in sorted(by_depth):
            rows = []
            for s in by_depth[depth]:
                days = self.days[s.course]
                ends_on = s.starts_on + dt.timedelta(days=days - 1)
                creator = next((created_by[t.user_id] for t in s.trainers if t.user_id in created_by), default_user)
                s.row = {
                    "course_id": courses[s.course].pk, "starts_on": s.starts_on, "ends_on": ends_on,
                    "venue": s.venue, "organiser_id": s.organiser_id, "area_id": s.area_id,
                    "cascades_from_id": s.parent.row["id"] if s.parent else None,
                    "cascade_root_id": s.root.row["id"] if s.parent else None,
                    "created_by_id": creator,
                    "created_at": timezone.make_aware(
                        dt.datetime.combine(s.starts_on - dt.timedelta(days=r.randint(7, 30)), dt.time(10))
                    ),
                }
                rows.append(s.row)
            insert(TrainingSession, rows)
            if depth == 0:  # the top of a cascade is its own root, as session_save leaves it
                TrainingSession.objects.filter(pk__in=[row["id"] for row in rows]).update(cascade_root=F("pk"))
        through = TrainingSession.trainers.through
        insert(through, [{"trainingsession_id": s.row["id"], "worker_id": t.pk}
                         for s in self.sessions for t in s.trainers])
        parts: list[Row] = []
        days_of: list[list[dt.date]] = []
        for s in self.sessions:
            past = s.row["ends_on"] < self.today
            days = [s.starts_on + dt.timedelta(days=i) for i in range(self.days[s.course])]
            for w in s.participants:
                parts.append({"session_id": s.row["id"], "worker_id": w.pk, **(self.scores() if past else {})})
                days_of.append(self.attended(days) if past else [])
        insert(Participation, parts)
        insert(Attendance, [{"participation_id": p["id"], "day": d}
                            for p, days in zip(parts, days_of, strict=True) for d in days])
        self.parts = parts  # in the order of self.sessions and their participants: the certificates read them
        self.ctx.counts["training sessions"] = len(self.sessions)
        self.ctx.counts["training participations"] = len(parts)

    def scores(self) -> Row:
        r = self.rng
        pre = min(16.0, max(3.0, round(r.gauss(10, 1.8) * 2) / 2))
        post = min(float(TEST_MAX), max(pre, round((pre + r.gauss(5, 1.8)) * 2) / 2))
        row: Row = {
            "pre_score": Decimal(str(pre)) if r.random() > 0.08 else None,  # arrived late, missed the pre-test
            "post_score": Decimal(str(post)) if r.random() > 0.1 else None,  # left before the end
            "feedback_rating": (r.choices([2, 3, 4, 5], weights=[4, 12, 45, 39])[0] if r.random() > 0.15
                                else None),
            "feedback": r.choice(FEEDBACK) if r.random() < 0.2 else "",
        }
        return row

    def attended(self, days: list[dt.date]) -> list[dt.date]:
        r = self.rng
        if len(days) > 1 and r.random() < 0.12:  # missed a day
            missed = r.choice(days)
            return [d for d in days if d != missed]
        return days


def _courses() -> dict[str, Course]:
    """The four demo courses (found again by title, so a second seed reuses them)."""
    competencies = {c.code: c for c in Competency.objects.all()}
    out = {}
    for key, title, kind, hours, cpd, _days, tot, codes, description in COURSES:
        course, created = Course.objects.get_or_create(
            title=title,
            defaults={"kind": kind, "hours": Decimal(hours), "cpd_credits": Decimal(cpd), "trains_trainers": tot,
                      "test_max": TEST_MAX, "description": description},
        )
        if created:
            course.competencies.set([competencies[c] for c in codes if c in competencies])
        out[key] = course
    return out


def _trainer_workers(ctx: Context, rng: random.Random) -> list[_W]:
    """The training centre's trainers as workers of the registry, the demo `trainer` login first."""
    centre = ctx.training_centre
    users = list(User.objects.filter(organisation=centre, role=Role.TRAINER).order_by("pk"))
    users.sort(key=lambda u: u.username != "trainer")
    have = {w.user_id: w for w in Worker.objects.filter(user__in=users)}
    new_workers, start = [], timezone.localdate().replace(month=1, day=1)
    female = set(ROMANIAN_FEMALE) | set(RUSSIAN_FEMALE)
    for u in users:
        if u.pk in have:
            continue
        new_workers.append({
            "given_name": u.first_name, "family_name": u.last_name, "sex": "F" if u.first_name in female else "M",
            "birth_year": start.year - rng.randint(32, 60), "cadre": Cadre.SOCIAL_WORKER,
            "qualification": Qualification.MASTER_SOCIAL_WORK, "organisation_id": centre.pk,
            "area_id": centre.area_id, "user_id": u.pk, "phone": u.phone, "email": u.email,
        })
    insert(Worker, new_workers)
    insert(Assignment, [
        {"worker_id": w["id"], "organisation_id": centre.pk, "post_id": None,
         "start": start.replace(year=start.year - rng.randint(3, 12)), "end": None, "fte": Decimal("1.0")}
        for w in new_workers
    ])
    ids = {u: w.pk for u, w in have.items()} | {w["user_id"]: w["id"] for w in new_workers}
    return [_W(ids[u.pk], Cadre.SOCIAL_WORKER, centre.pk, centre.area_id, u.pk, "", "") for u in users]


def build_training(ctx: Context) -> None:
    rng = ctx.rng("training")
    plan = _Planner(ctx, rng)
    plan.courses = _courses()
    centre = ctx.training_centre
    staff = _trainer_workers(ctx, rng)
    if not staff or not plan.pool:
        return
    lead = staff[0]
    today = plan.today
    centre_venue = f"{centre.name}, sala 2"
    logins = {name: plan.by_user.get(u.pk) for name, u in ctx.logins.items()}

    # The national training of trainers: trainees from every region, the demo supervisor among them, who
    # then trains the demo case manager and community assistant.
    regions = [r.path for r in ctx.regions if plan.pool.get(r.path)]
    candidates = {
        region: [w for w in plan.pool[region] if w.cadre in TRAINEE_CADRES and w.user_id != _uid(ctx, "casemanager")]
        for region in regions
    }
    trainees: list[_W] = []
    supervisor = logins.get("supervisor")
    if supervisor is not None:
        trainees.append(supervisor)
    i = 0
    while len(trainees) < TRAINEES and any(candidates.values()):
        region = regions[i % len(regions)]
        i += 1
        if candidates[region]:
            w = candidates[region].pop(0)
            if w not in trainees:
                trainees.append(w)
    first_of = {}
    if supervisor is not None:
        first_of[supervisor.pk] = [w for w in (logins.get("casemanager"), logins.get("assistant")) if w]
    start = _monday(today - dt.timedelta(days=rng.randint(470, 500)))
    plan.tree(staff[:2], trainees, start, organiser=centre, area_id=centre.area_id, venue=centre_venue,
              first_of=first_of, second_levels=1)

    # Larger scales: regional trees, about ten trainers and a hundred professionals each.
    if ctx.scale.name != "demo":
        for n, region in enumerate(regions):
            left = sum(w.pk not in plan.trained["cm"] for w in plan.pool[region])
            trees = min(TREES_PER_REGION, left // PROFESSIONALS_PER_TREE)
            org = plan.region_org[region]
            for t in range(trees):
                done = plan.trained["tot"]
                group = [w for w in plan.pool[region] if w.cadre in TRAINEE_CADRES and w.pk not in done][:TRAINEES]
                if len(group) < TRAINEES // 2:
                    break
                day = _monday(today - dt.timedelta(days=rng.randint(200, WINDOW_DAYS - 20)))
                plan.tree([staff[(n + t) % len(staff)]], group, day, organiser=centre, area_id=org.area_id,
                          venue=f"{org.name}, sala de conferințe", second_levels=rng.randint(1, 2))

    # Beyond the cascade: family support for community assistants, supervision for supervisors.
    north = regions[0]
    assistants = [w for w in plan.pool[north] if w.cadre == Cadre.COMMUNITY_ASSISTANT]
    if logins.get("assistant") in assistants:
        assistants.remove(logins["assistant"])
        assistants.insert(0, logins["assistant"])
    # The next one is in a few weeks, in another region: enrolled, not yet held.
    south = regions[-1]
    later = [w for w in plan.pool[south] if w.cadre == Cadre.COMMUNITY_ASSISTANT]
    for starts_on, region, people in (
        (_monday(today - dt.timedelta(days=rng.randint(90, 150))), north, assistants[:10]),
        (_monday(today + dt.timedelta(days=rng.randint(14, 30))), south, later[:10]),
    ):
        if people:
            org = plan.region_org[region]
            s = plan.session("family", starts_on, [lead], organiser_id=centre.pk, area_id=org.area_id,
                             venue=f"{org.name}, sala de conferințe")
            s.participants = people
    supervisors = [w for region in regions for w in plan.pool[region] if w.cadre == Cadre.SUPERVISOR][:12]
    if supervisors:
        s = plan.session("supervision", _monday(today - dt.timedelta(days=rng.randint(200, 260))), staff[:2],
                         organiser_id=centre.pk, area_id=centre.area_id, venue=centre_venue)
        s.participants = supervisors

    created_by = {u.pk: u.pk for u in ctx.users if u.role == Role.TRAINER}
    plan.write(created_by, ctx.logins["trainer"].pk if "trainer" in ctx.logins else ctx.users[0].pk)
    _certificates(ctx, plan, rng)


REVOKED_REASON = "Emis din greșeală: prezența era trecută la alt participant."


def _certificates(ctx: Context, plan: _Planner, rng: random.Random) -> None:
    """Certificates for everyone who completed a past session (the one rule of training/completion.py),
    issued by the session's creator a few days after its last day; one of them revoked. The family-support
    session is left without: its trainer, the demo `trainer`, has the "issue certificates" button to press.
    A handful of queries and one insert, however many sessions."""
    now = timezone.now()
    todo = [s for s in plan.sessions if s.row["ends_on"] < plan.today and s.course != "family"]
    of = {s.row["id"]: s for s in todo}
    ids = {pk for _last, pk in completed_of_many(Participation.objects.filter(session__in=list(of)), "pk")}
    done = [(of[p["session_id"]], p) for p in plan.parts if p["id"] in ids]
    if not done:
        return
    workers = Worker.objects.filter(pk__in={p["worker_id"] for _s, p in done})
    names = {pk: f"{given} {family}" for pk, given, family in workers.values_list("pk", "given_name", "family_name")}
    organisers = dict(Organisation.objects.filter(pk__in={s.organiser_id for s, _p in done}).values_list("pk", "name"))
    rows: list[Row] = []
    for (s, p), code in zip(done, fresh_codes(len(done), rng), strict=True):
        course = plan.courses[s.course]
        issued = timezone.make_aware(dt.datetime.combine(s.row["ends_on"] + dt.timedelta(days=rng.randint(1, 6)),
                                                         dt.time(rng.randint(9, 16), rng.randint(0, 59))))
        rows.append({
            "participation_id": p["id"], "code": code, "issued_at": min(issued, now),
            "issued_by_id": s.row["created_by_id"], "worker_name": names[p["worker_id"]], "course_title": course.title,
            "hours": course.hours, "cpd_credits": course.cpd_credits, "starts_on": s.row["starts_on"],
            "ends_on": s.row["ends_on"], "organiser_name": organisers[s.organiser_id],
        })
    logins = {u.pk for u in ctx.logins.values()}
    own = {w.pk for w in plan.by_user.values() if w.user_id in logins}
    others = [r for r, (_s, p) in zip(rows, done, strict=True) if p["worker_id"] not in own]
    if others:
        wrong = rng.choice(others)
        wrong.update(revoked_at=min(wrong["issued_at"] + dt.timedelta(days=rng.randint(2, 20)), now),
                     revoked_by_id=wrong["issued_by_id"], revoke_reason=REVOKED_REASON)
    insert(Certificate, rows)
    ctx.counts["training certificates"] = len(rows)


def _uid(ctx: Context, login: str) -> int | None:
    user = ctx.logins.get(login)
    return user.pk if user else None


def reset_training(country: Area) -> None:
    """Sessions, participations and attendance go before the workers, organisations and users they point at;
    the demo courses go too once no session uses them."""
    sessions = TrainingSession.objects.filter(organiser__area__path__startswith=country.path)
    # Certificates are never deleted in the product (PROTECT); the demo's go with the demo country.
    Certificate.objects.filter(participation__worker__organisation__area__path__startswith=country.path).delete()
    Certificate.objects.filter(participation__session__in=sessions).delete()
    Participation.objects.filter(worker__organisation__area__path__startswith=country.path).delete()
    Participation.objects.filter(session__in=sessions).delete()
    sessions.update(cascades_from=None)
    sessions.delete()
    titles = [c[1] for c in COURSES]
    Course.objects.filter(title__in=titles, sessions__isnull=True).delete()
