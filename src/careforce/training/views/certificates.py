"""Certificate pages (issue 6): issuing from the session page, the PDF, revoking, and the public check.

Who reaches what: issuing and revoking, those who may change the session; the PDF, the participant
herself, those who may change the session and the national administrator, everyone else 404 (the
certificate is read through `Certificate.objects.visible_to`, the participation's door); the check of a
code, anyone, signed in or not, a limited number of times a minute per address.
"""

from __future__ import annotations

import logging

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from careforce.core.audit import audit_log, client_ip
from careforce.core.models import AuditAction
from careforce.core.pdf import render_pdf

from .. import certificates as certs
from .. import selectors
from ..models import Participation, TrainingSession

logger = logging.getLogger(__name__)


def _session_for(request, pk: int) -> TrainingSession:
    if request.user.role not in selectors.SESSION_ROLES:
        raise PermissionDenied
    return get_object_or_404(selectors.sessions(request.user).select_related("course", "organiser"), pk=pk)


def _certificate_for(request, pk: int):
    return get_object_or_404(
        certs.certificates(request.user).select_related(
            "participation__worker__user", "participation__session__course", "participation__session__organiser"
        ),
        pk=pk,
    )


def _messages_of(exc: ValidationError) -> str:
    return " ".join(exc.messages)


def certificates_issue(request, pk: int):
    """POST: a certificate for everyone who completed the session, or for the one participant named."""
    session = _session_for(request, pk)
    back = redirect("training:session-detail", pk=pk)
    if request.method != "POST":
        return back
    user = request.user
    if not certs.may_issue(user, session):
        raise PermissionDenied
    raw = request.POST.get("participation", "").strip()
    if raw:
        if not raw.isdigit():
            messages.error(request, _("Choose a participant of this session."))
            return back
        participation = get_object_or_404(
            Participation.objects.visible_to(user).filter(session=session).select_related("worker"), pk=int(raw)
        )
        try:
            certificate = certs.certificate_issue(actor=user, participation=participation)
        except ValidationError as exc:
            messages.error(request, _messages_of(exc))
        else:
            messages.success(
                request,
                _("Certificate %(code)s of %(name)s.") % {"code": certificate.code, "name": certificate.worker_name},
            )
        return back
    result = certs.certificates_issue_completed(actor=user, session=session)
    if not result.completed:
        messages.warning(
            request,
            _("Nobody has completed this session yet: a participant completes it when she was present on every "
              "day and, if the session had a post-test, has a post-test score."),
        )
    elif not result.issued:
        messages.info(request, _("Everyone who completed the session already has a certificate."))
    else:
        messages.success(
            request,
            ngettext("%(n)d certificate issued.", "%(n)d certificates issued.", len(result.issued))
            % {"n": len(result.issued)},
        )
    return back


def certificate_pdf(request, pk: int):
    """The certificate as an A4 landscape PDF, in the worker's language (not necessarily the reader's)."""
    certificate = _certificate_for(request, pk)
    if not certs.may_download(request.user, certificate):
        raise Http404
    audit_log(
        actor=request.user, action=AuditAction.EXPORT, obj=certificate, summary="certificate PDF",
        ip=client_ip(request),
    )
    language = certs.certificate_language(
        certificate, getattr(request, "LANGUAGE_CODE", "") or translation.get_language()
    )
    verify_url = request.build_absolute_uri(reverse("training:certificate-verify"))
    with translation.override(language):
        return render_pdf(
            request,
            "training/certificate_pdf.html",
            {"certificate": certificate, "verify_url": verify_url},
            filename=f"certificate-{certificate.code}",
        )


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Why is it revoked?"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Kept with the certificate for those who run the session; the public check "
                               "says only that it was revoked, and when."),
    )


def certificate_revoke(request, pk: int):
    certificate = _certificate_for(request, pk)
    session = certificate.participation.session
    if not certs.may_revoke(request.user, session):
        raise Http404
    form = RevokeForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                certs.certificate_revoke(actor=request.user, certificate=certificate,
                                         reason=form.cleaned_data["reason"])
            except ValidationError as exc:
                form.add_error(None, _messages_of(exc))
                status = 400
            else:
                messages.success(request, _("Certificate %(code)s is revoked.") % {"code": certificate.code})
                return redirect("training:session-detail", pk=session.pk)
        else:
            status = 400
    ctx = {"certificate": certificate, "session": session, "form": form}
    return render(request, "training/certificate_revoke.html", ctx, status=status)


# The page answers with the status a script expects; the person reads the message.
_STATUS = {"valid": 200, "revoked": 200, "unknown": 404, "malformed": 400}


@login_not_required
def certificate_verify(request):
    """Check a code from a paper certificate: no account needed. Shows the snapshot and valid or revoked;
    an unknown code shows nothing but that no certificate has it."""
    raw = request.GET.get("code")
    ctx: dict = {"typed": (raw or "")[:40]}
    status = 200
    if raw is not None and raw.strip():
        if not certs.verification_allowed(client_ip(request) or "unknown"):
            ctx["throttled"] = True
            status = 429
        else:
            result = certs.certificate_verify(raw)
            logger.info("certificate check: %s", result.status)  # the outcome only: no code, no name
            ctx["result"] = result
            status = _STATUS[result.status]
    elif raw is not None:
        ctx["empty"] = True
        status = 400
    response = render(request, "training/certificate_verify.html", ctx, status=status)
    if status == 429:
        response["Retry-After"] = str(certs.VERIFY_WINDOW)
    return response
