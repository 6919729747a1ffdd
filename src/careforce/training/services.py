"""Writes of the training app: each keyword-only, in one transaction, validated, audited."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from careforce.core.audit import audit_log
from careforce.core.models import Area, AuditAction, Organisation, User
from careforce.core.roles import Role
from careforce.workforce.models import Worker

from .cpd import cpd_sync_session, sync_course
from .models import Attendance, Competency, Course, Participation, TrainingSession

# Who keeps courses and runs sessions.
MANAGE_ROLES = frozenset({Role.NATIONAL_ADMIN, Role.TRAINER})

COURSE_FIELDS = ["title", "kind", "description", "hours", "cpd_credits", "trains_trainers", "test_max", "active"]


def _require_manager(actor: User) -> None:
    if actor.role not in MANAGE_ROLES:
        raise PermissionDenied(_("Only the national administrator and trainers keep courses and sessions."))


def may_change_session(user: User, session: TrainingSession, trainer_user_ids: set[int] | None = None) -> bool:
    """The national administrator any session; a trainer those her organisation organised or she trains."""
    if user.role == Role.NATIONAL_ADMIN:
        return True
    if user.role != Role.TRAINER:
        return False
    if session.organiser_id == user.organisation_id:
        return True
    if trainer_user_ids is None:
        trainer_user_ids = set(session.trainers.values_list("user", flat=True))
    return user.pk in trainer_user_ids


def _require_session(actor: User, session: TrainingSession) -> None:
    if not may_change_session(actor, session):
        raise PermissionDenied(_("You may not change this session."))


# --- Courses -----------------------------------------------------------------------------------------


def course_save(
    *, actor: User, course: Course | None = None, competencies: Iterable[Competency] = (), **fields: Any
) -> Course:
    _require_manager(actor)
    unknown = set(fields) - set(COURSE_FIELDS)
    if unknown:
        raise TypeError(f"unknown course fields: {sorted(unknown)}")
    with transaction.atomic():
        creating = course is None
        course = course or Course()
        before = {k: getattr(course, k) for k in COURSE_FIELDS} if not creating else {}
        for key, value in fields.items():
            setattr(course, key, value)
        course.full_clean()
        if not creating:
            course.version += 1
        course.save()
        course.competencies.set(list(competencies))
        if not creating:
            sync_course(course=course)  # CPD records from its sessions keep the course's hours and credits
        after = {k: getattr(course, k) for k in COURSE_FIELDS}
        from careforce.core.audit import diff

        audit_log(
            actor=actor, action=AuditAction.CREATE if creating else AuditAction.UPDATE, obj=course,
            summary=course.title, changes=diff(before, after),
        )
    return course


# --- Sessions ----------------------------------------------------------------------------------------


def _check_cascade(session: TrainingSession | None, parent: TrainingSession | None) -> None:
    """A session cascades from a training-of-trainers session, never from itself or one of its own
    descendants (that would make the cascade a loop with no top)."""
    if parent is None:
        return
    if not parent.course.trains_trainers:
        raise ValidationError({"cascades_from": _("A session can only cascade from a training of trainers.")})
    if session is None or session.pk is None:
        return
    node: TrainingSession | None = parent
    seen: set[int] = set()
    while node is not None:
        if node.pk == session.pk:
            raise ValidationError(
                {"cascades_from": _("This would make the cascade loop back to this session itself.")}
            )
        if node.pk in seen:  # an older loop in the data: stop rather than spin
            break
        seen.add(node.pk)
        node = node.cascades_from


def _subtree_ids(session: TrainingSession) -> list[int]:
    ids, frontier = [session.pk], [session.pk]
    while frontier:
        frontier = list(
            TrainingSession.objects.filter(cascades_from__in=frontier).exclude(pk__in=ids).values_list("pk", flat=True)
        )
        ids.extend(frontier)
    return ids


def session_save(
    *,
    actor: User,
    session: TrainingSession | None = None,
    course: Course,
    starts_on: dt.date,
    ends_on: dt.date,
    organiser: Organisation,
    trainers: Iterable[Worker],
    venue: str = "",
    area: Area | None = None,
    cascades_from: TrainingSession | None = None,
) -> TrainingSession:
    """Create or change a session. Its trainers are workers; its dates run forward; its cascade has a top."""
    _require_manager(actor)
    if session is not None:
        _require_session(actor, session)
    errors: dict[str, str] = {}
    if starts_on and ends_on and ends_on < starts_on:
        errors["ends_on"] = _("The session cannot end before it starts.")
    trainers = list(trainers)
    if not trainers:
        errors["trainers"] = _("A session has at least one trainer.")
    if errors:
        raise ValidationError(errors)
    _check_cascade(session, cascades_from)
    with transaction.atomic():
        creating = session is None
        if creating:
            session = TrainingSession(created_by=actor)
            before: dict[str, Any] = {}
        else:
            session = TrainingSession.objects.select_for_update().get(pk=session.pk)
            before = {
                "course": session.course_id, "starts_on": session.starts_on, "ends_on": session.ends_on,
                "cascades_from": session.cascades_from_id, "venue": session.venue,
            }
        old_root = session.cascade_root_id
        session.course, session.starts_on, session.ends_on = course, starts_on, ends_on
        session.organiser, session.venue, session.cascades_from = organiser, venue, cascades_from
        session.area = area or organiser.area
        if not creating:
            session.version += 1
        session.save()
        session.trainers.set(trainers)
        root = (cascades_from.cascade_root_id or cascades_from.pk) if cascades_from else session.pk
        if creating or root != old_root:
            TrainingSession.objects.filter(pk__in=_subtree_ids(session)).update(cascade_root=root)
            session.cascade_root_id = root
        after = {
            "course": session.course_id, "starts_on": session.starts_on, "ends_on": session.ends_on,
            "cascades_from": session.cascades_from_id, "venue": session.venue,
        }
        from careforce.core.audit import diff

        audit_log(
            actor=actor, action=AuditAction.CREATE if creating else AuditAction.UPDATE, obj=session,
            summary=str(session), changes=diff(before, after),
        )
        if not creating:
            cpd_sync_session(actor=actor, session=session)  # new dates may change who completed it
    return session


def participants_add(*, actor: User, session: TrainingSession, worker_ids: Iterable[int]) -> list[Participation]:
    """Enrol workers by their registry number. Everyone must be an active worker; nobody is added otherwise."""
    _require_session(actor, session)
    ids = sorted(set(worker_ids))
    if not ids:
        raise ValidationError({"workers": _("Give at least one worker number.")})
    found = set(Worker.objects.filter(pk__in=ids, active=True).values_list("pk", flat=True))
    missing = [i for i in ids if i not in found]
    if missing:
        raise ValidationError(
            {"workers": _("Not an active worker of the registry: %(numbers)s.")
             % {"numbers": ", ".join(str(i) for i in missing)}}
        )
    with transaction.atomic():
        already = set(session.participations.values_list("worker", flat=True))
        new = [Participation(session=session, worker_id=i) for i in ids if i not in already]
        Participation.objects.bulk_create(new)
        audit_log(
            actor=actor, action=AuditAction.UPDATE, obj=session,
            summary=_("%(n)d participants added") % {"n": len(new)}, changes={"participants_added": ids},
        )
    return new


def scores_record(
    *, actor: User, session: TrainingSession, scores: dict[int, dict[str, Any]]
) -> None:
    """Pre/post scores and feedback by participation id. A score above the test's maximum, or of someone
    not in this session, refuses the whole lot."""
    _require_session(actor, session)
    maximum = Decimal(session.course.test_max)
    rows = {p.pk: p for p in session.participations.all()}
    errors: dict[str, list[str]] = {}
    for pid, values in scores.items():
        if pid not in rows:
            errors.setdefault("__all__", []).append(_("Participant %(id)s is not in this session.") % {"id": pid})
            continue
        for key in ("pre_score", "post_score"):
            value = values.get(key)
            if value is not None and not Decimal(0) <= Decimal(value) <= maximum:
                errors.setdefault(f"{key}_{pid}", []).append(
                    _("A score is between 0 and %(max)s, the test's highest.") % {"max": session.course.test_max}
                )
        rating = values.get("feedback_rating")
        if rating is not None and not 1 <= int(rating) <= 5:
            errors.setdefault(f"feedback_rating_{pid}", []).append(_("A rating is from 1 to 5."))
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        changed = []
        for pid, values in scores.items():
            p = rows[pid]
            for key in ("pre_score", "post_score", "feedback_rating", "feedback"):
                if key in values:
                    setattr(p, key, values[key] if values[key] is not None or key != "feedback" else "")
            changed.append(p)
        Participation.objects.bulk_update(changed, ["pre_score", "post_score", "feedback_rating", "feedback"])
        cpd_sync_session(actor=actor, session=session)  # a post-test score is part of completing
        audit_log(
            actor=actor, action=AuditAction.UPDATE, obj=session, summary=_("Scores recorded"),
            changes={"participations": sorted(scores)},
        )


def attendance_record(*, actor: User, session: TrainingSession, present: dict[int, set[dt.date]]) -> None:
    """Who was there on each day: present[participation id] = the days. Replaces what was recorded."""
    _require_session(actor, session)
    days = set(session.days)
    ids = set(session.participations.values_list("pk", flat=True))
    for pid, on in present.items():
        if pid not in ids:
            raise ValidationError(_("Participant %(id)s is not in this session.") % {"id": pid})
        if not set(on) <= days:
            raise ValidationError(_("A day is outside the session's dates."))
    with transaction.atomic():
        Attendance.objects.filter(participation__session=session).delete()
        Attendance.objects.bulk_create(
            [Attendance(participation_id=pid, day=d) for pid, on in present.items() for d in sorted(on)]
        )
        audit_log(
            actor=actor, action=AuditAction.UPDATE, obj=session, summary=_("Attendance recorded"),
            changes={"days": sum(len(v) for v in present.values())},
        )
        cpd_sync_session(actor=actor, session=session)
