"""A worker's development record: her CPD against her cadre's requirement, and her competencies.

Who reaches it: the worker herself, and those who support the workforce and see her in the registry
(national administrator, regional manager, supervisor: `cpd.MANAGE_ROLES`). Her colleagues, trainers and
analysts do not: a worker out of scope answers 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from careforce.core.audit import audit_view
from careforce.core.forms import add_service_errors
from careforce.core.pagination import paginate
from careforce.workforce.models import Worker

from .. import cpd, needs
from ..forms import AssessmentForm, CpdRecordForm
from ..models import Competency, CompetencyAssessment, ProficiencyLevel


def _worker_for(request, pk: int) -> Worker:
    """The worker, when the user may read her development record; otherwise 404."""
    return get_object_or_404(
        cpd.development_workers(request.user).select_related("organisation", "area", "user"), pk=pk
    )


def _page(request, worker: Worker, *, form: CpdRecordForm | None = None, status: int = 200):
    user = request.user
    today = timezone.localdate()
    records = cpd.records(user).filter(worker=worker).select_related("participation__session")
    latest = list(
        CompetencyAssessment.objects.visible_to(user).filter(worker=worker)
        .select_related("assessor").order_by("-assessed_on", "-pk")[:10]
    )
    ctx = {
        "worker": worker,
        "own": worker.user_id == user.pk,
        "today": today,
        "progress": cpd.worker_progress(worker, today),
        "page": paginate(request, records),
        "form": form or CpdRecordForm(initial={"done_on": today}),
        "may_record": cpd.may_record_for(user, worker),
        "profile": needs.worker_profile(worker),
        "assessments": latest,
        "assessment_kind": needs.assessment_kind_for(user, worker),
    }
    return render(request, "training/development.html", ctx, status=status)


def worker_development(request, pk: int):
    worker = _worker_for(request, pk)
    audit_view(request, worker, summary=_("Development record"))
    return _page(request, worker)


def my_development(request):
    worker = Worker.objects.filter(user=request.user.pk).first()
    if worker is None:
        return render(request, "training/development_none.html")
    return redirect("training:worker-development", pk=worker.pk)


def cpd_add(request, pk: int):
    worker = _worker_for(request, pk)
    if request.method != "POST":
        return redirect("training:worker-development", pk=pk)
    if not cpd.may_record_for(request.user, worker):
        raise PermissionDenied
    form = CpdRecordForm(request.POST)
    if form.is_valid():
        try:
            cpd.cpd_record_add(actor=request.user, worker=worker, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The CPD activity is recorded."))
            return redirect("training:worker-development", pk=pk)
    return _page(request, worker, form=form, status=400)


def cpd_delete(request, pk: int):
    record = get_object_or_404(cpd.records(request.user).select_related("worker"), pk=pk)
    if request.method != "POST":
        return redirect("training:worker-development", pk=record.worker_id)
    try:
        cpd.cpd_record_delete(actor=request.user, record=record)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The CPD activity is removed."))
    return redirect("training:worker-development", pk=record.worker_id)


def assess(request, pk: int):
    worker = _worker_for(request, pk)
    user = request.user
    kind = needs.assessment_kind_for(user, worker)
    if kind is None:
        raise PermissionDenied
    required = {cid: lv for (cid, c), lv in needs.required_levels().items() if c == worker.cadre}
    comps = list(Competency.objects.filter(parent__isnull=False).select_related("parent").order_by(
        "parent__order", "order", "pk"
    ))
    # Her cadre's competencies first; the others can be rated too.
    comps.sort(key=lambda c: c.pk not in required)
    form = AssessmentForm(
        request.POST or None, competencies=comps, levels=list(ProficiencyLevel.objects.all()), required=required,
        initial={"assessed_on": timezone.localdate()},
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                needs.assessment_record(
                    actor=user, worker=worker, ratings=form.ratings(),
                    assessed_on=form.cleaned_data["assessed_on"], note=form.cleaned_data["note"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
                status = 400
            else:
                messages.success(request, _("The assessment is recorded."))
                return redirect("training:worker-development", pk=pk)
        else:
            status = 400
    ctx = {"worker": worker, "form": form, "kind": kind, "own": worker.user_id == user.pk}
    return render(request, "training/assess.html", ctx, status=status)
