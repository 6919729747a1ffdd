"""Competency assessments and the training needs analysis (domain.md section 3).

A worker rates herself, and her supervisor (or a manager) rates her, on the competencies of the framework.
Her **assessed level** in a competency is the latest supervisor's rating when there is one, otherwise her
latest self-rating: the supervisor has watched her practice, and a self-rating alone still tells more than
nothing. The **gap** is the level her cadre requires minus the assessed level, when positive; the needs
analysis counts gaps by competency, cadre and area, and lists who needs which course (the courses mapped
to the competency that she has not taken yet).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from careforce.core.audit import audit_log
from careforce.core.models import Area, AuditAction, User
from careforce.core.roles import Role
from careforce.workforce.models import Cadre, Worker

from .models import (
    MAX_LEVEL,
    AssessmentKind,
    Competency,
    CompetencyAssessment,
    CompetencyRating,
    CompetencyRequirement,
    Course,
    Participation,
)

# Who assesses others (as supervisor or manager) and reads the analysis with names.
ASSESS_ROLES = frozenset({Role.NATIONAL_ADMIN, Role.REGIONAL_MANAGER, Role.SUPERVISOR})
# Who reads the analysis as figures: also trainers (where to train next) and analysts, for the country.
NEEDS_ROLES = ASSESS_ROLES | {Role.TRAINER, Role.ANALYST}


# --- Writes ---------------------------------------------------------------------------------------------


def assessment_kind_for(actor: User, worker: Worker) -> str | None:
    """A worker assesses herself; those who support the workforce assess the workers they see."""
    if worker.user_id is not None and worker.user_id == actor.pk:
        return AssessmentKind.SELF
    if actor.role in ASSESS_ROLES:
        return AssessmentKind.SUPERVISOR
    return None


def assessment_record(
    *,
    actor: User,
    worker: Worker,
    ratings: Mapping[int, int],
    assessed_on: dt.date | None = None,
    note: str = "",
) -> CompetencyAssessment:
    """`worker` was loaded through the access door. `ratings`: {competency id: level}; competencies left
    out were not assessed this time."""
    kind = assessment_kind_for(actor, worker)
    if kind is None:
        raise PermissionDenied(_("You may not assess this worker."))
    assessed_on = assessed_on or timezone.localdate()
    errors: dict[str, list[str]] = {}
    if assessed_on > timezone.localdate():
        errors["assessed_on"] = [_("An assessment cannot be dated in the future.")]
    if not ratings:
        errors["__all__"] = [_("Rate at least one competency.")]
    known = set(Competency.objects.filter(pk__in=list(ratings), parent__isnull=False).values_list("pk", flat=True))
    for cid, level in ratings.items():
        if cid not in known:
            errors.setdefault("__all__", []).append(_("Unknown competency: %(id)s.") % {"id": cid})
        elif not 1 <= int(level) <= MAX_LEVEL:
            errors.setdefault(f"level_{cid}", []).append(
                _("A level is from 1 to %(max)d.") % {"max": MAX_LEVEL}
            )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        assessment = CompetencyAssessment.objects.create(
            worker=worker, kind=kind, assessed_on=assessed_on, assessor=actor, note=note.strip()
        )
        CompetencyRating.objects.bulk_create(
            [CompetencyRating(assessment=assessment, competency_id=cid, level=int(lv)) for cid, lv in ratings.items()]
        )
        audit_log(
            actor=actor, action=AuditAction.CREATE, obj=assessment,
            summary=_("Competency assessment of %(worker)s") % {"worker": worker},
            changes={"worker": worker.pk, "kind": kind, "ratings": {str(k): int(v) for k, v in ratings.items()}},
        )
    return assessment


# --- Reads ----------------------------------------------------------------------------------------------


def assessments(user: User) -> QuerySet[CompetencyAssessment]:
    return CompetencyAssessment.objects.visible_to(user)


def required_levels() -> dict[tuple[int, str], int]:
    return {(r.competency_id, r.cadre): r.level for r in CompetencyRequirement.objects.all()}


def assessed_levels(worker_ids) -> dict[tuple[int, int], tuple[int, str]]:
    """{(worker, competency): (level, kind)}: the latest supervisor's rating, else the latest self-rating.
    One query; `worker_ids` may be a list or a subquery of workers."""
    rows = (
        CompetencyRating.objects.filter(assessment__worker__in=worker_ids)
        .order_by("assessment__worker", "competency", "assessment__assessed_on", "assessment__pk")
        .values_list("assessment__worker", "competency", "level", "assessment__kind")
    )
    out: dict[tuple[int, int], tuple[int, str]] = {}
    for worker_id, comp_id, level, kind in rows:  # oldest first: later ratings overwrite earlier ones
        key = (worker_id, comp_id)
        held = out.get(key)
        if held is not None and held[1] == AssessmentKind.SUPERVISOR and kind == AssessmentKind.SELF:
            continue  # a supervisor's rating outranks any self-rating
        out[key] = (level, kind)
    return out


@dataclass
class CompetencyNeed:
    competency: Competency
    cadre: str
    required: int
    workers: int = 0
    assessed: int = 0
    with_gap: int = 0
    gap_total: int = 0
    level_total: int = 0
    courses: list[Course] = field(default_factory=list)

    @property
    def cadre_label(self) -> str:
        return Cadre(self.cadre).label if self.cadre else _("All cadres")

    @property
    def gap_percent(self) -> float | None:
        return self.with_gap / self.assessed * 100 if self.assessed else None

    @property
    def mean_gap(self) -> float | None:
        return self.gap_total / self.assessed if self.assessed else None

    @property
    def mean_level(self) -> float | None:
        return self.level_total / self.assessed if self.assessed else None


@dataclass
class WorkerNeed:
    worker: Worker
    gaps: list[tuple[Competency, int, int]]  # competency, required, assessed
    courses: list[Course]


@dataclass
class AreaNeed:
    area: Area
    workers: int = 0
    assessed: int = 0
    with_gap: int = 0

    @property
    def gap_percent(self) -> float | None:
        return self.with_gap / self.assessed * 100 if self.assessed else None


@dataclass
class NeedsAnalysis:
    rows: list[CompetencyNeed]
    by_competency: list[CompetencyNeed]  # all cadres together
    by_area: list[AreaNeed]
    workers: list[WorkerNeed]  # empty for those who read figures only
    worker_count: int
    assessed_count: int
    names: bool


def needs_workers(user: User) -> QuerySet[Worker]:
    """The workers whose needs the user reads: those she sees in the registry for those who assess; the
    country's (as figures only) for trainers and analysts."""
    role = user.role if user is not None and user.is_authenticated else None
    if role in ASSESS_ROLES:
        return Worker.objects.visible_to(user).filter(active=True)
    if role in NEEDS_ROLES:
        return Worker.objects.filter(active=True)
    return Worker.objects.none()


def _leaf_competencies() -> dict[int, Competency]:
    return {c.pk: c for c in Competency.objects.filter(parent__isnull=False).select_related("parent")}


def _courses_by_competency() -> dict[int, list[Course]]:
    """The courses offered for each competency. Trainings of trainers are left out: they prepare trainers
    to deliver a course, not a worker to close her own gap."""
    out: dict[int, list[Course]] = defaultdict(list)
    through = Course.competencies.through.objects.filter(
        course__active=True, course__trains_trainers=False
    ).select_related("course")
    for link in through.order_by("course__title", "course__pk"):
        out[link.competency_id].append(link.course)
    return out


def needs_analysis(user: User, *, area: Area | None = None, cadre: str | None = None) -> NeedsAnalysis:
    """Required minus assessed level by competency and cadre, by the areas one level below `area`, and
    (for those who may see names) who needs which course. Six queries whatever the number of workers."""
    reqs = required_levels()
    cadres = {c for _comp, c in reqs}
    workers_qs = needs_workers(user).filter(cadre__in=sorted(cadres))
    if area is not None:
        workers_qs = workers_qs.filter(area__path__startswith=area.path)
    if cadre:
        workers_qs = workers_qs.filter(cadre=cadre)
    names = user.role in ASSESS_ROLES
    workers = list(workers_qs.select_related("organisation", "area").order_by("family_name", "given_name", "pk"))
    levels = assessed_levels(workers_qs.values("pk"))
    comps = _leaf_competencies()
    courses = _courses_by_competency()

    rows: dict[tuple[int, str], CompetencyNeed] = {}
    for (comp_id, c), required in reqs.items():
        if comp_id in comps and (not cadre or c == cadre):
            rows[(comp_id, c)] = CompetencyNeed(comps[comp_id], c, required, courses=courses.get(comp_id, []))
    children = list(Area.objects.filter(parent=area).order_by("name", "pk")) if area is not None else []
    area_rows = {a.pk: AreaNeed(a) for a in children}

    taken: dict[int, set[int]] = defaultdict(set)
    if names:
        for worker_id, course_id in Participation.objects.filter(worker__in=workers_qs.values("pk")).values_list(
            "worker", "session__course"
        ):
            taken[worker_id].add(course_id)

    worker_needs: list[WorkerNeed] = []
    assessed_workers = 0
    for w in workers:
        gaps: list[tuple[Competency, int, int]] = []
        any_assessed = False
        for (comp_id, c), row in rows.items():
            if c != w.cadre:
                continue
            row.workers += 1
            held = levels.get((w.pk, comp_id))
            if held is None:
                continue
            any_assessed = True
            row.assessed += 1
            row.level_total += held[0]
            gap = row.required - held[0]
            if gap > 0:
                row.with_gap += 1
                row.gap_total += gap
                gaps.append((row.competency, row.required, held[0]))
        assessed_workers += any_assessed
        area_row = next((a for a in area_rows.values() if w.area.path.startswith(a.area.path)), None)
        if area_row is not None:
            area_row.workers += 1
            area_row.assessed += any_assessed
            area_row.with_gap += bool(gaps)
        if names and gaps:
            seen: set[int] = set()
            suggested = []
            for comp, _req, _lvl in gaps:
                for course in courses.get(comp.pk, []):
                    if course.pk not in seen and course.pk not in taken[w.pk]:
                        seen.add(course.pk)
                        suggested.append(course)
            worker_needs.append(WorkerNeed(w, gaps, suggested))
    ordered = sorted(
        rows.values(), key=lambda r: (-(r.gap_percent or 0), r.competency.parent.order, r.competency.order, r.cadre)
    )
    worker_needs.sort(key=lambda n: (-len(n.gaps), n.worker.family_name, n.worker.pk))
    pooled: dict[int, CompetencyNeed] = {}
    for r in rows.values():
        p = pooled.setdefault(r.competency.pk, CompetencyNeed(r.competency, "", 0, courses=r.courses))
        p.workers += r.workers
        p.assessed += r.assessed
        p.with_gap += r.with_gap
        p.gap_total += r.gap_total
        p.level_total += r.level_total
    return NeedsAnalysis(
        rows=ordered,
        by_competency=sorted(pooled.values(), key=lambda r: (-(r.gap_percent or 0), r.competency.parent.order,
                                                            r.competency.order)),
        by_area=[a for a in area_rows.values() if a.workers],
        workers=worker_needs,
        worker_count=len(workers),
        assessed_count=assessed_workers,
        names=names,
    )


def worker_profile(worker: Worker) -> list[dict]:
    """A worker's competencies: required, latest self- and supervisor's rating, assessed level, gap, and
    the courses for it she has not taken. Four queries."""
    reqs = {cid: lv for (cid, c), lv in required_levels().items() if c == worker.cadre}
    latest: dict[tuple[int, str], int] = {}
    for comp_id, level, kind in (
        CompetencyRating.objects.filter(assessment__worker=worker)
        .order_by("assessment__assessed_on", "assessment__pk")
        .values_list("competency", "level", "assessment__kind")
    ):
        latest[(comp_id, kind)] = level
    courses = _courses_by_competency()
    taken = set(Participation.objects.filter(worker=worker).values_list("session__course", flat=True))
    out = []
    for comp in Competency.objects.filter(parent__isnull=False).select_related("parent").order_by(
        "parent__order", "order", "pk"
    ):
        required = reqs.get(comp.pk)
        own = latest.get((comp.pk, AssessmentKind.SELF))
        sup = latest.get((comp.pk, AssessmentKind.SUPERVISOR))
        assessed = sup if sup is not None else own
        if required is None and own is None and sup is None:
            continue
        gap = max(0, required - assessed) if required is not None and assessed is not None else None
        out.append({
            "competency": comp, "required": required, "self": own, "supervisor": sup, "assessed": assessed,
            "gap": gap, "courses": [c for c in courses.get(comp.pk, []) if c.pk not in taken] if gap else [],
        })
    return out
