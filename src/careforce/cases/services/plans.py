"""Case plans: goals and actions with who does what by when, the child's and the parents' views, and the
supervisor's approval (minimum standards: plan within 10 days of the comprehensive assessment)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from careforce.core.models import AuditAction, Organisation, User

from ..models import Action, Case, CaseStatus, EventKind, Goal, Plan, PlanStatus
from ..models.assessment import AssessmentKind
from ..models.plan import AGE_OF_VIEW
from .common import EditConflict, audit, event, refresh, require_approver, require_open, require_work

VIEW_FIELDS = ("child_view", "child_view_not_obtained", "parents_view", "safety_notes")
EDITABLE = (PlanStatus.DRAFT, PlanStatus.RETURNED)


def missing_parts(plan: Plan) -> list[str]:
    """What makes a plan incomplete. Participation: without the child's and the parents' views a plan is
    "a form without substance" (domain.md)."""
    missing = []
    if not plan.goals.exists():
        missing.append(_("at least one goal"))
    elif not Action.objects.filter(goal__plan=plan).exists():
        missing.append(_("at least one action"))
    age = plan.case.child.age or 0
    if not plan.child_view.strip():
        if age >= AGE_OF_VIEW or not plan.child_view_not_obtained.strip():
            missing.append(_("the child's view"))
    if not plan.parents_view.strip():
        missing.append(_("the parents' view"))
    return missing


def _editable(plan: Plan) -> None:
    if plan.status not in EDITABLE:
        raise ValidationError(_("Only a draft or a returned plan can be changed."))


@transaction.atomic
def plan_create(*, actor: User, case: Case) -> Plan:
    """A new plan; after a review it starts from the goals of the plan in force."""
    require_work(actor, case)
    require_open(case)
    if not case.assessments.filter(kind=AssessmentKind.COMPREHENSIVE, completed_on__isnull=False).exists():
        raise ValidationError(_("A plan follows the comprehensive assessment."))
    if case.plans.filter(status__in=[*EDITABLE, PlanStatus.SUBMITTED]).exists():
        raise ValidationError(_("A plan is already being prepared."))
    number = (case.plans.aggregate(n=Max("number"))["n"] or 0) + 1
    previous = case.plans.filter(status=PlanStatus.APPROVED).order_by("-number").first()
    plan = Plan.objects.create(case=case, number=number, created_by=actor)
    if previous is not None:
        for goal in previous.goals.prefetch_related("actions"):
            new_goal = Goal.objects.create(plan=plan, text=goal.text, order=goal.order)
            for action in goal.actions.all():
                if action.done_on is None:
                    Action.objects.create(
                        goal=new_goal,
                        text=action.text,
                        responsible_user=action.responsible_user,
                        responsible_organisation=action.responsible_organisation,
                        responsible_other=action.responsible_other,
                        due_on=action.due_on,
                    )
    audit(actor, case, f"plan {number} started", action=AuditAction.CREATE)
    return plan


@transaction.atomic
def plan_update(*, actor: User, plan: Plan, version: int, data: dict[str, Any]) -> Plan:
    require_work(actor, plan.case)
    current = Plan.objects.select_for_update().get(pk=plan.pk)
    _editable(current)
    if current.version != version:
        changed = {
            k: [v, getattr(current, k)]
            for k, v in data.items()
            if k in VIEW_FIELDS and getattr(current, k) != v
        }
        raise EditConflict(current, changed)
    for name, value in data.items():
        if name in VIEW_FIELDS:
            setattr(current, name, value)
    current.version = F("version") + 1
    current.save()
    current.refresh_from_db()
    audit(actor, plan.case, f"plan {current.number} edited")
    return current


@transaction.atomic
def goal_add(*, actor: User, plan: Plan, text: str) -> Goal:
    require_work(actor, plan.case)
    _editable(plan)
    if not text.strip():
        raise ValidationError({"text": _("Write the goal.")})
    order = (plan.goals.aggregate(n=Max("order"))["n"] or 0) + 1
    goal = Goal.objects.create(plan=plan, text=text.strip(), order=order)
    audit(actor, plan.case, f"plan {plan.number}: goal added")
    return goal


@transaction.atomic
def action_add(
    *,
    actor: User,
    goal: Goal,
    text: str,
    due_on: date,
    responsible_user: User | None = None,
    responsible_organisation: Organisation | None = None,
    responsible_other: str = "",
) -> Action:
    plan = goal.plan
    require_work(actor, plan.case)
    _editable(plan)
    if not (responsible_user or responsible_organisation or responsible_other.strip()):
        raise ValidationError({"responsible_other": _("Say who is responsible: a person or an institution.")})
    if due_on < plan.case.opened_on:
        raise ValidationError({"due_on": _("The deadline is before the case was opened.")})
    action = Action.objects.create(
        goal=goal,
        text=text.strip(),
        due_on=due_on,
        responsible_user=responsible_user,
        responsible_organisation=responsible_organisation,
        responsible_other=responsible_other.strip(),
    )
    audit(actor, plan.case, f"plan {plan.number}: action added")
    return action


@transaction.atomic
def action_done(*, actor: User, action: Action, done_on: date) -> Action:
    case = action.goal.plan.case
    require_work(actor, case)
    if done_on > timezone.localdate():
        raise ValidationError({"done_on": _("The date cannot be in the future.")})
    Action.objects.filter(pk=action.pk).update(done_on=done_on)
    action.refresh_from_db()
    audit(actor, case, "plan action done")
    return action


@transaction.atomic
def plan_submit(*, actor: User, plan: Plan) -> Plan:
    require_work(actor, plan.case)
    require_open(plan.case)
    _editable(plan)
    missing = missing_parts(plan)
    if missing:
        raise ValidationError(_("The plan is incomplete: add %(items)s.") % {"items": ", ".join(missing)})
    today = timezone.localdate()
    Plan.objects.filter(pk=plan.pk).update(
        status=PlanStatus.SUBMITTED, submitted_on=today, version=F("version") + 1
    )
    plan.refresh_from_db()
    event(plan.case, EventKind.PLAN_SUBMITTED, today, actor)
    audit(actor, plan.case, f"plan {plan.number} submitted")
    return plan


@transaction.atomic
def plan_approve(*, actor: User, plan: Plan, comment: str = "") -> Plan:
    case = plan.case
    require_approver(actor, case)
    if plan.status != PlanStatus.SUBMITTED:
        raise ValidationError(_("Only a submitted plan can be approved."))
    today = timezone.localdate()
    case.plans.filter(status=PlanStatus.APPROVED).update(status=PlanStatus.SUPERSEDED)
    Plan.objects.filter(pk=plan.pk).update(
        status=PlanStatus.APPROVED,
        decided_on=today,
        decided_by=actor,
        supervisor_comment=comment,
        version=F("version") + 1,
    )
    plan.refresh_from_db()
    if case.status in (CaseStatus.PLANNING, CaseStatus.ASSESSMENT, CaseStatus.SCREENING):
        Case.objects.filter(pk=case.pk).update(status=CaseStatus.IMPLEMENTATION)
        case.refresh_from_db()
    event(case, EventKind.PLAN_APPROVED, today, actor)
    audit(actor, case, f"plan {plan.number} approved")
    refresh(case)
    return plan


@transaction.atomic
def plan_return(*, actor: User, plan: Plan, comment: str) -> Plan:
    require_approver(actor, plan.case)
    if plan.status != PlanStatus.SUBMITTED:
        raise ValidationError(_("Only a submitted plan can be returned."))
    if not comment.strip():
        raise ValidationError({"comment": _("Tell the case manager what to change.")})
    today = timezone.localdate()
    Plan.objects.filter(pk=plan.pk).update(
        status=PlanStatus.RETURNED,
        decided_on=today,
        decided_by=actor,
        supervisor_comment=comment,
        version=F("version") + 1,
    )
    plan.refresh_from_db()
    event(plan.case, EventKind.PLAN_RETURNED, today, actor, comment)
    audit(actor, plan.case, f"plan {plan.number} returned")
    return plan
