"""Writes: care-setting changes, reintegration steps and monitoring visits. Each one transaction, audited."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from careforce.core.audit import audit_log
from careforce.core.models import AuditAction, Organisation
from careforce.core.roles import Role

from .models import (
    FAMILY_KINDS,
    INSTITUTION_KINDS,
    INSTITUTION_ORG_KINDS,
    RESIDENTIAL_KINDS,
    SUSTAINED_AFTER_MONTHS,
    CareSetting,
    MonitoringStep,
    MonitoringVisit,
    Reintegration,
    add_months,
    takes_children,
)

if TYPE_CHECKING:
    from careforce.cases.models import Case
    from careforce.core.models import User
    from careforce.people.models import Person

# Who records care settings and reintegration: those who work children's cases and their managers.
# Volunteers, trainers and analysts do not (a volunteer may see the history of a child she follows).
WRITING_ROLES = frozenset(
    {Role.NATIONAL_ADMIN, Role.REGIONAL_MANAGER, Role.SUPERVISOR, Role.CASE_MANAGER, Role.COMMUNITY_ASSISTANT}
)


def may_write(user) -> bool:
    return bool(user and user.is_authenticated and user.role in WRITING_ROLES)


def _require_writer(actor: User) -> None:
    if not may_write(actor):
        raise PermissionDenied(_("Your role does not allow recording care settings."))


def _date(day: datetime.date) -> str:
    return formats.date_format(day, "SHORT_DATE_FORMAT")


def current_setting(child: Person) -> CareSetting | None:
    return CareSetting.objects.filter(child=child, end__isnull=True).select_related("institution").first()


@transaction.atomic
def care_setting_change(
    *,
    actor: User,
    child: Person,
    kind: str,
    start: datetime.date,
    carer: str = "",
    institution: Organisation | None = None,
    reason: str = "",
    decision: str = "",
    planned_end: datetime.date | None = None,
    case: Case | None = None,
) -> CareSetting:
    """Open a new care setting from `start`; the current one ends the day before. Settings never overlap,
    so the current one is the one without an end."""
    _require_writer(actor)
    errors: dict[str, str] = {}
    if start > timezone.localdate():
        errors["start"] = _("The date of the change cannot be in the future.")
    if kind in INSTITUTION_KINDS:
        if institution is None:
            errors["institution"] = _("Choose the institution or home the child lives in.")
        elif institution.kind not in INSTITUTION_ORG_KINDS:
            errors["institution"] = _("This organisation is not a residential institution or family-type home.")
        elif not takes_children(institution):
            errors["institution"] = _("This institution is closed: it takes no child today.")
    elif institution is not None:
        errors["institution"] = _("An institution is recorded only for institutions and homes.")
    if planned_end and planned_end < start:
        errors["planned_end"] = _("The planned end of stay is before the start.")
    if case is not None and case.child_id != child.pk:
        errors["case"] = _("This case is not about this child.")
    if errors:
        raise ValidationError(errors)

    # Lock the child's history so that two changes at once cannot both close the same setting.
    history = list(CareSetting.objects.select_for_update().filter(child=child).order_by("start", "pk"))
    current = next((s for s in history if s.end is None), None)
    if current is not None and start <= current.start:
        raise ValidationError(
            {"start": _("The change must be after the current setting began (%(date)s).")
             % {"date": _date(current.start)}}
        )
    if any(s.start >= start or (s.end is not None and s.end >= start) for s in history if s is not current):
        raise ValidationError(
            {"start": _("This date falls within an earlier care setting: care settings cannot overlap.")}
        )
    if current is not None:
        # The current setting ends the day before the new one: one day belongs to one setting only.
        current.end = start - datetime.timedelta(days=1)
        current.save(update_fields=["end"])

    setting = CareSetting.objects.create(
        child=child,
        kind=kind,
        start=start,
        carer=carer,
        institution=institution,
        reason=reason,
        decision=decision,
        planned_end=planned_end if kind in INSTITUTION_KINDS else None,
        case=case,
        recorded_by=actor,
    )
    audit_log(
        actor=actor,
        action=AuditAction.CREATE,
        obj=setting,
        summary=f"care setting {kind} from {start}",
        changes={"child": child.pk, "kind": kind, "start": str(start),
                 "closed": current.pk if current else None},
    )
    return setting


# --- Reintegration ----------------------------------------------------------------------------------------


@transaction.atomic
def reintegration_start(*, actor: User, child: Person, case: Case | None = None) -> Reintegration:
    """Begin preparing a child's return from residential care to a family."""
    _require_writer(actor)
    current = current_setting(child)
    if current is None or current.kind not in RESIDENTIAL_KINDS:
        raise ValidationError(
            _("A reintegration starts from residential care: the child's current setting is not an institution.")
        )
    if Reintegration.objects.filter(from_setting=current).exists():
        raise ValidationError(_("A reintegration from this placement is already recorded."))
    if case is not None and case.child_id != child.pk:
        raise ValidationError({"case": _("This case is not about this child.")})
    reintegration = Reintegration.objects.create(child=child, case=case, from_setting=current, recorded_by=actor)
    audit_log(actor=actor, action=AuditAction.CREATE, obj=reintegration, summary="reintegration started",
              changes={"child": child.pk, "from_setting": current.pk})
    return reintegration


def _not_future(day: datetime.date, field: str) -> None:
    if day > timezone.localdate():
        raise ValidationError({field: _("The date cannot be in the future.")})


@transaction.atomic
def reintegration_record_readiness(
    *, actor: User, reintegration: Reintegration, on: datetime.date, note: str = ""
) -> Reintegration:
    _require_writer(actor)
    _not_future(on, "on")
    if on < reintegration.from_setting.start:
        raise ValidationError({"on": _("The assessment cannot be before the child entered the institution.")})
    reintegration.readiness_on, reintegration.readiness_note = on, note
    reintegration.save(update_fields=["readiness_on", "readiness_note"])
    audit_log(actor=actor, action=AuditAction.UPDATE, obj=reintegration, summary="readiness assessed",
              changes={"readiness_on": str(on)})
    return reintegration


@transaction.atomic
def reintegration_record_preparation(
    *, actor: User, reintegration: Reintegration, on: datetime.date, note: str = ""
) -> Reintegration:
    _require_writer(actor)
    _not_future(on, "on")
    if reintegration.readiness_on is None:
        raise ValidationError(_("Record the readiness assessment first."))
    if on < reintegration.readiness_on:
        raise ValidationError({"on": _("The family's preparation cannot be before the readiness assessment.")})
    reintegration.preparation_on, reintegration.preparation_note = on, note
    reintegration.save(update_fields=["preparation_on", "preparation_note"])
    audit_log(actor=actor, action=AuditAction.UPDATE, obj=reintegration, summary="family prepared",
              changes={"preparation_on": str(on)})
    return reintegration


@transaction.atomic
def reintegration_record_move(
    *,
    actor: User,
    reintegration: Reintegration,
    on: datetime.date,
    kind: str,
    carer: str = "",
    reason: str = "",
    decision: str = "",
) -> Reintegration:
    """The move: the family care setting opens on the day of the move (and the institution's stay ends)."""
    _require_writer(actor)
    if reintegration.moved_on is not None:
        raise ValidationError(_("The move is already recorded."))
    if kind not in FAMILY_KINDS:
        raise ValidationError({"kind": _("A reintegration is a move to a family.")})
    if reintegration.preparation_on is None:
        raise ValidationError(_("Record the preparation of the family first."))
    if on < reintegration.preparation_on:
        raise ValidationError({"on": _("The move cannot be before the family was prepared.")})
    current = current_setting(reintegration.child)
    if current is None or current.pk != reintegration.from_setting_id:
        raise ValidationError(_("The child no longer lives in the institution this reintegration started from."))
    try:
        family = care_setting_change(
            actor=actor, child=reintegration.child, kind=kind, start=on, carer=carer,
            reason=reason or _("Reintegration into the family"), decision=decision, case=reintegration.case,
        )
    except ValidationError as exc:
        if hasattr(exc, "error_dict") and "start" in exc.error_dict:
            raise ValidationError({"on": exc.error_dict["start"]}) from exc
        raise
    reintegration.moved_on = on
    reintegration.sustain_on = add_months(on, SUSTAINED_AFTER_MONTHS)
    reintegration.family_setting = family
    reintegration.save(update_fields=["moved_on", "sustain_on", "family_setting"])
    audit_log(actor=actor, action=AuditAction.UPDATE, obj=reintegration, summary="moved to the family",
              changes={"moved_on": str(on), "family_setting": family.pk})
    return reintegration


def schedule(reintegration: Reintegration, visits: list[MonitoringVisit], steps: list[MonitoringStep],
             today: datetime.date) -> list[dict]:
    """The standard visits with their due dates and whether each was made, is due soon or is overdue."""
    by_step = {v.step_id: v for v in visits if v.step_id}
    rows = []
    for step in steps:
        due = add_months(reintegration.moved_on, step.months) if reintegration.moved_on else None
        visit = by_step.get(step.pk)
        if visit:
            state = "done"
        elif due is None:
            state = "later"
        elif due < today:
            state = "overdue"
        elif due <= today + datetime.timedelta(days=14):
            state = "due"
        else:
            state = "later"
        rows.append({"step": step, "due": due, "visit": visit, "state": state})
    return rows


@transaction.atomic
def visit_record(
    *,
    actor: User,
    reintegration: Reintegration,
    visited_on: datetime.date,
    notes: str = "",
    child_in_family: bool = True,
    step: MonitoringStep | None = None,
) -> MonitoringVisit:
    if not (may_write(actor) or actor.role == Role.VOLUNTEER):
        raise PermissionDenied(_("Your role does not allow recording monitoring visits."))
    if reintegration.moved_on is None:
        raise ValidationError(_("Monitoring visits start after the move: record the move first."))
    if visited_on < reintegration.moved_on:
        raise ValidationError(
            {"visited_on": _("A monitoring visit cannot be before the move (%(date)s).")
             % {"date": _date(reintegration.moved_on)}}
        )
    _not_future(visited_on, "visited_on")
    if step is not None and reintegration.visits.filter(step=step).exists():
        raise ValidationError({"step": _("This scheduled visit is already recorded.")})
    visit = MonitoringVisit.objects.create(
        reintegration=reintegration, step=step, visited_on=visited_on, notes=notes,
        child_in_family=child_in_family, recorded_by=actor,
    )
    audit_log(actor=actor, action=AuditAction.CREATE, obj=visit, summary="monitoring visit",
              changes={"reintegration": reintegration.pk, "visited_on": str(visited_on),
                       "step": step.pk if step else None, "child_in_family": child_in_family})
    return visit
