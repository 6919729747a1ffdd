"""Supervision pages: the sessions, recording one, and coverage against the standard (domain.md section 2).

Who reaches what: those who organise supervision (national administrator, regional manager, supervisor)
every page in their scope; case managers and community assistants the sessions in which they were
supervised; volunteers, trainers and analysts none (403). A session outside the user's scope answers 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from careforce.core.audit import audit_view
from careforce.core.charts import Bar, bar_chart, short_labels
from careforce.core.forms import add_service_errors
from careforce.core.pagination import paginate, query_without_page
from careforce.core.roles import Role

from .. import supervision
from ..forms_supervision import (
    CoverageFilterForm,
    OrganisationChoiceForm,
    SessionFilterForm,
    SupervisionSessionForm,
)
from ..models import Worker, may_see_wellbeing

# The chart names at most this many organisations, the lowest coverage first; the table below it has all.
CHART_ORGANISATIONS = 20


def _require(user, roles) -> None:
    if user.role not in roles:
        raise PermissionDenied


def _ordered_supervisees() -> Prefetch:
    return Prefetch(
        "supervisees",
        queryset=Worker.objects.select_related("organisation").order_by("family_name", "given_name", "pk"),
    )


def session_list(request):
    user = request.user
    _require(user, supervision.SESSION_ROLES)
    form = SessionFilterForm(request.GET, supervisors=supervision.session_supervisors(user))
    data = form.cleaned_or_empty()
    qs = supervision.sessions(user)
    if data.get("supervisor"):
        qs = qs.filter(supervisor=data["supervisor"])
    if data.get("kind"):
        qs = qs.filter(kind=data["kind"])
    if data.get("date_from"):
        qs = qs.filter(on__gte=data["date_from"])
    if data.get("date_to"):
        qs = qs.filter(on__lte=data["date_to"])
    supervisee = None
    if data.get("worker"):
        # One row per session and worker (unique together): the filter adds no duplicates.
        qs = qs.filter(attendance__worker=data["worker"])
        supervisee = Worker.objects.visible_to(user).filter(pk=data["worker"]).first()
    qs = (
        qs.select_related("supervisor__organisation")
        .prefetch_related(_ordered_supervisees())
        .order_by("-on", "-pk")
    )
    page = paginate(request, qs)
    ctx = {
        "form": form,
        "page": page,
        "query": query_without_page(request),
        "supervisee": supervisee,
        "may_manage": user.role in supervision.MANAGE_ROLES,
    }
    template = (
        "workforce/supervision/_session_rows.html"
        if request.htmx
        else "workforce/supervision/session_list.html"
    )
    return render(request, template, ctx)


def session_new(request):
    user = request.user
    _require(user, supervision.MANAGE_ROLES)
    own = Worker.objects.filter(user=user.pk).first()
    organisation, org_form = None, None
    if user.role in (Role.NATIONAL_ADMIN, Role.REGIONAL_MANAGER):
        # Too many people for one list: the form works on one organisation (and its branches) at a time.
        org_form = OrganisationChoiceForm(request.GET, organisations=supervision.record_organisations(user))
        organisation = org_form.cleaned_or_empty().get("organisation")
        if organisation is None and request.method != "POST":
            return render(
                request, "workforce/supervision/session_form.html", {"org_form": org_form, "form": None}
            )
    candidates = supervision.record_candidates(user, organisation=organisation)
    initial = {"supervisor": own.pk} if own is not None else {}
    minimums = {s.minimum_minutes for s in supervision.standards()}
    form = SupervisionSessionForm(
        request.POST or None, candidates=candidates, initial=initial, minimums=minimums
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                session = supervision.supervision_record(
                    actor=user,
                    supervisor=data["supervisor"],
                    supervisees=data["supervisees"],
                    kind=data["kind"],
                    on=data["on"],
                    duration_minutes=data["duration_minutes"],
                    cases_discussed=data["cases_discussed"],
                    decisions=data["decisions"],
                    wellbeing=data["wellbeing"],
                    learning_needs=data["learning_needs"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
                status = 400
            else:
                messages.success(request, _("The supervision session is recorded."))
                return redirect("workforce:supervision-detail", pk=session.pk)
        else:
            status = 400
    ctx = {"form": form, "org_form": org_form, "organisation": organisation, "query": request.GET.urlencode()}
    return render(request, "workforce/supervision/session_form.html", ctx, status=status)


def session_detail(request, pk: int):
    user = request.user
    _require(user, supervision.SESSION_ROLES)
    session = get_object_or_404(
        supervision.sessions(user).select_related(
            "supervisor__organisation", "supervisor__area", "recorded_by"
        ),
        pk=pk,
    )
    audit_view(request, session)
    supervisees = list(
        session.supervisees.select_related("organisation").order_by("family_name", "given_name", "pk")
    )
    ctx = {
        "session": session,
        "supervisees": supervisees,
        "sees_wellbeing": may_see_wellbeing(user, session, {w.user_id for w in supervisees if w.user_id}),
        "may_manage": user.role in supervision.MANAGE_ROLES,
    }
    return render(request, "workforce/supervision/session_detail.html", ctx)


def coverage(request):
    user = request.user
    _require(user, supervision.MANAGE_ROLES)
    today = timezone.localdate()
    params = request.GET.copy()
    params.setdefault("on", today.isoformat())  # the chooser shows the day the figures are for
    form = CoverageFilterForm(params, organisations=supervision.coverage_organisations(user))
    data = form.cleaned_or_empty()
    on = data.get("on") or today
    result = supervision.coverage(user, on=on, organisation=data.get("organisation"))
    page = paginate(request, result.rows)
    overall = result.overall
    chart = None
    shown = result.by_organisation[:CHART_ORGANISATIONS]
    if shown:
        labels = short_labels([org for org, _share in shown])
        chart = bar_chart(
            [
                Bar(
                    label,
                    share.percent or 0,
                    highlight=share.covered * overall.total < overall.covered * share.total,
                )
                for label, (_org, share) in zip(labels, shown, strict=True)
            ],
            title=_("Share of workers supervised as often as the standard asks, by organisation"),
            unit="%",
        )
    statuses = [r.status for r in result.rows]
    ctx = {
        "form": form,
        "page": page,
        "query": query_without_page(request),
        "on": on,
        "today": today,
        "result": result,
        "overall": overall,
        "chart": chart,
        "chart_cut": len(result.by_organisation) > len(shown),
        "chart_count": len(shown),
        "not_covered": overall.total - overall.covered,
        "never": statuses.count("never"),
        "no_standard": statuses.count("no_standard"),
    }
    return render(request, "workforce/supervision/coverage.html", ctx)
