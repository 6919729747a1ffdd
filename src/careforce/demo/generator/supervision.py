"""Supervision sessions for the demo country: a year of them, so that coverage looks like a real service's.

Each supervisor meets each of her supervisees about monthly, newly qualified workers about weekly, and now
and then gathers several of them in a group session. Some sessions run short of the standard's 90 minutes,
some workers' supervision lapsed a few months ago, and a few were never supervised: about three in four
workers are covered on the day the country is generated. Staff without a login (psychologists, social
workers at the directorate) are supervised by one of the directorate's supervisors; about half the NGO
staff too, the others by their own organisation, which keeps no record here.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict

from django.db.models import DateField, OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from careforce.workforce.models import (
    NEWLY_QUALIFIED_DAYS,
    SUPERVISED_CADRES,
    Assignment,
    Cadre,
    SupervisionKind,
    SupervisionSession,
    SupervisionSupervisee,
    Worker,
)

from .bulk import Row, insert
from .context import Context

WINDOW_DAYS = 365
NEVER_SHARE = 0.04  # never supervised
LAPSED_SHARE = 0.14  # supervised regularly until a few months ago
NGO_SUPERVISED_SHARE = 0.6
GROUP_MONTHLY_CHANCE = 0.5  # a supervisor holds a group session in a given month
# Minutes of individual sessions: most meet the 90-minute standard, some run short.
DURATIONS = [(90, 60), (120, 25), (60, 9), (75, 6)]

DECISIONS_RO = [
    "Vizită comună la familie săptămâna viitoare; reevaluarea riscului după vizită.",
    "Planul se revizuiește cu participarea școlii; termen: sfârșitul lunii.",
    "Cazul se transmite psihologului pentru sprijin terapeutic.",
    "Se solicită ajutor material de la primărie pentru două familii.",
    "Închiderea cazului se pregătește: obiectivele planului sunt atinse.",
]
DECISIONS_RU = [
    "Совместный визит в семью на следующей неделе; переоценка риска.",
    "План пересматривается вместе со школой до конца месяца.",
    "Случай передаётся психологу для поддержки.",
]
LEARNING_RO = [
    "Interviul cu copilul mic; curs recomandat.",
    "Evaluarea riscului de violență în familie.",
    "Lucrul cu familiile cu părinți plecați peste hotare.",
    "",
]
LEARNING_RU = ["Беседа с маленьким ребёнком; рекомендован курс.", "Оценка риска насилия в семье.", ""]
WELLBEING_RO = [
    "Volum mare de lucru; se simte obosită, dar susținută de echipă.",
    "Stare bună. A cerut o zi liberă după cazul dificil din luna trecută.",
    "Stres după o vizită tensionată; s-a convenit o discuție de sprijin.",
    "",
]
WELLBEING_RU = ["Большая нагрузка, чувствует усталость.", "Хорошее состояние, поддержка коллег.", ""]


def _weekday(day: dt.date, today: dt.date) -> dt.date:
    """Sessions are held on working days: a weekend day moves to the Friday before."""
    if day.weekday() >= 5:
        day -= dt.timedelta(days=day.weekday() - 4)
    return min(day, today)


def _duration(rng: random.Random) -> int:
    return rng.choices([d for d, _w in DURATIONS], weights=[w for _d, w in DURATIONS])[0]


class _Sessions:
    def __init__(self, ctx: Context, rng: random.Random, today: dt.date) -> None:
        self.ctx, self.rng, self.today = ctx, rng, today
        self.sessions: list[Row] = []
        self.attendance: list[tuple[Row, list[int]]] = []

    def add(
        self, on: dt.date, supervisor: dict, workers: list[int], *, kind: str, minutes: int, russian: bool
    ) -> None:
        r = self.rng
        recorded = dt.datetime.combine(on + dt.timedelta(days=r.randint(0, 3)), dt.time(16, r.randint(0, 59)))
        recorded = min(timezone.make_aware(recorded), timezone.now())
        row: Row = {
            "supervisor_id": supervisor["id"],
            "kind": kind,
            "on": on,
            "duration_minutes": minutes,
            "cases_discussed": r.randint(1, 8) if kind == SupervisionKind.INDIVIDUAL else r.randint(0, 4),
            "decisions": r.choice(DECISIONS_RU if russian else DECISIONS_RO),
            "wellbeing": r.choice(WELLBEING_RU if russian else WELLBEING_RO),
            "learning_needs": r.choice(LEARNING_RU if russian else LEARNING_RO),
            "recorded_by_id": supervisor["user_id"],
            "recorded_at": recorded,
        }
        self.sessions.append(row)
        self.attendance.append((row, workers))

    def individual(self, worker: dict, supervisor: dict, russian: bool, *, regular: bool) -> None:
        """A worker's sessions over the window: weekly-ish in her first year, monthly-ish after."""
        r, today = self.rng, self.today
        start = today - dt.timedelta(days=WINDOW_DAYS)
        first = worker["first_start"]
        if first is not None and first > start:
            start = first
        stop = today if regular else today - dt.timedelta(days=r.randint(40, 150))
        day = start + dt.timedelta(days=r.randint(0, 20))
        while day <= stop:
            self.add(
                _weekday(day, today),
                supervisor,
                [worker["id"]],
                kind=SupervisionKind.INDIVIDUAL,
                minutes=_duration(r),
                russian=russian,
            )
            newly = first is not None and (day - first).days < NEWLY_QUALIFIED_DAYS
            day += dt.timedelta(days=r.randint(4, 8) if newly else r.randint(18, 32))

    def groups(self, supervisor: dict, team: list[int], russian: bool) -> None:
        """Now and then the supervisor gathers three to six of her supervisees."""
        r, today = self.rng, self.today
        if len(team) < 3:
            return
        for month in range(12):
            if r.random() >= GROUP_MONTHLY_CHANCE:
                continue
            on = _weekday(today - dt.timedelta(days=month * 30 + r.randint(0, 29)), today)
            members = sorted(r.sample(team, k=r.randint(3, min(6, len(team)))))
            self.add(
                on,
                supervisor,
                members,
                kind=SupervisionKind.GROUP,
                minutes=r.choice([90, 120, 120, 150]),
                russian=russian,
            )


def build_supervision(ctx: Context) -> None:
    rng = ctx.rng("supervision")
    today = timezone.localdate()
    prefix = ctx.country.path
    in_country = Worker.objects.filter(organisation__area__path__startswith=prefix, active=True)
    supervisors = list(
        in_country.filter(cadre=Cadre.SUPERVISOR, user__isnull=False)
        .order_by("pk")
        .values("id", "user_id", "organisation_id")
    )
    by_user = {s["user_id"]: s for s in supervisors}
    at_org: dict[int, list[dict]] = defaultdict(list)
    for s in supervisors:
        at_org[s["organisation_id"]].append(s)
    first_start = Assignment.objects.filter(worker=OuterRef("pk")).order_by("start").values("start")[:1]
    workers = list(
        in_country.filter(cadre__in=list(SUPERVISED_CADRES))
        .annotate(first_start=Subquery(first_start, output_field=DateField()))
        .order_by("pk")
        .values("id", "cadre", "organisation_id", "user_id", "user__supervisor_id", "first_start")
    )

    # Where each organisation's staff find a supervisor: the district directorate's.
    directorate_of: dict[int, int] = {}
    russian_org: set[int] = set()
    for district in ctx.districts:
        directorate = ctx.district_directorates[district.pk].pk
        orgs = [directorate]
        orgs += [
            ctx.municipal[loc.pk].pk for loc in ctx.localities_of[district.pk] if loc.pk in ctx.municipal
        ]
        ngos = [ngo.pk for ngo in ctx.ngos.get(district.pk, [])]
        for org in orgs + ngos:
            directorate_of[org] = directorate
            if district.pk in ctx.russophone_districts:
                russian_org.add(org)
    ngo_ids = {ngo.pk for ngos in ctx.ngos.values() for ngo in ngos}
    fixed = {u.pk for name, u in ctx.logins.items() if name in ("casemanager", "assistant")}

    made = _Sessions(ctx, rng, today)
    teams: dict[int, list[int]] = defaultdict(list)
    for worker in ctx.bar(workers, _("Supervision"), total=len(workers)):
        supervisor = by_user.get(worker["user__supervisor_id"])
        if supervisor is None:
            pool = at_org.get(directorate_of.get(worker["organisation_id"], -1), [])
            if worker["organisation_id"] in ngo_ids and rng.random() >= NGO_SUPERVISED_SHARE:
                pool = []
            supervisor = rng.choice(pool) if pool else None
        if supervisor is None:
            continue
        russian = worker["organisation_id"] in russian_org
        draw = 0.5 if worker["user_id"] in fixed else rng.random()  # the demo logins are supervised
        if draw < NEVER_SHARE:
            continue
        made.individual(worker, supervisor, russian, regular=draw >= NEVER_SHARE + LAPSED_SHARE)
        teams[supervisor["id"]].append(worker["id"])
    for s in supervisors:
        made.groups(s, teams.get(s["id"], []), s["organisation_id"] in russian_org)

    insert(SupervisionSession, made.sessions)
    attendance = [
        {"session_id": row["id"], "worker_id": w} for row, members in made.attendance for w in members
    ]
    insert(SupervisionSupervisee, attendance)
    ctx.counts["supervision sessions"] = len(made.sessions)


def reset_supervision(country) -> None:
    """Sessions go before the workers they point at (PROTECT); one statement each, however many."""
    sessions = SupervisionSession.objects.filter(
        supervisor__organisation__area__path__startswith=country.path
    )
    attendance = SupervisionSupervisee.objects.filter(session__in=sessions.values("pk"))
    attendance._raw_delete(attendance.db)
    sessions._raw_delete(sessions.db)
