"""The case page and the case-level actions: open, concern, risk, transfer, closure, reopen."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from careforce.core import access
from careforce.core.audit import audit_view
from careforce.core.charts import line_chart
from careforce.core.roles import CASE_HOLDING_ROLES, Role
from careforce.people.models import Person

from .. import clock, services
from ..forms import (
    CaseOpenForm,
    ClosureForm,
    CommentForm,
    ConcernForm,
    ContactForm,
    ReasonForm,
    RiskForm,
    TaskForm,
    TransferForm,
    workers_for,
)
from ..models import AssessmentKind, Concern, DomainKind, PlanStatus
from ..models.assessment import Answer
from ..sections import render_sections
from ..services.cases import OPENING_ROLES
from .common import add_errors, require_case_role, visible_case


def _deadline_rows(case):
    today = timezone.localdate()
    rows = []
    for d in case.deadlines.select_related("step").order_by("step__order", "occurrence"):
        status = clock.Deadline(d.step, d.occurrence, d.due_on, d.done_on).status(today)
        rows.append(
            {
                "step": d.step,
                "occurrence": d.occurrence,
                "due_on": d.due_on,
                "done_on": d.done_on,
                "status": status,
                "days_late": (d.done_on or today) - d.due_on,
            }
        )
    # Show a repeating step's history compactly: the pending one and the last three done.
    return rows


def protective_progress(case) -> tuple[list[dict], object | None]:
    """Protective-factor scores at each completed assessment: progress shows at every review."""
    answers = (
        Answer.objects.filter(
            assessment__case=case,
            assessment__completed_on__isnull=False,
            question__domain__kind=DomainKind.PROTECTIVE,
            score__isnull=False,
        )
        .select_related("question", "assessment")
        .order_by("assessment__completed_on", "question__order")
    )
    by_assessment: dict[int, dict] = {}
    for a in answers:
        row = by_assessment.setdefault(
            a.assessment_id,
            {"on": a.assessment.completed_on, "kind": a.assessment.get_kind_display(), "scores": {}},
        )
        row["scores"][a.question.label] = a.score
    rows = list(by_assessment.values())
    for row in rows:
        values = list(row["scores"].values())
        row["average"] = sum(values) / len(values) if values else None
    chart = None
    if len(rows) >= 2:
        chart = line_chart(
            [(r["on"].strftime("%d.%m.%y"), r["average"]) for r in rows],
            title=_("Average protective-factor score at each assessment"),
            height=180,
        )
    return rows, chart


def case_detail(request, pk: int):
    case = visible_case(request, pk)
    user = request.user
    audit_view(request, case)
    sees = access.sees_sensitive(user)
    contacts = list(case.contacts.select_related("by").order_by("-on", "-pk")[:30])
    for c in contacts:
        # A volunteer reads her own visit notes, not the case workers' notes.
        c.notes_visible = user.role != Role.VOLUNTEER or c.by_id == user.pk
    concerns = list(case.concerns.select_related("recorded_by"))
    for c in concerns:
        c.text_visible = access.may_see_field(user, Concern, "description") or c.recorded_by_id == user.pk
    progress, progress_chart = protective_progress(case) if sees else ([], None)
    ctx = {
        "case": case,
        "sees_sensitive": sees,
        "deadlines": _deadline_rows(case),
        "concerns": concerns,
        "assessments": case.assessments.select_related("by").order_by("started_on", "pk") if sees else [],
        "plans": case.plans.order_by("-number"),
        "contacts": contacts,
        "tasks": case.tasks.select_related("assigned_to").order_by("done_on", "due_on")[:30],
        "events": case.events.select_related("actor").order_by("-on", "-at")[:40],
        "transfers": case.transfers.select_related("from_user", "to_user", "by"),
        "can_work": services.can_work_on_page(request, case),
        "can_approve": services.can_approve(user, case),
        "is_attached_volunteer": user.role == Role.VOLUNTEER,
        "progress": progress,
        "progress_chart": progress_chart,
        "risk_form": RiskForm(initial={"risk_level": case.risk_level}),
        "task_form": TaskForm(),
        "comment_form": CommentForm(),
        "reason_form": ReasonForm(),
        "start_kinds": _startable_kinds(case) if sees else [],
        "can_new_plan": case.is_open
        and case.assessments.filter(kind=AssessmentKind.COMPREHENSIVE, completed_on__isnull=False).exists()
        and not case.plans.filter(status__in=["draft", "returned", "submitted"]).exists(),
        "today": timezone.localdate(),
        # Sections added by apps above cases (referrals, placements…): cases/sections.py.
        "sections": render_sections(request, case),
    }
    return render(request, "cases/case_detail.html", ctx)


def _startable_kinds(case) -> list[tuple[str, str]]:
    if not case.is_open:
        return []
    done = set(case.assessments.filter(completed_on__isnull=False).values_list("kind", flat=True))
    running = set(case.assessments.filter(completed_on__isnull=True).values_list("kind", flat=True))
    kinds = []
    if AssessmentKind.INITIAL not in done | running:
        kinds.append(AssessmentKind.INITIAL)
    if AssessmentKind.INITIAL in done and AssessmentKind.COMPREHENSIVE not in running:
        kinds.append(AssessmentKind.COMPREHENSIVE)
    if case.plans.filter(status=PlanStatus.APPROVED).exists() and AssessmentKind.REVIEW not in running:
        kinds.append(AssessmentKind.REVIEW)
    labels = dict(AssessmentKind.choices)
    return [(k, labels[k]) for k in kinds]


def case_open(request):
    require_case_role(request.user)
    user = request.user
    if user.role not in OPENING_ROLES:
        raise PermissionDenied
    child_id = request.GET.get("child", "")
    child = get_object_or_404(
        Person.objects.visible_to(user),
        pk=int(child_id) if child_id.isdigit() else 0,
        merged_into__isnull=True,
    )
    workers = None if user.role in CASE_HOLDING_ROLES or user.role == Role.VOLUNTEER else workers_for(user)
    form = CaseOpenForm(request.POST or None, workers=workers)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                case = services.case_open(
                    actor=user,
                    child=child,
                    risk_level=data["risk_level"],
                    case_type=data["case_type"],
                    reported_on=data["reported_on"],
                    reporter_kind=data["reporter_kind"],
                    reporter_name=data["reporter_name"],
                    reporter_contact=data["reporter_contact"],
                    description=data["description"],
                    case_manager=data.get("case_manager"),
                )
            except ValidationError as exc:
                add_errors(form, exc)
                status = 400
            else:
                messages.success(request, _("Case %(number)s is open.") % {"number": case.number})
                return redirect("cases:case-detail", pk=case.pk)
        else:
            status = 400
    return render(request, "cases/case_open.html", {"form": form, "child": child}, status=status)


def _simple_action(
    request, pk, form_class, template, run, success, *, form_kwargs=None, title="", allowed=None
):
    """GET shows the form on its own page; POST runs the service; errors re-render and change nothing.

    `allowed(user, case)` says who may use the action at all: the others get 403, not a form they cannot send.
    """
    case = visible_case(request, pk)
    if allowed is not None and not allowed(request.user, case):
        raise PermissionDenied
    if not case.is_open:
        messages.error(request, _("The case is closed. Reopen it first."))
        return redirect("cases:case-detail", pk=case.pk)
    form = form_class(request.POST or None, **(form_kwargs or {}))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                run(case, form.cleaned_data)
            except ValidationError as exc:
                add_errors(form, exc)
                status = 400
            else:
                messages.success(request, success)
                return redirect("cases:case-detail", pk=case.pk)
        else:
            status = 400
    return render(request, template, {"form": form, "case": case, "title": title}, status=status)


def concern_add(request, pk: int):
    return _simple_action(
        request,
        pk,
        ConcernForm,
        "cases/case_action.html",
        lambda case, d: services.concern_add(actor=request.user, case=case, **d),
        _("The concern is recorded."),
        title=_("Record a new concern"),
    )


def risk_change(request, pk: int):
    return _simple_action(
        request,
        pk,
        RiskForm,
        "cases/case_action.html",
        lambda case, d: services.case_change_risk(actor=request.user, case=case, **d),
        _("The risk level changed; the deadlines follow it."),
        title=_("Change the risk level"),
        allowed=services.can_work,
    )


def transfer(request, pk: int):
    return _simple_action(
        request,
        pk,
        TransferForm,
        "cases/case_action.html",
        lambda case, d: services.case_transfer(actor=request.user, case=case, **d),
        _("The case is transferred."),
        form_kwargs={"workers": workers_for(request.user)},
        title=_("Transfer the case"),
        allowed=_can_transfer,
    )


def closure_request(request, pk: int):
    return _simple_action(
        request,
        pk,
        ClosureForm,
        "cases/case_action.html",
        lambda case, d: services.case_request_closure(actor=request.user, case=case, **d),
        _("Closure is requested; the supervisor will decide."),
        title=_("Request closure"),
        allowed=services.can_work,
    )


def contact_add(request, pk: int):
    return _simple_action(
        request,
        pk,
        ContactForm,
        "cases/case_action.html",
        lambda case, d: services.contact_record(actor=request.user, case=case, **d),
        _("The contact is recorded."),
        title=_("Record a visit or contact"),
        allowed=_can_record_contact,
    )


def _can_transfer(user, case) -> bool:
    return user.role in (Role.NATIONAL_ADMIN, Role.REGIONAL_MANAGER, Role.SUPERVISOR) and services.can_work(
        user, case
    )


def _can_record_contact(user, case) -> bool:
    return services.can_work(user, case) or case.volunteers.filter(pk=user.pk).exists()


@require_POST
def closure_decision(request, pk: int):
    case = visible_case(request, pk)
    form = CommentForm(request.POST)
    form.is_valid()
    try:
        if request.POST.get("decision") == "approve":
            services.case_approve_closure(actor=request.user, case=case)
            messages.success(request, _("The case is closed."))
        else:
            services.case_return_closure(
                actor=request.user, case=case, comment=form.cleaned_data.get("comment", "")
            )
            messages.success(request, _("The closure request was returned to the case manager."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("cases:case-detail", pk=case.pk)


@require_POST
def reopen(request, pk: int):
    case = visible_case(request, pk)
    form = ReasonForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Say why the case is reopened."))
        services.case_reopen(actor=request.user, case=case, reason=form.cleaned_data["reason"])
        messages.success(request, _("The case is reopened; its clocks start again today."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("cases:case-detail", pk=case.pk)


@require_POST
def task_add(request, pk: int):
    case = visible_case(request, pk)
    form = TaskForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Give the task a title and a due date."))
        services.task_add(actor=request.user, case=case, **form.cleaned_data)
        messages.success(request, _("The task is added."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("cases:case-detail", pk=case.pk)


@require_POST
def task_done(request, pk: int, task_pk: int):
    case = visible_case(request, pk)
    task = get_object_or_404(case.tasks, pk=task_pk)
    try:
        services.task_done(actor=request.user, task=task)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("cases:case-detail", pk=case.pk)
