from __future__ import annotations

from datetime import datetime, time

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone

from ..forms import AuditFilterForm
from ..models import AuditEntry
from ..pagination import paginate, query_without_page
from ..roles import Role


def audit_list(request):
    if request.user.role != Role.NATIONAL_ADMIN:
        raise PermissionDenied
    form = AuditFilterForm(request.GET)
    data = form.cleaned_or_empty()
    qs = AuditEntry.objects.all()
    if data.get("who"):
        qs = qs.filter(actor_username__iexact=data["who"])
    if data.get("action"):
        qs = qs.filter(action=data["action"])
    if data.get("object_type"):
        qs = qs.filter(object_type=data["object_type"].lower())
    if data.get("object_id"):
        qs = qs.filter(object_id=data["object_id"])
    tz = timezone.get_current_timezone()
    if data.get("date_from"):
        qs = qs.filter(at__gte=datetime.combine(data["date_from"], time.min, tzinfo=tz))
    if data.get("date_to"):
        qs = qs.filter(at__lte=datetime.combine(data["date_to"], time.max, tzinfo=tz))
    page = paginate(request, qs.order_by("-at", "-id"), per_page=50)
    return render(
        request, "core/audit_list.html", {"form": form, "page": page, "query": query_without_page(request)}
    )
