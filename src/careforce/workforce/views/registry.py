"""The worker registry and the posts: lists filtered with htmx, scoped by the access door."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import CharField, DateField, DecimalField, OuterRef, Prefetch, Subquery
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from careforce.core import exports
from careforce.core.audit import audit_view
from careforce.core.charts import Bar, bar_chart
from careforce.core.pagination import paginate, query_without_page
from careforce.core.roles import Role

from .. import selectors, services, supervision
from ..forms import PostFilterForm, WorkerFilterForm
from ..models import Assignment, Cadre, Worker, current_q
from ..tabs import tabs_for


def _refuse_analysts(request) -> None:
    if request.user.role == Role.ANALYST:
        raise PermissionDenied  # analysts work with aggregates only


def _current_assignments(on) -> Prefetch:
    return Prefetch(
        "assignments",
        queryset=Assignment.objects.filter(current_q(on)).select_related("post").order_by("-start"),
        to_attr="current_assignments",
    )


def workforce_home(request):
    """The menu's "Workforce": the first of the workforce pages the user's role opens."""
    tabs = tabs_for(request.user)
    if not tabs:
        raise PermissionDenied
    return redirect(tabs[0]["url"])


def worker_list(request):
    _refuse_analysts(request)
    today = timezone.localdate()
    form = WorkerFilterForm(request.GET, organisations=selectors.organisations_for_workers(request.user))
    data = form.cleaned_or_empty()
    qs = selectors.workers(request.user).select_related("organisation", "area")
    if data.get("cadre"):
        qs = qs.filter(cadre=data["cadre"])
    if data.get("organisation"):
        qs = qs.filter(organisation=data["organisation"])
    if data.get("active"):
        qs = qs.filter(active=data["active"] == "yes")
    qs = qs.order_by("family_name", "given_name", "pk")
    if fmt := exports.requested_format(request):
        return _worker_download(request, qs, fmt, today)
    page = paginate(request, qs.prefetch_related(_current_assignments(today)))
    template = "workforce/_worker_rows.html" if request.htmx else "workforce/worker_list.html"
    return render(request, template, {"form": form, "page": page, "query": query_without_page(request),
                                      "can_edit": request.user.role in services.REGISTRY_EDITORS,
                                      **exports.download_context(page)})


def _worker_download(request, qs, fmt: str, today):
    # The current post as columns of the same query (a prefetch would ask once per chunk of rows).
    current = Assignment.objects.filter(current_q(today), worker=OuterRef("pk")).order_by("-start", "-pk")
    rows = qs.annotate(
        current_post=Subquery(current.values("post__title")[:1], output_field=CharField()),
        current_fte=Subquery(current.values("fte")[:1], output_field=DecimalField(max_digits=3, decimal_places=2)),
        current_since=Subquery(current.values("start")[:1], output_field=DateField()),
    )
    columns = [
        exports.Column(_("Family name"), lambda w: w.family_name, "family_name"),
        exports.Column(_("Given name"), lambda w: w.given_name, "given_name"),
        exports.Column(_("Cadre"), lambda w: w.get_cadre_display(), "cadre"),
        exports.Column(_("Qualification"), lambda w: w.get_qualification_display(), "qualification"),
        exports.Column(_("Organisation"), lambda w: w.organisation.name, "organisation"),
        exports.Column(_("Area"), lambda w: w.area.display_name, "area"),
        exports.Column(_("Current post"), lambda w: w.current_post),
        exports.Column(_("In the post since"), lambda w: w.current_since),
        exports.Column(_("FTE"), lambda w: w.current_fte),
        exports.Column(_("Active"), lambda w: _("yes") if w.active else _("no"), "active"),
    ]
    return exports.list_response(request, name="workers", rows=rows, columns=columns, fmt=fmt)


def worker_detail(request, pk: int):
    _refuse_analysts(request)
    worker = get_object_or_404(
        selectors.workers(request.user).select_related("organisation", "area", "user"), pk=pk
    )
    audit_view(request, worker)
    assignments = worker.assignments.select_related("post", "organisation").order_by("-start", "-pk")
    today = timezone.localdate()
    return render(
        request,
        "workforce/worker_detail.html",
        {
            "worker": worker,
            "assignments": assignments,
            "current": [a for a in assignments if a.is_current(today)],
            "today": today,
            "can_edit": request.user.role in services.REGISTRY_EDITORS
            and Worker.objects.changeable_by(request.user).filter(pk=pk).exists(),
            "supervision": supervision.worker_status(request.user, worker, on=today),
        },
    )


def post_list(request):
    user = request.user
    if user.role not in selectors.POST_ROLES:
        raise PermissionDenied
    today = timezone.localdate()
    scope = selectors.posts(user)
    form = PostFilterForm(request.GET, organisations=selectors.organisations_for_posts(user))
    data = form.cleaned_or_empty()
    filtered = scope
    if data.get("cadre"):
        filtered = filtered.filter(cadre=data["cadre"])
    if data.get("organisation"):
        filtered = filtered.filter(organisation=data["organisation"])
    # Since when a vacant post has been empty: the last day its last holder worked (or its funding start).
    last_end = Subquery(
        Assignment.objects.filter(post=OuterRef("pk"), end__lt=today).order_by("-end").values("end")[:1],
        output_field=DateField(),
    )
    qs = selectors.with_vacancy(selectors.funded_on(filtered, today), today)
    if data.get("vacant"):
        qs = qs.filter(held=data["vacant"] == "no")
    qs = (
        qs.annotate(last_end=last_end)
        .select_related("organisation", "area")
        .prefetch_related(
            Prefetch(
                "assignments",
                queryset=Assignment.objects.filter(current_q(today)).select_related("worker"),
                to_attr="current_assignments",
            )
        )
        .order_by("organisation__name", "cadre", "title", "pk")
    )
    page = paginate(request, qs)
    ctx = {"form": form, "page": page, "query": query_without_page(request), "today": today,
           "can_edit": user.role in services.REGISTRY_EDITORS}
    if request.htmx:
        return render(request, "workforce/_post_rows.html", ctx)

    summary = selectors.vacancy_rate(user, on=today, qs=filtered)
    by_cadre = selectors.vacancy_rate_by_cadre(user, on=today, qs=filtered)
    labels = dict(Cadre.choices)
    rows = [(labels[c], r) for c, r in by_cadre.items()]
    ctx.update(summary=summary, by_cadre=rows)
    if rows:
        ctx["chart"] = bar_chart(
            [Bar(str(label), r.percent or 0) for label, r in rows],
            title=_("Vacancy rate by cadre"),
            unit="%",
        )
    if user.role == Role.REGIONAL_MANAGER and user.scope_area:
        ctx["heading"] = _("Vacancies in %(area)s") % {"area": user.scope_area.display_name}
    elif user.role == Role.SUPERVISOR and user.organisation_id:
        ctx["heading"] = _("Posts and vacancies: %(organisation)s") % {"organisation": user.organisation}
    else:
        ctx["heading"] = _("Posts and vacancies")
    return render(request, "workforce/post_list.html", ctx)
