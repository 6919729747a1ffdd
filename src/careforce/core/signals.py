from __future__ import annotations

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from .audit import audit_log, client_ip
from .models import AuditAction


@receiver(user_logged_in)
def _signed_in(sender, request, user, **kwargs) -> None:
    audit_log(actor=user, action=AuditAction.SIGN_IN, obj=user, ip=client_ip(request))


@receiver(user_logged_out)
def _signed_out(sender, request, user, **kwargs) -> None:
    if user is not None:
        audit_log(actor=user, action=AuditAction.SIGN_OUT, obj=user, ip=client_ip(request))


@receiver(user_login_failed)
def _sign_in_failed(sender, credentials, request=None, **kwargs) -> None:
    username = str(credentials.get("username", ""))[:150]
    audit_log(
        actor=None,
        action=AuditAction.SIGN_IN_FAILED,
        object_type="core.user",
        summary=username,
        ip=client_ip(request),
    )
