from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404

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


def add_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)
