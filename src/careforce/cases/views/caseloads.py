"""Caseloads against the standard (domain.md section 2): how many open cases each worker carries."""

from __future__ import annotations

from django import forms
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from careforce.core.charts import Bar, bar_chart
from careforce.core.forms import FilterForm
from careforce.core.models import Organisation
from careforce.core.pagination import paginate, query_without_page
from careforce.core.roles import Role

from .. import selectors

# Those who balance work between workers: a supervisor (her organisation and supervisees), a regional
# manager (her region) and the national administrator. Workers do not compare themselves with colleagues.
CASELOAD_ROLES = frozenset({Role.SUPERVISOR, Role.REGIONAL_MANAGER, Role.NATIONAL_ADMIN})


class CaseloadFilterForm(FilterForm):
    organisation = forms.ModelChoiceField(
        label=gettext_lazy("Organisation"),
        required=False,
        queryset=Organisation.objects.none(),
        empty_label=gettext_lazy("All organisations"),
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the organisations of workers the user sees: any other value is refused, the list unfiltered.
        self.fields["organisation"].queryset = organisations


def caseloads(request):
    user = request.user
    if user.role not in CASELOAD_ROLES:
        raise PermissionDenied
    form = CaseloadFilterForm(request.GET, organisations=selectors.caseload_organisations(user))
    rows = selectors.caseloads(user, organisation=form.cleaned_or_empty().get("organisation"))
    page = paginate(request, rows)
    chart = None
    if page.object_list:
        chart = bar_chart(
            [Bar(str(r["worker"]), r["open"], highlight=r["over"]) for r in page.object_list],
            title=_("Open cases per worker"),
        )
    ctx = {
        "form": form,
        "page": page,
        "query": query_without_page(request),
        "chart": chart,
        "over_count": sum(1 for r in rows if r["over"]),
        "worker_count": len(rows),
        "standards": selectors.caseload_standards(),
    }
    return render(request, "cases/caseloads.html", ctx)
