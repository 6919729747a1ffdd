"""Staffing studies by WHO's WISN method: the list, the result with its what-if, and the study's inputs."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from careforce.cases.workload import Activity
from careforce.core.charts import Bar, bar_chart
from careforce.core.forms import add_service_errors, posted_version
from careforce.core.pagination import paginate
from careforce.core.roles import Role
from careforce.workforce.models import Cadre
from careforce.workforce.wisn import WisnError

from .. import staffing
from ..forms import StudyForms, WhatIfForm
from ..staffing import StudyIn

# The labels of the fields an edit conflict may list, beyond the study form's own.
LIST_LABELS = {
    "activities": gettext_lazy("Activity standards"),
    "category_allowances": gettext_lazy("Category allowances"),
    "individual_allowances": gettext_lazy("Individual allowances"),
}


def _require_view(request) -> None:
    if not staffing.may_view(request.user):
        raise PermissionDenied


def _require_edit(request) -> None:
    if not staffing.may_edit(request.user):
        raise PermissionDenied  # analysts read studies, they do not change them


def _with_rows(qs):
    return qs.select_related("area", "created_by").prefetch_related(
        "activities", "category_allowances", "individual_allowances"
    )


def study_list(request):
    _require_view(request)
    qs = staffing.studies(request.user).select_related("area").order_by("-year", "name", "pk")
    return render(
        request,
        "evidence/staffing/list.html",
        {"page": paginate(request, qs), "may_edit": staffing.may_edit(request.user)},
    )


def _chart(result):
    bars = [
        Bar(row.area.display_name, round(row.result.wisn_ratio, 2), highlight=row.shortage)
        for row in result.rows
        if row.result.wisn_ratio is not None
    ]
    if not bars:
        return None
    return bar_chart(
        bars, title=_("WISN ratio by area"), decimals=2, reference=1.0, reference_label=_("balanced")
    )


def _table(result, whatif):
    """What the templates cannot look up by key: the volume columns in activity order, row by row."""
    standard_workload = {}
    if result.rows:
        standard_workload = {a.name: a.standard_workload for a in result.rows[0].result.activities}
    keys = [a.activity for a in result.activities]
    for key, form_field in whatif.fields.items():
        recorded = result.totals.recorded.get(key, 0)
        form_field.help_text = ngettext(
            "%(count)s recorded", "%(count)s recorded", recorded
        ) % {"count": number_format(recorded, force_grouping=True)}
    return {
        "columns": [
            {
                "activity": a,
                "entered": result.entered.get(a.activity),
                "standard_workload": standard_workload.get(a.activity),
            }
            for a in result.activities
        ],
        "rows": [(row, [row.volumes.get(k, 0) for k in keys]) for row in result.rows],
        "recorded_totals": [result.totals.recorded.get(k, 0) for k in keys],
        "volume_totals": [result.totals.volumes.get(k, 0) for k in keys],
        "shortages": sum(1 for row in result.rows if row.shortage),
        "spread_evenly": [dict(Activity.choices)[k] for k in result.spread_evenly],
        "entered": [dict(Activity.choices)[k] for k in result.entered],
    }


def study_detail(request, pk: int):
    _require_view(request)
    study = get_object_or_404(_with_rows(staffing.studies(request.user)), pk=pk)
    activities = list(study.activities.all())
    saved = {a.activity: a.annual_volume_override for a in activities if a.annual_volume_override is not None}
    bound = any(a.activity in request.GET for a in activities)
    whatif = WhatIfForm(request.GET if bound else None, activities=activities, initial=saved)
    overrides = whatif.overrides() if bound and whatif.is_valid() else None
    result, error = None, None
    try:
        result = staffing.study_result(study, overrides=overrides)
    except WisnError as exc:
        if overrides is None:
            error = _("This study cannot be calculated: %(errors)s") % {"errors": " ".join(exc.errors.values())}
        else:
            whatif.apply_wisn_errors(exc.errors)
            result = staffing.study_result(study)  # the saved study, while the what-if is put right
    ctx = {
        "study": study,
        "result": result,
        "table": _table(result, whatif) if result else None,
        "error": error,
        "whatif": whatif,
        "whatif_applied": overrides is not None and result is not None and not whatif.errors,
        "chart": _chart(result) if result else None,
        "may_edit": staffing.editable_studies(request.user).filter(pk=study.pk).exists(),
        "today": timezone.localdate(),
    }
    template = "evidence/staffing/_result.html" if request.htmx else "evidence/staffing/detail.html"
    return render(request, template, ctx)


def _edit_page(request, forms, *, study=None, version=None, conflict=None, status=200):
    changed = None
    if conflict is not None:
        labels = {name: f.label for name, f in forms.study.fields.items()} | LIST_LABELS
        changed = [(labels.get(k, k), v[0], v[1]) for k, v in conflict.changed.items()]
    return render(
        request,
        "evidence/staffing/edit.html",
        {
            "study": study,
            "forms": forms,
            "version": version,
            "conflict": conflict,
            "changed": changed,
            "allowance_sections": [
                (
                    forms.category,
                    _("Category allowances"),
                    _("Support work everyone in the cadre does, such as recording and team meetings, as a share "
                      "of working time. Together they must stay below 100%."),
                    _("Percent of working time"),
                ),
                (
                    forms.individual,
                    _("Individual allowances"),
                    _("Work only some staff do, such as supervising or training others: the hours a year it "
                      "takes in each area, summed over the staff who do it."),
                    _("Hours per year in each area"),
                ),
            ],
            "cadres_without_records": [
                label for value, label in Cadre.choices if not staffing.workload.records_activity(value)
            ],
        },
        status=status,
    )


def study_new(request):
    _require_edit(request)
    user = request.user
    areas = staffing.study_areas(user)
    if request.method != "POST":
        default_area = user.scope_area if user.role == Role.REGIONAL_MANAGER else areas.first()
        initial = StudyIn.starting(
            name="", area=default_area, cadre=Cadre.CASE_MANAGER, year=timezone.localdate().year - 1
        )
        return _edit_page(request, StudyForms(areas=areas, initial=initial))
    forms = StudyForms(request.POST, areas=areas)
    if forms.is_valid():
        data = forms.cleaned()
        try:
            study = staffing.staffing_study_create(actor=user, data=data)
        except WisnError as exc:
            forms.apply_wisn_errors(exc.errors)
        except ValidationError as exc:
            add_service_errors(forms.study, exc)
        else:
            messages.success(request, _("The staffing study is saved."))
            return redirect("evidence:staffing-detail", pk=study.pk)
    return _edit_page(request, forms, status=400)


def study_edit(request, pk: int):
    _require_edit(request)
    user = request.user
    study = get_object_or_404(_with_rows(staffing.editable_studies(user)), pk=pk)
    areas = staffing.study_areas(user)
    if request.method != "POST":
        return _edit_page(
            request, StudyForms(areas=areas, initial=StudyIn.of(study)), study=study, version=study.version
        )
    forms = StudyForms(request.POST, areas=areas)
    version = posted_version(request)
    conflict = None
    if forms.is_valid():
        data = forms.cleaned()
        try:
            staffing.staffing_study_update(actor=user, study=study, version=version, data=data)
        except staffing.EditConflict as exc:
            conflict, version = exc, exc.current.version
        except WisnError as exc:
            forms.apply_wisn_errors(exc.errors)
        except ValidationError as exc:
            add_service_errors(forms.study, exc)
        else:
            messages.success(request, _("The staffing study is saved."))
            return redirect("evidence:staffing-detail", pk=study.pk)
    return _edit_page(
        request, forms, study=study, version=version, conflict=conflict, status=409 if conflict else 400
    )
