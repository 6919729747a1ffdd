"""Writes in core: each service takes the acting user, runs in one transaction and is audited."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from .audit import audit_log, diff
from .models import ApiToken, AuditAction, User

PROFILE_FIELDS = ("first_name", "last_name", "email", "phone", "language")


@transaction.atomic
def profile_update(*, actor: User, data: dict[str, Any]) -> User:
    user = User.objects.select_for_update().get(pk=actor.pk)
    before = {f: getattr(user, f) for f in PROFILE_FIELDS}
    for name, value in data.items():
        if name in PROFILE_FIELDS:
            setattr(user, name, value)
    user.full_clean(exclude=["password", "username"])
    user.save(update_fields=[f for f in PROFILE_FIELDS if f in data])
    changes = diff(before, {f: getattr(user, f) for f in PROFILE_FIELDS})
    if changes:
        audit_log(actor=actor, action=AuditAction.UPDATE, obj=user, changes=changes, summary="profile")
    for name in PROFILE_FIELDS:
        setattr(actor, name, getattr(user, name))
    return user


@transaction.atomic
def api_token_create(*, actor: User, name: str) -> tuple[ApiToken, str]:
    """A new personal token. The key is returned once and only its hash is kept."""
    key = ApiToken.new_key()
    token = ApiToken.objects.create(
        user=actor, name=name.strip(), key_hash=ApiToken.hash_key(key), hint=key[:8]
    )
    audit_log(actor=actor, action=AuditAction.TOKEN_CREATE, obj=token, summary=token.name)
    return token, key


@transaction.atomic
def api_token_revoke(*, actor: User, token: ApiToken) -> ApiToken:
    if token.user_id != actor.pk:
        raise PermissionError("Only the owner revokes a token.")
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_log(actor=actor, action=AuditAction.TOKEN_REVOKE, obj=token, summary=token.name)
    return token


def api_token_authenticate(key: str) -> User | None:
    if not key or not key.startswith(ApiToken.PREFIX) or len(key) > 128:
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=ApiToken.hash_key(key), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    # Record use at most every few minutes: a busy script must not write on every call.
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 300:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
