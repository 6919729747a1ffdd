"""Demo CPD records and competency assessments (domain.md section 3): the data the CPD compliance page and
the training needs analysis read.

- Courses attended to the end add their CPD record, as `training.cpd.cpd_sync_session` does (same rule).
- Most workers of a cadre with a CPD requirement record activities of their own over the last eighteen
  months: some do all the hours asked, many fall a little short, a few record nothing (about 55 % comply).
- About half the workers assessed themselves; a third were assessed by a supervisor of their
  organisation. Levels sit around the required one, lower in safeguarding, child participation
  and reintegration, where the reform's training is still to come, so the needs analysis has a story.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from decimal import Decimal

from django.utils import timezone

from careforce.core.models import Area
from careforce.core.roles import Role
from careforce.training.completion import completed_of_many
from careforce.training.models import (
    AssessmentKind,
    CompetencyAssessment,
    CompetencyRating,
    CompetencyRequirement,
    CpdKind,
    CpdRecord,
    CpdRequirement,
    Participation,
)
from careforce.workforce.models import Worker

from .bulk import Row, insert
from .context import Context

# (kind, title in the demo country's language, hours)
ACTIVITIES = [
    (CpdKind.WORKSHOP, "Conferința națională pentru protecția copilului", 12),
    (CpdKind.WORKSHOP, "Atelier: lucrul cu familiile vulnerabile", 6),
    (CpdKind.WORKSHOP, "Seminar regional: prevenirea separării copilului de familie", 8),
    (CpdKind.E_LEARNING, "Curs online: drepturile copilului", 10),
    (CpdKind.E_LEARNING, "Curs online: protecția datelor personale", 4),
    (CpdKind.PEER_LEARNING, "Intervizare: cazuri de neglijare", 3),
    (CpdKind.PEER_LEARNING, "Discuție de caz în echipă", 2),
    (CpdKind.MENTORING, "Mentorat cu un manager de caz cu experiență", 6),
    (CpdKind.SELF_STUDY, "Lectură: ghidul managementului de caz", 4),
    (CpdKind.COURSE, "Curs de prim ajutor (Crucea Roșie)", 8),
]
LEARNT = [
    "Cum să vorbesc cu copilul despre planul său.",
    "Semnele timpurii ale neglijării la copiii mici.",
    "Cum pregătesc familia pentru reintegrarea copilului.",
    "Ce servicii există în raion și cum trimit familia la ele.",
]
IMPACT = [
    "Discut planul cu copilul înainte de a-l trimite spre aprobare.",
    "Fac vizitele de monitorizare mai des în primele luni.",
    "Folosesc fișa de evaluare a factorilor de protecție la fiecare revizuire.",
]
# Competencies the demo workforce is weaker in: where the needs analysis points.
WEAKER = ("participation", "reintegration", "safeguarding")
SELF_SHARE, SUPERVISOR_SHARE = 0.5, 0.35


def build_development(ctx: Context) -> None:
    rng = ctx.rng("development")
    today = timezone.localdate()
    country = ctx.country
    if country is None:
        return
    workers = list(
        Worker.objects.filter(area__path__startswith=country.path, active=True)
        .values_list("pk", "cadre", "organisation_id", "user_id").order_by("pk")
    )
    _course_records(country)
    _own_records(ctx, rng, workers, today)
    _assessments(ctx, rng, workers, today)


def _course_records(country: Area) -> None:
    """The CPD record of every participation completed to the end (the rule of `training.completion`)."""
    parts = Participation.objects.filter(session__organiser__area__path__startswith=country.path)
    insert(CpdRecord, [
        {"worker_id": worker_id, "participation_id": pid, "kind": CpdKind.COURSE, "title": title[:200],
         "done_on": ends_on, "hours": hours, "credits": credits}
        for ends_on, pid, worker_id, title, hours, credits in completed_of_many(
            parts, "pk", "worker", "session__course__title", "session__course__hours", "session__course__cpd_credits"
        )
    ])


def _own_records(ctx: Context, rng: random.Random, workers, today: dt.date) -> None:
    reqs = {r.cadre: r for r in CpdRequirement.objects.all()}
    rows: list[Row] = []
    for pk, cadre, _org, user_id in ctx.bar(workers, "CPD records"):
        req = reqs.get(cadre)
        if req is None:
            continue
        effort = rng.random()
        if effort < 0.12:
            continue  # records nothing
        # Hours aimed at, on top of any course: around the requirement, short for many.
        target = float(req.hours) * (1.15 if effort > 0.55 else rng.uniform(0.15, 0.7))
        done = 0.0
        while done < target:
            kind, title, hours = rng.choice(ACTIVITIES)
            day = today - dt.timedelta(days=rng.randint(0, 540))
            rows.append({
                "worker_id": pk, "kind": kind, "title": title, "done_on": day, "hours": Decimal(hours),
                "credits": Decimal(hours) / 4 if kind in (CpdKind.WORKSHOP, CpdKind.E_LEARNING) else Decimal(0),
                "learnt": rng.choice(LEARNT) if rng.random() < 0.35 else "",
                "impact": rng.choice(IMPACT) if rng.random() < 0.25 else "",
                "created_by_id": user_id,
            })
            if day >= today - dt.timedelta(days=365):
                done += hours
    insert(CpdRecord, rows)
    ctx.counts["CPD records"] = CpdRecord.objects.filter(worker__in=[w[0] for w in workers]).count()


def _assessments(ctx: Context, rng: random.Random, workers, today: dt.date) -> None:
    required: dict[str, list[tuple[int, str, int]]] = defaultdict(list)
    for comp_id, code, cadre, level in CompetencyRequirement.objects.values_list(
        "competency", "competency__code", "cadre", "level"
    ):
        required[cadre].append((comp_id, code, level))
    supervisors: dict[int, int] = {}
    for u in ctx.users:
        if u.role == Role.SUPERVISOR and u.organisation_id not in supervisors:
            supervisors[u.organisation_id] = u.pk
    fallback = ctx.logins["admin"].pk if "admin" in ctx.logins else ctx.users[0].pk
    demo = {ctx.logins[n].pk for n in ("casemanager", "assistant") if n in ctx.logins}

    heads: list[Row] = []
    levels: list[list[tuple[int, int]]] = []
    for pk, cadre, org, user_id in ctx.bar(workers, "Competency assessments"):
        comps = required.get(cadre)
        if not comps:
            continue
        skill = rng.gauss(0, 0.6)  # some workers are stronger throughout
        own = user_id in demo or rng.random() < SELF_SHARE
        sup = user_id in demo or rng.random() < SUPERVISOR_SHARE
        for kind, wanted, assessor in (
            (AssessmentKind.SELF, own, user_id or supervisors.get(org, fallback)),
            (AssessmentKind.SUPERVISOR, sup, supervisors.get(org, fallback)),
        ):
            if not wanted:
                continue
            bias = 0.4 if kind == AssessmentKind.SELF else 0.0  # people rate themselves a little higher
            ratings = []
            for comp_id, code, level in comps:
                weak = -1.0 if code.endswith(WEAKER) else 0.0
                value = round(level + 0.15 + skill + bias + weak + rng.gauss(0, 0.6))
                ratings.append((comp_id, min(4, max(1, value))))
            heads.append({
                "worker_id": pk, "kind": kind, "assessor_id": assessor, "note": "",
                "assessed_on": today - dt.timedelta(days=rng.randint(20, 400)),
            })
            levels.append(ratings)
    insert(CompetencyAssessment, heads)
    insert(CompetencyRating, [
        {"assessment_id": head["id"], "competency_id": comp_id, "level": level}
        for head, ratings in zip(heads, levels, strict=True) for comp_id, level in ratings
    ])
    ctx.counts["competency assessments"] = len(heads)


def reset_development(country: Area) -> None:
    """CPD records and assessments go with their workers (cascade); the assessors are users: first these."""
    CompetencyAssessment.objects.filter(worker__area__path__startswith=country.path).delete()
    CpdRecord.objects.filter(worker__area__path__startswith=country.path).delete()
