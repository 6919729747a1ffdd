"""Forms of the supervision pages: the session form, the list's filters and the coverage date chooser."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from careforce.core.forms import FilterForm
from careforce.core.models import Organisation

from .models import MAX_SESSION_MINUTES, SupervisionKind, Worker

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXT_LIMIT = 5000


class WorkerOptionField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Worker) -> str:
        return f"{obj} · {obj.get_cadre_display()} · {obj.organisation}"


class WorkerOptionsField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Worker) -> str:
        return f"{obj} · {obj.get_cadre_display()} · {obj.organisation}"


class SupervisionSessionForm(forms.Form):
    supervisor = WorkerOptionField(label=_("Supervisor"), queryset=Worker.objects.none())
    kind = forms.ChoiceField(
        label=_("Type of session"),
        choices=SupervisionKind.choices,
        widget=forms.RadioSelect,
        initial=SupervisionKind.INDIVIDUAL,
    )
    supervisees = WorkerOptionsField(
        label=_("Supervised"),
        queryset=Worker.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("One person for an individual session, two or more for a group session."),
    )
    on = forms.DateField(label=_("Date"), widget=DATE, initial=timezone.localdate)
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes)"),
        min_value=1,
        max_value=MAX_SESSION_MINUTES,
        initial=90,
    )
    cases_discussed = forms.IntegerField(
        label=_("Number of cases discussed"), min_value=0, max_value=500, initial=0
    )
    decisions = forms.CharField(
        label=_("Decisions"), required=False, max_length=TEXT_LIMIT, widget=forms.Textarea(attrs={"rows": 3})
    )
    wellbeing = forms.CharField(
        label=_("Wellbeing"),
        required=False,
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "How the worker is coping: stress, workload, support needed. Only the supervisor, the people "
            "supervised in this session and the national administrator can read it."
        ),
    )
    learning_needs = forms.CharField(
        label=_("Learning needs"),
        required=False,
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, candidates, minimums: set[int] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if minimums and len(minimums) == 1:
            minutes = next(iter(minimums))
            self.fields["duration_minutes"].initial = minutes
            self.fields["duration_minutes"].help_text = ngettext(
                "A session counts towards the standard when it lasts at least %(minutes)d minute.",
                "A session counts towards the standard when it lasts at least %(minutes)d minutes.",
                minutes,
            ) % {"minutes": minutes}
        # Only workers in the actor's scope: any other value is refused as an invalid choice.
        self.fields["supervisor"].queryset = candidates
        self.fields["supervisees"].queryset = candidates


class OrganisationChoiceForm(FilterForm):
    """Narrows the session form's people to one organisation and its branches (national and regional
    managers see too many people for one list)."""

    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        required=False,
        queryset=Organisation.objects.none(),
        empty_label=_("Choose an organisation"),
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


class SessionFilterForm(FilterForm):
    supervisor = forms.ModelChoiceField(
        label=_("Supervisor"), required=False, queryset=Worker.objects.none(), empty_label=_("Everyone")
    )
    kind = forms.ChoiceField(
        label=_("Type"), required=False, choices=[("", _("All")), *SupervisionKind.choices]
    )
    date_from = forms.DateField(label=_("From"), required=False, widget=DATE)
    date_to = forms.DateField(label=_("To"), required=False, widget=DATE)
    worker = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def __init__(self, *args, supervisors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["supervisor"].queryset = supervisors

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("The end date is before the start date."))
        return data


class CoverageFilterForm(FilterForm):
    on = forms.DateField(label=_("On"), required=False, widget=DATE)
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        required=False,
        queryset=Organisation.objects.none(),
        empty_label=_("All organisations"),
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations

    def clean_on(self):
        on = self.cleaned_data.get("on")
        if on and on > timezone.localdate():
            raise forms.ValidationError(_("Choose today or a day in the past."))
        return on
