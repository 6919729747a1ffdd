from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from careforce.core.models import Organisation
from careforce.workforce.models import Worker

from .models import Competency, Course, CourseKind, TrainingSession

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CourseForm(forms.ModelForm):
    competencies = forms.ModelMultipleChoiceField(
        label=_("Competencies"), required=False, queryset=Competency.objects.filter(parent__isnull=False),
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Course
        fields = ["title", "kind", "description", "hours", "cpd_credits", "trains_trainers", "test_max", "active"]
        widgets = {"kind": forms.Select(choices=CourseKind.choices)}


class SessionForm(forms.Form):
    course = forms.ModelChoiceField(label=_("Course"), queryset=Course.objects.filter(active=True))
    starts_on = forms.DateField(label=_("First day"), widget=DATE)
    ends_on = forms.DateField(label=_("Last day"), widget=DATE)
    venue = forms.CharField(label=_("Venue"), max_length=200, required=False)
    organiser = forms.ModelChoiceField(label=_("Organiser"), queryset=Organisation.objects.order_by("name"))
    trainers = forms.ModelMultipleChoiceField(
        label=_("Trainers"), queryset=Worker.objects.none(), widget=forms.CheckboxSelectMultiple,
    )
    cascades_from = forms.ModelChoiceField(
        label=_("Cascades from"), required=False, queryset=TrainingSession.objects.none(),
        help_text=_("The training of trainers where this session's trainers were trained."),
    )

    def __init__(self, *args, trainers, parents, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["trainers"].queryset = trainers
        self.fields["cascades_from"].queryset = parents

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("The session cannot end before it starts."))
        return data


class ParticipantsForm(forms.Form):
    workers = forms.CharField(
        label=_("Worker numbers"), max_length=2000,
        help_text=_("The registry numbers of the workers taking part, separated by commas or spaces."),
    )

    def clean_workers(self) -> list[int]:
        raw = self.cleaned_data["workers"]
        parts = [p for p in re.split(r"[\s,;]+", raw) if p]
        if not parts or not all(p.isdigit() for p in parts):
            raise forms.ValidationError(_("Give worker numbers only, e.g. 12, 57, 301."))
        return [int(p) for p in parts]
