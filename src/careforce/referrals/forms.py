from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from careforce.core.forms import FilterForm
from careforce.core.models import Area, AreaLevel

from .models import ConsentBy, ReferralStatus, Service, ServiceType, Urgency

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _areas():
    # Regions and districts: a locality's services are found through its district.
    return Area.objects.filter(level__lte=AreaLevel.DISTRICT).order_by("path")


class CatalogueFilterForm(FilterForm):
    area = forms.ModelChoiceField(
        label=_("Area"), required=False, queryset=Area.objects.none(), empty_label=_("All areas")
    )
    service_type = forms.ChoiceField(
        label=_("Type"), required=False, choices=[("", _("All types")), *ServiceType.choices]
    )
    q = forms.CharField(label=_("Name contains"), required=False, max_length=100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = _areas()


class ReferralFilterForm(FilterForm):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), *ReferralStatus.choices]
    )


class ServiceForm(forms.ModelForm):
    class Meta:
        model = Service
        fields = ["organisation", "area", "service_type", "name", "eligibility", "capacity", "contact", "active"]
        widgets = {"eligibility": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"area": _("Leave empty for the organisation's own area.")}

    def __init__(self, *args, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].required = False
        self.fields["area"].queryset = Area.objects.filter(level__lte=AreaLevel.LOCALITY).order_by("path")
        if organisations is not None:
            self.fields["organisation"].queryset = organisations

    def _post_clean(self):
        # The service (services.service_save) validates and saves; the form only parses.
        pass


class ReferralForm(forms.Form):
    service = forms.ModelChoiceField(label=_("Service"), queryset=Service.objects.none())
    reason = forms.CharField(label=_("Reason for the referral"), widget=forms.Textarea(attrs={"rows": 4}))
    urgency = forms.ChoiceField(label=_("Urgency"), choices=Urgency.choices, initial=Urgency.ROUTINE)
    consent_by = forms.ChoiceField(
        label=_("Consent given by"), required=False, choices=[("", "—"), *ConsentBy.choices]
    )
    consent_to = forms.CharField(
        label=_("Consent given to"),
        required=False,
        max_length=300,
        help_text=_("What the person agreed to, e.g. “sharing the child's name and needs with the day centre”."),
    )
    consent_on = forms.DateField(label=_("Consent given on"), required=False, widget=DATE)
    override = forms.BooleanField(label=_("Send without consent (supervisor's decision)"), required=False)
    override_reason = forms.CharField(
        label=_("Why without consent"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, services=None, may_override: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if services is not None:
            self.fields["service"].queryset = services
        self.fields["service"].label_from_instance = lambda s: (
            f"{s.name} · {s.organisation} ({s.get_service_type_display()})"
        )
        self.fields["consent_on"].initial = timezone.localdate()
        if not may_override:
            del self.fields["override"]
            del self.fields["override_reason"]

    def clean(self):
        data = super().clean()
        if data.get("override") and not (data.get("override_reason") or "").strip():
            self.add_error("override_reason", _("Say why the referral goes without consent."))
        if not data.get("override"):
            data["override_reason"] = ""
        return data


class AnswerForm(forms.Form):
    action = forms.ChoiceField(
        choices=[("accept", "accept"), ("decline", "decline"), ("deliver", "deliver"), ("close", "close")]
    )
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
