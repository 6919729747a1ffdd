"""Places (the area tree with populations), organisations and staff."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from .. import selectors
from ..audit import audit_view
from ..charts import Bar, bar_chart, line_chart
from ..forms import OrganisationFilterForm, UserFilterForm
from ..models import Area, Organisation, User
from ..pagination import paginate, query_without_page
from ..roles import Role


def area_detail(request, pk: int | None = None):
    """Population figures are aggregates: every signed-in role may read them."""
    area = get_object_or_404(Area, pk=pk) if pk is not None else selectors.country()
    year = selectors.latest_population_year()
    ctx: dict = {"area": area, "year": year}
    if area is not None:
        children = selectors.areas_with_population(area.children.order_by("path"), year)
        page = paginate(request, children)
        series = selectors.population_series(area)
        ctx.update(
            page=page,
            query=query_without_page(request),
            ancestors=area.ancestors(),
            series=series,
            population=next((p for p in series if p.year == year), None),
            organisation_count=selectors.organisations_in(area).count(),
        )
        rows = [c for c in page.object_list if c.children_count]
        if rows:
            ctx["children_chart"] = bar_chart(
                [Bar(c.display_name, c.children_count) for c in rows],
                title=_("Children (0–17) by area, %(year)s") % {"year": year},
            )
        if len(series) > 1:
            ctx["trend_chart"] = line_chart(
                [(str(p.year), p.children) for p in series],
                title=_("Children (0–17) in %(area)s by year") % {"area": area.display_name},
            )
    return render(request, "core/area_detail.html", ctx)


def organisation_list(request):
    form = OrganisationFilterForm(request.GET)
    data = form.cleaned_or_empty()
    area = None
    qs = Organisation.objects.select_related("area", "parent")
    if data.get("area"):
        area = Area.objects.filter(pk=data["area"]).first()
        if area is not None:
            qs = qs.filter(area__path__startswith=area.path)
    if data.get("q"):
        qs = qs.filter(name__icontains=data["q"])
    if data.get("kind"):
        qs = qs.filter(kind=data["kind"])
    page = paginate(request, qs.order_by("name", "pk"))
    template = "core/_organisation_rows.html" if request.htmx else "core/organisation_list.html"
    return render(
        request, template, {"form": form, "page": page, "query": query_without_page(request), "area": area}
    )


def organisation_detail(request, pk: int):
    organisation = get_object_or_404(Organisation.objects.select_related("area", "parent"), pk=pk)
    staff = (
        User.objects.visible_to(request.user)
        .filter(organisation=organisation, is_active=True)
        .select_related("supervisor")
        .order_by("role", "last_name")
    )
    page = paginate(request, staff)
    branches = organisation.branches.select_related("area").order_by("name")[:50]
    return render(
        request,
        "core/organisation_detail.html",
        {
            "organisation": organisation,
            "page": page,
            "branches": branches,
            "query": query_without_page(request),
        },
    )


def user_list(request):
    if request.user.role == Role.ANALYST:
        raise PermissionDenied  # analysts work with aggregates only
    visible = User.objects.visible_to(request.user)
    organisations = Organisation.objects.filter(pk__in=visible.values("organisation")).order_by("name")
    form = UserFilterForm(request.GET, organisations=organisations)
    data = form.cleaned_or_empty()
    qs = visible.filter(is_active=True).select_related("organisation", "supervisor")
    if data.get("q"):
        words = data["q"].split()
        for word in words:
            qs = qs.filter(
                Q(first_name__icontains=word) | Q(last_name__icontains=word) | Q(username__icontains=word)
            )
    if data.get("role"):
        qs = qs.filter(role=data["role"])
    if data.get("organisation"):
        qs = qs.filter(organisation=data["organisation"])
    page = paginate(request, qs.order_by("last_name", "first_name", "pk"))
    template = "core/_user_rows.html" if request.htmx else "core/user_list.html"
    return render(request, template, {"form": form, "page": page, "query": query_without_page(request)})


def user_detail(request, pk: int):
    person = get_object_or_404(
        User.objects.visible_to(request.user).select_related("organisation__area", "supervisor"), pk=pk
    )
    audit_view(request, person)
    team = (
        User.objects.visible_to(request.user).filter(supervisor=person, is_active=True).order_by("last_name")
    )
    return render(request, "core/user_detail.html", {"person": person, "team": team})
