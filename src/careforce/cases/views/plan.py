from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from careforce.core import access
from careforce.core.audit import audit_view
from careforce.core.forms import posted_version
from careforce.core.models import Organisation

from .. import services
from ..forms import ActionForm, CommentForm, DoneForm, GoalForm, PlanViewsForm
from ..models import Action, Goal, Plan
from ..services.plans import EDITABLE, VIEW_FIELDS, missing_parts
from .common import visible_case


def _organisations(case):
    # Institutions around the child: those of the child's district first (schools, health centres, police).
    district = case.area.parent if case.area.parent_id else case.area
    return Organisation.objects.filter(active=True, area__path__startswith=district.path).order_by("name")


@require_POST
def plan_new(request, pk: int):
    case = visible_case(request, pk)
    try:
        plan = services.plan_create(actor=request.user, case=case)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("cases:case-detail", pk=case.pk)
    return redirect("cases:plan", pk=case.pk, plan_pk=plan.pk)


def plan_detail(request, pk: int, plan_pk: int):
    case = visible_case(request, pk)
    plan = get_object_or_404(
        Plan.objects.filter(case=case).select_related("decided_by", "created_by"), pk=plan_pk
    )
    audit_view(request, case, summary=f"plan {plan.number}")
    user = request.user
    editable = plan.status in EDITABLE and services.can_work(user, case)
    sees = access.sees_sensitive(user)
    form = PlanViewsForm(request.POST or None, initial={f: getattr(plan, f) for f in VIEW_FIELDS})
    if not sees:
        del form.fields["safety_notes"]
    conflict, status, version = None, 200, plan.version
    if request.method == "POST":
        if not editable:
            messages.error(request, _("This plan can no longer be changed."))
            return redirect("cases:plan", pk=case.pk, plan_pk=plan.pk)
        version = posted_version(request)
        if form.is_valid():
            try:
                services.plan_update(actor=user, plan=plan, version=version, data=form.cleaned_data)
            except services.EditConflict as exc:
                conflict, status, version = exc, 409, exc.current.version
            else:
                messages.success(request, _("The plan is saved."))
                return redirect("cases:plan", pk=case.pk, plan_pk=plan.pk)
        else:
            status = 400
    goals = plan.goals.prefetch_related("actions__responsible_organisation", "actions__responsible_user")
    labels = {name: f.label for name, f in form.fields.items()}
    return render(
        request,
        "cases/plan.html",
        {
            "case": case,
            "plan": plan,
            "form": form,
            "goals": goals,
            "editable": editable,
            "version": version,
            "conflict": conflict,
            "missing": missing_parts(plan),
            "sees_sensitive": sees,
            "changed": [(labels.get(k, k), v[0], v[1]) for k, v in conflict.changed.items()]
            if conflict
            else None,
            "goal_form": GoalForm(),
            "action_form": ActionForm(organisations=_organisations(case)),
            "done_form": DoneForm(),
            "comment_form": CommentForm(),
            "can_approve": services.can_approve(user, case),
            "can_work": services.can_work(user, case),
        },
        status=status,
    )


def _plan(request, pk, plan_pk):
    case = visible_case(request, pk)
    return case, get_object_or_404(Plan.objects.filter(case=case), pk=plan_pk)


def _back(case, plan):
    return redirect("cases:plan", pk=case.pk, plan_pk=plan.pk)


@require_POST
def goal_add(request, pk: int, plan_pk: int):
    case, plan = _plan(request, pk, plan_pk)
    form = GoalForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Write the goal."))
        services.goal_add(actor=request.user, plan=plan, text=form.cleaned_data["text"])
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return _back(case, plan)


@require_POST
def action_add(request, pk: int, plan_pk: int, goal_pk: int):
    case, plan = _plan(request, pk, plan_pk)
    goal = get_object_or_404(Goal.objects.filter(plan=plan), pk=goal_pk)
    form = ActionForm(request.POST, organisations=_organisations(case))
    try:
        if not form.is_valid():
            errors = "; ".join(
                f"{form.fields[f].label}: {' '.join(e)}" for f, e in form.errors.items() if f in form.fields
            )
            raise ValidationError(errors or _("Check the action."))
        services.action_add(actor=request.user, goal=goal, **form.cleaned_data)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return _back(case, plan)


@require_POST
def action_done(request, pk: int, plan_pk: int, action_pk: int):
    case, plan = _plan(request, pk, plan_pk)
    action = get_object_or_404(Action.objects.filter(goal__plan=plan), pk=action_pk)
    form = DoneForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Give a valid date."))
        services.action_done(actor=request.user, action=action, **form.cleaned_data)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return _back(case, plan)


@require_POST
def plan_submit(request, pk: int, plan_pk: int):
    case, plan = _plan(request, pk, plan_pk)
    try:
        services.plan_submit(actor=request.user, plan=plan)
        messages.success(request, _("The plan is sent to the supervisor for approval."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return _back(case, plan)


@require_POST
def plan_decision(request, pk: int, plan_pk: int):
    case, plan = _plan(request, pk, plan_pk)
    form = CommentForm(request.POST)
    form.is_valid()
    comment = form.cleaned_data.get("comment", "")
    try:
        if request.POST.get("decision") == "approve":
            services.plan_approve(actor=request.user, plan=plan, comment=comment)
            messages.success(request, _("The plan is approved."))
        else:
            services.plan_return(actor=request.user, plan=plan, comment=comment)
            messages.success(request, _("The plan is returned to the case manager."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return _back(case, plan)
