"""Writing the audit log: services call `audit_log` for every change, views for every read of a record."""

from __future__ import annotations

import ipaddress
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models

from .models import AuditAction, AuditEntry

if TYPE_CHECKING:
    from django.http import HttpRequest

    from .models import User


def client_ip(request: HttpRequest | None) -> str | None:
    """The client's address: behind the reverse proxy (BEHIND_PROXY), the one it appended to
    X-Forwarded-For (the entries before it are whatever the client sent, and prove nothing)."""
    if request is None:
        return None
    if getattr(settings, "BEHIND_PROXY", False):
        forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
        if forwarded:
            try:
                return str(ipaddress.ip_address(forwarded[-1]))
            except ValueError:
                pass  # not an address: the proxy's own view of the client stands
    return request.META.get("REMOTE_ADDR") or None


def object_type_of(obj: models.Model | type[models.Model]) -> str:
    return obj._meta.label_lower


def audit_log(
    *,
    actor: User | None,
    action: str,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str | int = "",
    summary: str = "",
    changes: dict[str, Any] | None = None,
    ip: str | None = None,
) -> AuditEntry:
    if obj is not None:
        object_type = object_type or object_type_of(obj)
        object_id = object_id or obj.pk
    username = ""
    if actor is not None and getattr(actor, "is_authenticated", False):
        username = actor.get_username()
    else:
        actor = None
    return AuditEntry.objects.create(
        actor=actor,
        actor_username=username,
        action=action,
        object_type=object_type,
        object_id=str(object_id) if object_id != "" else "",
        summary=summary[:300],
        changes=changes or {},
        ip=ip,
    )


def audit_view(request: HttpRequest, obj: models.Model, *, summary: str = "") -> AuditEntry:
    """A read of a person's record, written by the view that shows it."""
    return audit_log(
        actor=request.user, action=AuditAction.VIEW, obj=obj, summary=summary, ip=client_ip(request)
    )


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """The changed fields as {name: [old, new]}, values made JSON-safe."""
    out = {}
    for key in sorted(set(before) | set(after)):
        old, new = before.get(key), after.get(key)
        if old != new:
            out[key] = [_jsonable(old), _jsonable(new)]
    return out


def _jsonable(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, models.Model):
        return value.pk
    return str(value)
