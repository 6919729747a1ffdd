from __future__ import annotations

from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from careforce.core import exports
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
    if fmt := exports.requested_format(request):
        return _tray_download(request, qs, fmt)
    page = paginate(request, qs)
    ctx = {
        "form": form,
        "page": page,
        "query": query_without_page(request),
        "counts": selectors.tray_counts(user),
        "approvals": selectors.approvals_waiting(user),
        **exports.download_context(page),
    }
    template = "cases/_tray_rows.html" if request.htmx else "cases/tray.html"
    return render(request, template, ctx)


def _tray_download(request, qs, fmt: str):
    steps = {s.code: s.label for s in StandardStep.objects.all()}  # the few steps, read once
    columns = [
        exports.Column(_("Case number"), lambda c: c.number),
        exports.Column(_("Child"), lambda c: str(c.child), "child"),
        exports.Column(_("Risk"), lambda c: c.get_risk_level_display(), "risk_level"),
        exports.Column(_("Status"), lambda c: c.get_status_display(), "status"),
        exports.Column(_("Opened"), lambda c: c.opened_on, "opened_on"),
        exports.Column(_("Case manager"), lambda c: str(c.case_manager), "case_manager"),
        exports.Column(_("Next deadline"), lambda c: c.next_due_on, "next_due_on"),
        exports.Column(_("Next step"), lambda c: steps.get(c.next_due_step, c.next_due_step), "next_due_step"),
        exports.Column(_("Locality"), lambda c: c.area.display_name, "area"),
    ]
    return exports.list_response(request, name="cases", rows=qs, columns=columns, fmt=fmt)


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
