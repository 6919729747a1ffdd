"""Assessments: initial (is there a need? is the child safe?), comprehensive (the instrument), reviews."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from careforce.core.models import AuditAction, User

from ..models import (
    Answer,
    Assessment,
    AssessmentKind,
    Case,
    CaseStatus,
    DomainKind,
    EventKind,
    Instrument,
    Question,
)
from .common import EditConflict, audit, check_date, event, refresh, require_open, require_work

TEXT_FIELDS = (
    "strengths",
    "needs",
    "narrative",
    "immediate_safety_concern",
    "needs_protection",
    "started_on",
)
EVENT_OF = {
    AssessmentKind.INITIAL: EventKind.INITIAL_ASSESSMENT,
    AssessmentKind.COMPREHENSIVE: EventKind.COMPREHENSIVE_ASSESSMENT,
    AssessmentKind.REVIEW: EventKind.REVIEW,
}


def _completed(case: Case, kind: str) -> bool:
    return case.assessments.filter(kind=kind, completed_on__isnull=False).exists()


@transaction.atomic
def assessment_start(*, actor: User, case: Case, kind: str, started_on: date | None = None) -> Assessment:
    require_work(actor, case)
    require_open(case)
    started_on = started_on or timezone.localdate()
    check_date(case, started_on, field="started_on")
    if kind == AssessmentKind.COMPREHENSIVE and not _completed(case, AssessmentKind.INITIAL):
        raise ValidationError(_("Complete the initial assessment first."))
    if kind == AssessmentKind.REVIEW and not case.plans.filter(status="approved").exists():
        raise ValidationError(_("A review follows an approved plan."))
    if case.assessments.filter(kind=kind, completed_on__isnull=True).exists():
        raise ValidationError(_("An assessment of this kind is already in progress."))
    instrument = None
    if kind != AssessmentKind.INITIAL:
        instrument = Instrument.objects.filter(kind=AssessmentKind.COMPREHENSIVE, active=True).first()
    assessment = Assessment.objects.create(
        case=case, kind=kind, instrument=instrument, started_on=started_on, by=actor
    )
    audit(actor, case, f"{kind} assessment started", action=AuditAction.CREATE)
    return assessment


@transaction.atomic
def assessment_save(
    *,
    actor: User,
    assessment: Assessment,
    version: int,
    data: dict[str, Any],
    scores: dict[int, tuple[int | None, str]] | None = None,
) -> Assessment:
    """Save what was written and scored. An edit begun at an older version is refused (EditConflict)."""
    case = assessment.case
    require_work(actor, case)
    current = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if current.completed_on is not None:
        raise ValidationError(_("This assessment is completed and can no longer be changed."))
    if current.version != version:
        changed = {
            k: [v, getattr(current, k)]
            for k, v in data.items()
            if k in TEXT_FIELDS and getattr(current, k) != v
        }
        raise EditConflict(current, changed)
    if "started_on" in data:
        check_date(case, data["started_on"], field="started_on")
    for name, value in data.items():
        if name in TEXT_FIELDS:
            setattr(current, name, value)
    if scores:
        instrument = current.instrument
        valid = set(Question.objects.filter(domain__instrument=instrument).values_list("id", flat=True))
        for question_id, (score, note) in scores.items():
            if question_id not in valid:
                raise ValidationError(_("A score refers to a question of another instrument."))
            if score is not None and not instrument.scale_min <= score <= instrument.scale_max:
                raise ValidationError(
                    _("Scores go from %(min)s to %(max)s.")
                    % {"min": instrument.scale_min, "max": instrument.scale_max}
                )
            Answer.objects.update_or_create(
                assessment=current, question_id=question_id, defaults={"score": score, "note": note}
            )
    current.version = F("version") + 1
    current.save()
    current.refresh_from_db()
    audit(actor, case, f"{current.kind} assessment saved")
    return current


@transaction.atomic
def assessment_complete(*, actor: User, assessment: Assessment, completed_on: date) -> Assessment:
    case = assessment.case
    require_work(actor, case)
    require_open(case)
    if assessment.completed_on is not None:
        raise ValidationError(_("This assessment is already completed."))
    check_date(case, completed_on, field="completed_on")
    if completed_on < assessment.started_on:
        raise ValidationError({"completed_on": _("An assessment cannot end before it started.")})
    problems = []
    if assessment.kind != AssessmentKind.INITIAL:
        # Strengths-based practice: strengths are recorded, not only risks (domain.md).
        if not assessment.strengths.strip():
            problems.append(_("record the family's strengths"))
        protective = set(
            Question.objects.filter(
                domain__instrument=assessment.instrument, domain__kind=DomainKind.PROTECTIVE
            ).values_list("id", flat=True)
        )
        scored = set(assessment.answers.filter(score__isnull=False).values_list("question_id", flat=True))
        if protective - scored:
            problems.append(_("score every protective factor"))
    elif not (assessment.narrative.strip() or assessment.needs.strip()):
        problems.append(_("write what the initial assessment found"))
    if problems:
        raise ValidationError(_("Before completing: %(items)s.") % {"items": "; ".join(problems)})
    Assessment.objects.filter(pk=assessment.pk).update(completed_on=completed_on, version=F("version") + 1)
    assessment.refresh_from_db()
    event(case, EVENT_OF[assessment.kind], completed_on, actor)
    status = {
        AssessmentKind.INITIAL: CaseStatus.ASSESSMENT,
        AssessmentKind.COMPREHENSIVE: CaseStatus.PLANNING,
    }.get(assessment.kind)
    if status and case.status in (CaseStatus.SCREENING, CaseStatus.ASSESSMENT):
        Case.objects.filter(pk=case.pk).update(status=status)
        case.refresh_from_db()
    audit(actor, case, f"{assessment.kind} assessment completed")
    refresh(case)
    return assessment
