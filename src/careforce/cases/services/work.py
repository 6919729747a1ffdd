"""Working the case: visits and other contacts, tasks."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from careforce.core.models import AuditAction, User
from careforce.core.roles import Role

from ..models import Case, Contact, ContactKind, EventKind, Task
from .common import audit, can_work, check_date, event, refresh, require_open, require_work


@transaction.atomic
def contact_record(
    *, actor: User, case: Case, kind: str, on: date, notes: str, child_seen: bool = True
) -> Contact:
    """A visit or contact. Community volunteers record follow-up visits on the cases they are attached to."""
    volunteer = actor.role == Role.VOLUNTEER and case.volunteers.filter(pk=actor.pk).exists()
    if not (volunteer or can_work(actor, case)):
        raise PermissionDenied(_("You may not record contacts on this case."))
    require_open(case)
    check_date(case, on)
    if not notes.strip():
        raise ValidationError({"notes": _("Write what you saw and agreed.")})
    contact = Contact.objects.create(
        case=case, kind=kind, on=on, notes=notes.strip(), child_seen=child_seen, by=actor
    )
    kind_event = EventKind.HOME_VISIT if kind == ContactKind.HOME_VISIT else EventKind.CONTACT
    event(case, kind_event, on, actor)
    audit(actor, case, f"{kind} recorded", action=AuditAction.CREATE)
    refresh(case)
    return contact


@transaction.atomic
def task_add(*, actor: User, case: Case, title: str, due_on: date, assigned_to: User | None = None) -> Task:
    require_work(actor, case)
    require_open(case)
    if due_on < case.opened_on:
        raise ValidationError({"due_on": _("The due date is before the case was opened.")})
    if not title.strip():
        raise ValidationError({"title": _("Say what is to be done.")})
    task = Task.objects.create(
        case=case,
        title=title.strip(),
        due_on=due_on,
        assigned_to=assigned_to or case.case_manager,
        created_by=actor,
    )
    audit(actor, case, "task added", action=AuditAction.CREATE)
    return task


@transaction.atomic
def task_done(*, actor: User, task: Task, done_on: date | None = None) -> Task:
    require_work(actor, task.case)
    done_on = done_on or timezone.localdate()
    # Work on the case lies between its opening and today, as for contacts (check_date).
    check_date(task.case, done_on, field="done_on")
    Task.objects.filter(pk=task.pk).update(done_on=done_on)
    task.refresh_from_db()
    audit(actor, task.case, "task done")
    return task
