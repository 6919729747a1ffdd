"""Pages: a child's care settings, residential institutions, reintegrations and outcomes. Thin views."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from careforce.core import access
from careforce.core.audit import audit_view
from careforce.core.charts import Bar, bar_chart
from careforce.core.forms import add_service_errors
from careforce.core.models import Area, AreaLevel
from careforce.core.pagination import paginate, query_without_page
from careforce.people.models import Person

from . import selectors, services
from .forms import (
    CareSettingForm,
    DateNoteForm,
    InstitutionSearchForm,
    MoveForm,
    PeriodForm,
    ReintegrationFilterForm,
    VisitForm,
)
from .models import MonitoringStep, Reintegration, ReintegrationStatus


def _child(request, pk: int) -> Person:
    return get_object_or_404(Person.objects.visible_to(request.user), pk=pk, merged_into__isnull=True)


def _require_writer(request) -> None:
    if not services.may_write(request.user):
        raise PermissionDenied


def _institution_search(request, child: Person) -> tuple[InstitutionSearchForm, QuerySet, str]:
    """What the institution <select> offers: the child's region until the user searches another area or a
    name ("the whole country" is an empty area). Two queries, whatever the number of institutions."""
    areas = list(Area.objects.filter(level__in=(AreaLevel.REGION, AreaLevel.DISTRICT)).order_by("path"))
    child_area = child.area  # her locality
    region = next((a for a in areas if a.level == AreaLevel.REGION and child_area.path.startswith(a.path)), None)
    params = request.GET.dict()
    params.setdefault("area", str(region.pk) if region else "")
    search = InstitutionSearchForm(params, areas=areas)
    search.is_valid()
    data = search.cleaned_data  # the valid filters: a bad one is reported on the form and left out
    area = next((a for a in areas if a.pk == data["area"]), None) if "area" in data else region
    q = data.get("q", "")
    where = area.display_name if area is not None else _("the whole country")
    offered_in = _("%(area)s, name containing “%(q)s”") % {"area": where, "q": q} if q else where
    return search, selectors.institutions_offered(area=area, q=q), offered_in


def care_setting_change(request, pk: int):
    _require_writer(request)
    child = _child(request, pk)
    search, institutions, offered_in = _institution_search(request, child)
    form = CareSettingForm(request.POST or None, institutions=institutions, offered_in=offered_in)
    status = 200
    if request.method == "POST" and form.is_valid():
        cases = child.cases.filter(status__in=["screening", "assessment", "planning", "implementation"])
        try:
            services.care_setting_change(actor=request.user, child=child, case=cases.first(), **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
            status = 400
        else:
            messages.success(request, _("The change of care setting is recorded."))
            return redirect("people:person-detail", pk=child.pk)
    elif request.method == "POST":
        status = 400
    history = list(selectors.settings_of(request.user, child)[:50])
    return render(request, "placements/care_setting_change.html", {
        "form": form, "child": child, "history": history, "search": search,
        # The form posts back with the search it was shown with, so that the choice is checked against it.
        "search_query": request.GET.urlencode(),
    }, status=status)


def _period_form(request, *, with_area: bool):
    root = access.aggregate_root(request.user)
    if root is None:
        raise PermissionDenied
    areas = None
    if with_area:
        areas = Area.objects.filter(path__startswith=root.path, level__lte=AreaLevel.DISTRICT).order_by("path")
    return PeriodForm(request.GET, areas=areas)


def institution_list(request):
    form = _period_form(request, with_area=False)
    start, end = form.period()
    today = timezone.localdate()
    page = paginate(request, selectors.institutions(request.user, start=start, end=end, today=today))
    rows = list(page)
    for org in rows:
        org.occupancy = selectors.occupancy_percent(org.places, org.placed)
    chart = None
    bars = [Bar(org.name, org.occupancy, highlight=org.occupancy > 100) for org in rows if org.occupancy is not None]
    if bars:
        chart = bar_chart(bars, title=_("Occupancy of the institutions on this page"), unit="%",
                          decimals=0, reference=100, reference_label=_("capacity"))
    return render(request, "placements/institution_list.html", {
        "form": form, "page": page, "rows": rows, "chart": chart, "start": start, "end": end,
        "query": query_without_page(request),
    })


def outcomes(request):
    form = _period_form(request, with_area=True)
    start, end = form.period()
    area = form.cleaned_or_empty().get("area")
    figures = selectors.reintegration_outcomes(request.user, start=start, end=end, area=area)
    prevented = selectors.separation_prevented(request.user, start=start, end=end, area=area)
    chart = bar_chart(
        [
            Bar(_("Reintegrations sustained"), figures[ReintegrationStatus.SUSTAINED]),
            Bar(_("Reintegrations broken down"), figures[ReintegrationStatus.BROKEN_DOWN], highlight=True),
            Bar(_("Reintegrations still monitored"), figures[ReintegrationStatus.MOVED]),
            Bar(_("Separations prevented"), prevented),
        ],
        title=_("Outcomes in the period"), decimals=0,
    )
    return render(request, "placements/outcomes.html", {
        "form": form, "start": start, "end": end, "figures": figures, "prevented": prevented, "chart": chart,
    })


def reintegration_list(request):
    if request.user.role not in selectors.REINTEGRATION_ROLES:
        raise PermissionDenied
    form = ReintegrationFilterForm(request.GET)
    qs = selectors.reintegrations(request.user)
    status = form.cleaned_or_empty().get("status")
    if status:
        qs = qs.filter(qs.status_q(status, timezone.localdate()))
    page = paginate(request, qs.order_by("-created_at", "-pk"))
    return render(request, "placements/reintegration_list.html",
                  {"form": form, "page": page, "query": query_without_page(request)})


def _reintegration(request, pk: int) -> Reintegration:
    return get_object_or_404(
        selectors.reintegrations(request.user).select_related("family_setting", "case", "recorded_by"), pk=pk
    )


def reintegration_detail(request, pk: int):
    reintegration = _reintegration(request, pk)
    audit_view(request, reintegration)
    today = timezone.localdate()
    visits = list(reintegration.visits.select_related("step", "recorded_by"))
    steps = list(MonitoringStep.objects.all())
    return render(request, "placements/reintegration_detail.html", {
        "r": reintegration,
        "schedule": services.schedule(reintegration, visits, steps, today),
        "visits": visits,
        "can_write": services.may_write(request.user),
        "sees_sensitive": access.sees_sensitive(request.user),
    })


def reintegration_start(request, pk: int):
    _require_writer(request)
    child = _child(request, pk)
    if request.method != "POST":
        return redirect("placements:care-setting-change", pk=child.pk)
    case = child.cases.filter(case_type="reintegration").exclude(status="closed").first()
    try:
        r = services.reintegration_start(actor=request.user, child=child, case=case)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("people:person-detail", pk=child.pk)
    messages.success(request, _("The reintegration is started: record the readiness assessment."))
    return redirect("placements:reintegration-detail", pk=r.pk)


STEPS = {
    "readiness": (DateNoteForm, services.reintegration_record_readiness, _("Readiness assessment")),
    "preparation": (DateNoteForm, services.reintegration_record_preparation, _("Preparation of the family")),
    "move": (MoveForm, services.reintegration_record_move, _("The move to the family")),
    "visit": (VisitForm, services.visit_record, _("Monitoring visit")),
}


def reintegration_step(request, pk: int, step: str):
    form_class, service, title = STEPS[step]
    if step == "visit":
        if not (services.may_write(request.user) or request.user.role == "volunteer"):
            raise PermissionDenied
    else:
        _require_writer(request)
    reintegration = _reintegration(request, pk)
    form = form_class(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            service(actor=request.user, reintegration=reintegration, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
            status = 400
        else:
            messages.success(request, _("Saved."))
            return redirect("placements:reintegration-detail", pk=reintegration.pk)
    elif request.method == "POST":
        status = 400
    return render(request, "placements/reintegration_step.html",
                  {"form": form, "r": reintegration, "title": title}, status=status)
