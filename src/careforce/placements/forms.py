from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from careforce.core.forms import FilterForm
from careforce.core.models import Area, Organisation

from .models import FAMILY_KINDS, INSTITUTION_ORG_KINDS, MonitoringStep, SettingKind

DATE = forms.DateInput(attrs={"type": "date"})
TEXT = forms.Textarea(attrs={"rows": 3})


class CareSettingForm(forms.Form):
    kind = forms.ChoiceField(label=_("New care setting"), choices=SettingKind.choices)
    start = forms.DateField(label=_("From"), widget=DATE, initial=timezone.localdate)
    carer = forms.CharField(label=_("With whom"), required=False, max_length=200,
                            help_text=_("The carers or family the child lives with."))
    institution = forms.ModelChoiceField(
        label=_("Institution or home"), required=False, queryset=Organisation.objects.none(),
        help_text=_("Required for a residential institution, a small group home or a family-type home."),
    )
    planned_end = forms.DateField(label=_("Planned end of stay"), required=False, widget=DATE,
                                  help_text=_("For institutions."))
    reason = forms.CharField(label=_("Reason for the change"), widget=TEXT)
    decision = forms.CharField(label=_("Decision"), required=False, max_length=200,
                               help_text=_("Who decided, and the decision number."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["institution"].queryset = Organisation.objects.filter(
            kind__in=INSTITUTION_ORG_KINDS, active=True
        ).order_by("name")


class DateNoteForm(forms.Form):
    on = forms.DateField(label=_("Date"), widget=DATE, initial=timezone.localdate)
    note = forms.CharField(label=_("Notes"), required=False, widget=TEXT)


class MoveForm(forms.Form):
    on = forms.DateField(label=_("Date of the move"), widget=DATE, initial=timezone.localdate)
    kind = forms.ChoiceField(
        label=_("Family care"), choices=[c for c in SettingKind.choices if c[0] in FAMILY_KINDS]
    )
    carer = forms.CharField(label=_("With whom"), required=False, max_length=200)
    decision = forms.CharField(label=_("Decision"), required=False, max_length=200)


class VisitForm(forms.Form):
    step = forms.ModelChoiceField(label=_("Scheduled visit"), required=False,
                                  queryset=MonitoringStep.objects.all(), empty_label=_("An extra visit"))
    visited_on = forms.DateField(label=_("Date of the visit"), widget=DATE, initial=timezone.localdate)
    child_in_family = forms.BooleanField(label=_("The child still lives in the family"), required=False,
                                         initial=True)
    notes = forms.CharField(label=_("Notes"), required=False, widget=TEXT)


def _year_start() -> datetime.date:
    return timezone.localdate().replace(month=1, day=1)


class PeriodForm(FilterForm):
    start = forms.DateField(label=_("From"), required=False, widget=DATE)
    end = forms.DateField(label=_("To"), required=False, widget=DATE)
    area = forms.ModelChoiceField(label=_("Area"), required=False, queryset=Area.objects.none(),
                                  empty_label=_("All my areas"))

    def __init__(self, *args, areas=None, **kwargs):
        super().__init__(*args, **kwargs)
        if areas is not None:
            self.fields["area"].queryset = areas
        else:
            del self.fields["area"]

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("The end date is before the start date."))
        return data

    def period(self) -> tuple[datetime.date, datetime.date]:
        data = self.cleaned_or_empty()
        return data.get("start") or _year_start(), data.get("end") or timezone.localdate()


class ReintegrationFilterForm(FilterForm):
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[])

    def __init__(self, *args, **kwargs):
        from .models import ReintegrationStatus

        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("All")), *ReintegrationStatus.choices]
