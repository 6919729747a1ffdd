"""The Family Support Service pages: a case's support (records and forms) and the totals over a period."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from careforce.core.charts import Bar, bar_chart
from careforce.core.exports import FORMATS, table_response
from careforce.core.forms import FilterForm
from careforce.core.models import Area, Organisation
from careforce.core.pagination import paginate, query_without_page
from careforce.workforce.tabs import add_tab

from .. import support_totals
from ..models import Currency, PrimaryKind, PrimarySupport, SupportDecision, SupportForm, SupportPayment
from ..sections import register_section
from ..services import support as svc
from ..services.common import can_work
from .common import add_errors, visible_case

LATEST = 100  # a case's support records shown: a family gets a few dozen at most


class _Date(forms.DateInput):
    input_type = "date"


class PrimaryForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Kind of support"), choices=PrimaryKind.choices)
    on = forms.DateField(label=gettext_lazy("Date"), widget=_Date)
    duration_minutes = forms.IntegerField(
        label=gettext_lazy("Duration (minutes)"), required=False, min_value=1, max_value=24 * 60
    )
    given_by = forms.CharField(
        label=gettext_lazy("Given by"), required=False, max_length=150,
        help_text=gettext_lazy("Leave empty if you gave it yourself."),
    )
    notes = forms.CharField(label=gettext_lazy("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class DecisionForm(forms.Form):
    number = forms.CharField(label=gettext_lazy("Decision number"), max_length=40)
    decided_on = forms.DateField(label=gettext_lazy("Decision date"), widget=_Date)
    decided_by = forms.CharField(
        label=gettext_lazy("Decided by"), max_length=150,
        help_text=gettext_lazy("The person or body that took the decision, e.g. the commission for children."),
    )
    notes = forms.CharField(label=gettext_lazy("What was granted"), required=False, max_length=300)


class PaymentForm(forms.Form):
    decision = forms.ModelChoiceField(
        label=gettext_lazy("Decision"), queryset=SupportDecision.objects.none(), required=False,
        empty_label=gettext_lazy("— choose the decision —"),
    )
    form = forms.ChoiceField(label=gettext_lazy("Form of support"), choices=SupportForm.choices,
                             widget=forms.RadioSelect, initial=SupportForm.CASH)
    amount = forms.DecimalField(
        label=gettext_lazy("Amount"), max_digits=12, decimal_places=2,
        help_text=gettext_lazy("In kind: the value of what was given."),
    )
    currency = forms.ChoiceField(label=gettext_lazy("Currency"), choices=Currency.choices, initial=Currency.MDL)
    paid_on = forms.DateField(label=gettext_lazy("Date given"), widget=_Date)
    purpose = forms.CharField(label=gettext_lazy("Purpose"), max_length=200)
    in_kind_description = forms.CharField(label=gettext_lazy("What was given in kind"), required=False,
                                          max_length=300)

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].queryset = SupportDecision.objects.filter(case=case, cancelled_at__isnull=True)


class CancelForm(forms.Form):
    record = forms.CharField(widget=forms.HiddenInput)  # "primary-12", "decision-3", "payment-7"
    reason = forms.CharField(label=gettext_lazy("Reason for cancelling"), max_length=300)


CANCELLABLE = {"primary": PrimarySupport, "decision": SupportDecision, "payment": SupportPayment}
FORMS = {"primary": PrimaryForm, "decision": DecisionForm, "payment": PaymentForm, "cancel": CancelForm}


def _case_for_support(request, pk: int):
    case = visible_case(request, pk)  # 403 for roles without cases, 404 outside the scope
    if not svc.may_read_support(request.user):
        raise PermissionDenied  # community volunteers: amounts and counselling notes are not theirs to read
    return case


def _run(kind: str, request, case, data: dict):
    user = request.user
    if kind == "primary":
        return svc.primary_support_record(actor=user, case=case, **data)
    if kind == "decision":
        return svc.support_decision_record(actor=user, case=case, **data)
    if kind == "payment":
        return svc.support_payment_record(actor=user, case=case, **data)
    prefix, _sep, pk = data["record"].partition("-")
    model = CANCELLABLE.get(prefix)
    if model is None or not pk.isdigit():
        raise ValidationError(_("Choose a record to cancel."))
    record = get_object_or_404(model.objects.filter(case=case).select_related("case"), pk=int(pk))
    return svc.support_cancel(actor=user, record=record, reason=data["reason"])


def case_support(request, pk: int):
    case = _case_for_support(request, pk)
    user = request.user
    today = timezone.localdate()
    bound: dict[str, forms.Form] = {}
    status = 200
    if request.method == "POST":
        kind = request.POST.get("record_kind", "")
        if kind not in FORMS:
            status = 400
            messages.error(request, _("Choose what to record."))
        else:
            if not can_work(user, case):
                raise PermissionDenied
            if kind == "decision" and not svc.may_record_decision(user, case):
                raise PermissionDenied
            form_class = FORMS[kind]
            form = form_class(request.POST, case=case) if form_class is PaymentForm else form_class(request.POST)
            bound[kind] = form
            if form.is_valid():
                try:
                    _run(kind, request, case, form.cleaned_data)
                except ValidationError as exc:
                    add_errors(form, exc)
                    status = 400
                else:
                    messages.success(request, _("Saved."))
                    return redirect("cases:case-support", pk=case.pk)
            else:
                status = 400
    initial = {"on": today, "paid_on": today, "decided_on": today}
    ctx = {
        "case": case,
        "can_work": can_work(user, case),
        "may_decide": svc.may_record_decision(user, case),
        "primary": list(PrimarySupport.objects.filter(case=case).select_related("recorded_by", "cancelled_by")
                        [:LATEST]),
        "decisions": list(SupportDecision.objects.filter(case=case).select_related("recorded_by", "cancelled_by")
                          [:LATEST]),
        "payments": list(SupportPayment.objects.filter(case=case)
                         .select_related("decision", "recorded_by", "cancelled_by")[:LATEST]),
        "totals": support_totals.case_totals(case),
        "primary_form": bound.get("primary") or PrimaryForm(initial=initial),
        "decision_form": bound.get("decision") or DecisionForm(initial=initial),
        "payment_form": bound.get("payment") or PaymentForm(initial=initial, case=case),
        "cancel_form": bound.get("cancel"),
        "latest": LATEST,
    }
    template = "cases/support/_records.html" if request.htmx else "cases/support/case_support.html"
    return render(request, template, ctx, status=status)


# --- The section on the case page ---------------------------------------------------------------------


def case_section(request, case) -> dict | None:
    if not svc.may_read_support(request.user):
        return None
    return {"support_totals": support_totals.case_totals(case)}  # one query: the panel stays cheap


register_section("cases/support/_case_section.html", case_section, order=60)
# The totals sit with the other figures of care (institutions, reintegrations, outcomes).
add_tab("support", "cases:support-totals", gettext_lazy("Family support"),
        lambda u: u.role in support_totals.TOTALS_ROLES, 40, group="care")


# --- Totals --------------------------------------------------------------------------------------------


class TotalsForm(FilterForm):
    area = forms.ModelChoiceField(label=gettext_lazy("Area"), required=False, queryset=Area.objects.none(),
                                  empty_label=None)
    organisation = forms.ModelChoiceField(
        label=gettext_lazy("Organisation"), required=False, queryset=Organisation.objects.none(),
        empty_label=gettext_lazy("All organisations"),
    )
    start = forms.DateField(label=gettext_lazy("From"), required=False, widget=_Date)
    end = forms.DateField(label=gettext_lazy("To"), required=False, widget=_Date)

    def __init__(self, *args, root: Area, organisation: Organisation | None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = Area.objects.filter(path__startswith=root.path)
        self.fields["area"].widget.choices = [
            (a.pk, ("— " * (a.level - root.level)) + a.display_name) for a in support_totals.areas_for(root)
        ]
        self.fields["organisation"].queryset = support_totals.organisations_for(root, organisation)

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("The end date is before the start date."))
        return data


def _amounts(row, currencies: list[str]) -> list:
    return [row.amounts.get(c, "") for c in currencies]


def support_totals_page(request):
    user = request.user
    root, own_org = support_totals.totals_scope(user)  # 403 for those who read no totals
    form = TotalsForm(request.GET or None, root=root, organisation=own_org)
    data = form.cleaned_or_empty() if form.is_bound else {}
    today = timezone.localdate()
    area = data.get("area") or root
    organisation = own_org or data.get("organisation")
    start = data.get("start") or date(today.year, 1, 1)
    end = data.get("end") or today
    totals = support_totals.compute(area=area, organisation=organisation, start=start, end=end)
    families = user.role in support_totals.FAMILY_ROLES
    currencies = totals.currencies

    fmt = request.GET.get("format")
    if fmt in FORMATS:
        families = (support_totals.household_totals(area=area, organisation=organisation, start=start, end=end)
                    if families else None)
        headers = [_("Table"), _("Name"), _("Payments"), _("Primary support given"),
                   *[_("Total in %(currency)s") % {"currency": c} for c in currencies]]
        rows = [[_("Area"), r.label, r.payments, r.sessions, *_amounts(r, currencies)] for r in totals.by_area]
        rows += [[_("Organisation"), r.label, r.payments, "", *_amounts(r, currencies)] for r in totals.by_organisation]
        if families is not None:
            rows += [[_("Family"), f"#{r.key} {r.label}", r.payments, "", *_amounts(r, currencies)] for r in families]
        # Amounts as numbers in a spreadsheet, with their cents in CSV.
        cell = (lambda v: str(v)) if fmt == "csv" else float
        rows = [[cell(v) if isinstance(v, Decimal) else v for v in row] for row in rows]
        return table_response(headers, rows, fmt, filename=f"careforce-family-support-{area.code}-{start}-{end}")

    charts = [
        (c, bar_chart([Bar(r.label, float(r.amounts.get(c, 0))) for r in totals.by_area],
                      title=_("Support given in %(currency)s by area") % {"currency": c}, unit=c, decimals=0))
        for c in currencies if totals.by_area
    ]
    page = None
    if families:
        filters = {"area": area, "organisation": organisation, "start": start, "end": end}
        page = paginate(request, support_totals.household_ranking(**filters))
        page.object_list = support_totals.household_rows(page.object_list, **filters)
    for row in [*totals.by_area, *totals.by_organisation, *(page or [])]:
        row.cells = [row.amounts.get(c) for c in currencies]
    export_query = request.GET.copy()
    export_query.pop("format", None)
    export_query.pop("page", None)
    ctx = {
        "form": form,
        "totals": totals,
        "currencies": currencies,
        "charts": charts,
        "page": page,
        "query": query_without_page(request),
        "export_query": export_query.urlencode(),
        "own_org": own_org,
    }
    return render(request, "cases/support/totals.html", ctx)
