from __future__ import annotations

from django.shortcuts import render
from django.utils import timezone

from careforce.core.pagination import paginate, query_without_page
from careforce.core.roles import CASE_HOLDING_ROLES

from .. import selectors
from ..forms import TrayFilterForm
from ..models import PublicHoliday, StandardStep
from .common import require_case_role


def work_tray(request):
    """The case manager's cases, most urgent first; a supervisor's team and her approvals waiting."""
    require_case_role(request.user)
    user = request.user
    form = TrayFilterForm(request.GET)
    data = form.cleaned_data if form.is_valid() else {}
    mine = request.GET.get("mine") == "1" and user.role in CASE_HOLDING_ROLES
    qs = selectors.tray(user, status=data.get("status", ""), risk=data.get("risk", ""), mine_only=mine)
    page = paginate(request, qs)
    ctx = {
        "form": form,
        "page": page,
        "query": query_without_page(request),
        "counts": selectors.tray_counts(user),
        "approvals": selectors.approvals_waiting(user),
    }
    template = "cases/_tray_rows.html" if request.htmx else "cases/tray.html"
    return render(request, template, ctx)


def standards(request):
    require_case_role(request.user)
    return render(
        request,
        "cases/standards.html",
        {
            "steps": StandardStep.objects.filter(active=True).order_by("order"),
            "holidays": PublicHoliday.objects.filter(date__gte=timezone.localdate()),
        },
    )
