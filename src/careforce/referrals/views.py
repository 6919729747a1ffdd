"""Pages: the services catalogue, the receiving tray, the outgoing list, one referral, the letter."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from careforce.cases.models import Action, Case
from careforce.core import exports
from careforce.core.audit import audit_log, audit_view, client_ip
from careforce.core.forms import add_service_errors
from careforce.core.models import AuditAction, Organisation
from careforce.core.pagination import paginate, query_without_page
from careforce.core.pdf import render_pdf
from careforce.core.roles import Role

from . import selectors, services
from .forms import AnswerForm, CatalogueFilterForm, ReferralFilterForm, ReferralForm, ServiceForm
from .models import Referral, Service


def _require(user, roles) -> None:
    if user.role not in roles:
        raise PermissionDenied


# --- The catalogue ------------------------------------------------------------------------------------


def service_list(request):
    """Every signed-in user: the catalogue holds no personal data."""
    form = CatalogueFilterForm(request.GET)
    data = form.cleaned_or_empty()
    qs = selectors.catalogue(area=data.get("area"), service_type=data.get("service_type", ""), q=data.get("q", ""))
    page = paginate(request, qs)
    return render(
        request,
        "referrals/service_list.html",
        {
            "form": form,
            "page": page,
            "query": query_without_page(request),
            "may_manage": services.manages_services(request.user),
        },
    )


def _managed_organisations(user):
    qs = Organisation.objects.filter(active=True).select_related("area").order_by("name")
    if user.role == Role.NATIONAL_ADMIN:
        return qs
    if user.role == Role.SUPERVISOR:
        return qs.filter(pk=user.organisation_id)
    scope = user.scope_area
    return qs.filter(area__path__startswith=scope.path) if scope else qs.none()


def service_edit(request, pk: int | None = None):
    user = request.user
    if not services.manages_services(user):
        raise PermissionDenied
    organisations = _managed_organisations(user)
    service = None
    if pk is not None:
        service = get_object_or_404(
            Service.objects.select_related("organisation__area").filter(organisation__in=organisations), pk=pk
        )
    if request.method == "POST":
        form = ServiceForm(request.POST, instance=service, organisations=organisations)
        if form.is_valid():
            try:
                saved = services.service_save(actor=user, data=form.cleaned_data, service=service)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("The service is saved."))
                return redirect(f"{_url('referrals:services')}?q={saved.name}")
    else:
        initial = {"organisation": user.organisation_id} if service is None else {}
        form = ServiceForm(instance=service, organisations=organisations, initial=initial)
    return render(request, "referrals/service_form.html", {"form": form, "service": service})


def _url(name: str, *args) -> str:
    from django.urls import reverse

    return reverse(name, args=args)


# --- Lists --------------------------------------------------------------------------------------------


def _referral_list(request, *, which: str):
    user = request.user
    _require(user, selectors.INCOMING_ROLES)
    form = ReferralFilterForm(request.GET)
    status = form.cleaned_or_empty().get("status", "")
    qs = selectors.incoming(user, status=status) if which == "incoming" else selectors.outgoing(user, status=status)
    if fmt := exports.requested_format(request):
        name = "referrals-received" if which == "incoming" else "referrals-sent"
        return exports.list_response(request, name=name, rows=qs, columns=_referral_columns(), fmt=fmt)
    page = paginate(request, qs)
    return render(
        request,
        "referrals/referral_list.html",
        {
            "form": form,
            "page": page,
            "query": query_without_page(request),
            "which": which,
            "today": timezone.localdate(),
            **exports.download_context(page),
        },
    )


def _referral_columns() -> list[exports.Column]:
    return [
        exports.Column(_("Sent on"), lambda r: r.sent_on, "sent_on"),
        exports.Column(_("Answer due by"), lambda r: r.respond_by, "respond_by"),
        exports.Column(_("Child"), lambda r: str(r.case.child), "case"),
        exports.Column(_("Service"), lambda r: r.service.name, "service"),
        exports.Column(_("From"), lambda r: r.from_organisation.name, "from_organisation"),
        exports.Column(_("To"), lambda r: r.to_organisation.name, "to_organisation"),
        exports.Column(_("Urgency"), lambda r: r.get_urgency_display(), "urgency"),
        exports.Column(_("Status"), lambda r: r.get_status_display(), "status"),
        exports.Column(_("Answered on"), lambda r: r.answered_on, "answered_on"),
        exports.Column(_("Answered"), lambda r: r.get_mode_display(), "mode"),
    ]


def incoming(request):
    return _referral_list(request, which="incoming")


def outgoing(request):
    return _referral_list(request, which="outgoing")


# --- One referral -------------------------------------------------------------------------------------


def _visible_referral(request, pk: int) -> Referral:
    _require(request.user, selectors.REFERRAL_ROLES)
    return get_object_or_404(
        Referral.objects.visible_to(request.user).select_related(
            "case__child__area", "case__case_manager", "service", "from_organisation",
            "to_organisation__area", "referred_by", "override_by",
        ),
        pk=pk,
    )


def referral_detail(request, pk: int, form: AnswerForm | None = None):
    referral = _visible_referral(request, pk)
    user = request.user
    audit_view(request, referral)
    may_answer = services.may_answer(user, referral)
    may_close = services.is_referrer(user, referral) or may_answer
    ctx = {
        "referral": referral,
        "child": referral.case.child,
        "events": referral.events.select_related("by").order_by("at", "pk"),
        # The referring side opens the case; the receiving side sees only what the referral shares.
        "sees_case": Case.objects.visible_to(user).filter(pk=referral.case_id).exists(),
        "may_answer": may_answer,
        "may_close": may_close,
        "is_referrer": services.is_referrer(user, referral),
        "next": referral.allowed_next(),
        "form": form or AnswerForm(),
    }
    return render(request, "referrals/referral_detail.html", ctx, status=400 if form else 200)


@require_POST
def referral_answer(request, pk: int):
    referral = _visible_referral(request, pk)
    form = AnswerForm(request.POST)
    if not form.is_valid():
        return referral_detail(request, pk, form=form)
    action, note = form.cleaned_data["action"], form.cleaned_data["note"]
    user = request.user
    try:
        if action == "accept":
            services.referral_accept(actor=user, referral=referral, note=note)
        elif action == "decline":
            services.referral_decline(actor=user, referral=referral, reason=note)
        elif action == "deliver":
            services.referral_feedback(actor=user, referral=referral, feedback=note)
        else:
            services.referral_close(actor=user, referral=referral, note=note)
    except ValidationError as exc:
        add_service_errors(form, exc)
        return referral_detail(request, pk, form=form)
    messages.success(request, _("The referral is now: %(status)s.") % {"status": referral.get_status_display()})
    return redirect("referrals:referral-detail", pk=pk)


def referral_letter(request, pk: int):
    """The printable letter for an organisation that has no users in Careforce, in the user's language."""
    referral = _visible_referral(request, pk)
    if not services.is_referrer(request.user, referral):
        raise PermissionDenied
    audit_log(
        actor=request.user, action=AuditAction.EXPORT, obj=referral, summary="referral letter PDF",
        ip=client_ip(request),
    )
    return render_pdf(
        request,
        "referrals/pdf/letter.html",
        {"referral": referral, "child": referral.case.child, "today": timezone.localdate()},
        filename=f"referral-{referral.pk}",
    )


def referral_new(request):
    user = request.user
    _require(user, selectors.OUTGOING_ROLES)
    try:
        case_pk = int(request.GET.get("case", ""))
    except ValueError:
        case_pk = 0
    case = get_object_or_404(
        Case.objects.visible_to(user).select_related("child", "area", "organisation"), pk=case_pk
    )
    if not services.can_work(user, case):
        raise PermissionDenied
    # Referring from a plan action: the action of this case's plan, its text the reason's first draft.
    action = None
    if (request.GET.get("action") or "").isdigit():
        action = get_object_or_404(
            Action.objects.select_related("goal__plan", "responsible_organisation"),
            pk=int(request.GET["action"]), goal__plan__case=case,
        )
    filters = CatalogueFilterForm(request.GET)
    data = filters.cleaned_or_empty()
    area = data.get("area")
    if area is None and "area" not in request.GET:
        # Start with the services of the child's district.
        area = next((a for a in reversed(case.area.ancestors()) if a.level <= 2), None) or case.area
        filters = CatalogueFilterForm({**request.GET.dict(), "area": area.pk})
        filters.is_valid()
    catalogue = selectors.catalogue(area=area, service_type=data.get("service_type", ""))
    may_override = user.role in services.OVERRIDE_ROLES
    if request.method == "POST":
        form = ReferralForm(request.POST, services=Service.objects.select_related("organisation"),
                            may_override=may_override)
        if form.is_valid():
            d = form.cleaned_data
            try:
                referral = services.referral_create(
                    actor=user,
                    case=case,
                    service=d["service"],
                    reason=d["reason"],
                    urgency=d["urgency"],
                    consent_by=d["consent_by"],
                    consent_to=d["consent_to"],
                    consent_on=d["consent_on"],
                    override_reason=d.get("override_reason", ""),
                    action=action,
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                if referral.mode == "manual":
                    messages.info(
                        request,
                        _("This organisation does not use Careforce: print the letter and record its answer here."),
                    )
                else:
                    messages.success(request, _("The referral is sent."))
                return redirect("referrals:referral-detail", pk=referral.pk)
        form.fields["service"].queryset = catalogue
    else:
        form = ReferralForm(services=catalogue, may_override=may_override,
                            initial={"reason": action.text} if action else None)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "referrals/referral_new.html",
        {"case": case, "form": form, "filters": filters, "action": action,
         "action_query": f"&action={action.pk}" if action else ""},
        status=status,
    )


