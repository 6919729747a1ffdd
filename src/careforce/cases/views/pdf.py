from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from careforce.core import access
from careforce.core.audit import audit_log, client_ip
from careforce.core.models import AuditAction
from careforce.core.pdf import render_pdf
from careforce.people.models import Relationship

from ..models import Plan, PlanStatus
from .common import visible_case


def _require(request) -> None:
    # A case document holds sensitive parts: only roles with need-to-know print it.
    if not access.sees_sensitive(request.user):
        raise PermissionDenied


def case_summary_pdf(request, pk: int):
    case = visible_case(request, pk)
    _require(request)
    audit_log(
        actor=request.user,
        action=AuditAction.EXPORT,
        obj=case,
        summary="case summary PDF",
        ip=client_ip(request),
    )
    plan = (
        case.plans.filter(status__in=[PlanStatus.APPROVED, PlanStatus.SUBMITTED, PlanStatus.DRAFT])
        .prefetch_related("goals__actions__responsible_organisation", "goals__actions__responsible_user")
        .order_by("-number")
        .first()
    )
    context = {
        "case": case,
        "relatives": Relationship.objects.filter(child=case.child).select_related("relative"),
        "concerns": case.concerns.all(),
        "deadlines": case.deadlines.select_related("step").order_by("step__order", "occurrence"),
        "assessments": case.assessments.order_by("started_on"),
        "plan": plan,
        "contacts": case.contacts.select_related("by").order_by("on")[:200],
    }
    return render_pdf(request, "cases/pdf/summary.html", context, filename=f"case-{case.number}")


def plan_pdf(request, pk: int, plan_pk: int):
    case = visible_case(request, pk)
    _require(request)
    plan = get_object_or_404(Plan.objects.filter(case=case).select_related("decided_by"), pk=plan_pk)
    audit_log(
        actor=request.user,
        action=AuditAction.EXPORT,
        obj=case,
        summary=f"plan {plan.number} PDF",
        ip=client_ip(request),
    )
    goals = plan.goals.prefetch_related("actions__responsible_organisation", "actions__responsible_user")
    return render_pdf(
        request,
        "cases/pdf/plan.html",
        {"case": case, "plan": plan, "goals": goals},
        filename=f"plan-{case.number}-{plan.number}",
    )
