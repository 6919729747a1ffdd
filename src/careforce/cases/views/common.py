from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from careforce.core.forms import add_service_errors as add_errors  # noqa: F401  (re-exported)
from careforce.core.roles import Role

from ..models import Case

CASE_ROLES = frozenset(Role) - {Role.TRAINER, Role.ANALYST}


def require_case_role(user) -> None:
    if user.role not in CASE_ROLES:
        raise PermissionDenied


def visible_case(request, pk: int) -> Case:
    require_case_role(request.user)
    return get_object_or_404(
        Case.objects.visible_to(request.user).select_related(
            "child__area__parent", "child__household", "case_manager__supervisor", "organisation", "area"
        ),
        pk=pk,
    )
