from __future__ import annotations

import re
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from careforce.core.forms import FilterForm
from careforce.core.models import Area, Organisation
from careforce.workforce.models import Worker

from .models import Competency, Course, CourseKind, CpdKind, TrainingSession

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


# --- CPD, competency assessments, the figures -------------------------------------------------------------


class CpdRecordForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of activity"), choices=CpdKind.choices, initial=CpdKind.WORKSHOP)
    title = forms.CharField(label=_("Activity"), max_length=200)
    done_on = forms.DateField(label=_("Date"), widget=DATE)
    hours = forms.DecimalField(label=_("Hours"), min_value=Decimal("0.5"), max_value=Decimal("500"), decimal_places=1)
    credits = forms.DecimalField(label=_("CPD credits"), required=False, min_value=Decimal("0"),
                                 max_value=Decimal("500"), decimal_places=1)
    learnt = forms.CharField(label=_("What was learnt"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    impact = forms.CharField(label=_("Impact on practice"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("What you do differently in your work since."))


class AssessmentForm(forms.Form):
    """One choice of level per competency; a competency left at "not assessed" is not rated this time."""

    assessed_on = forms.DateField(label=_("Date"), widget=DATE)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, competencies, levels, required: dict[int, int], **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("Not assessed")), *[(lv.level, f"{lv.level} · {lv}") for lv in levels]]
        self.rows = []
        for comp in competencies:
            name = f"level_{comp.pk}"
            self.fields[name] = forms.TypedChoiceField(
                label=str(comp), choices=choices, required=False, coerce=int, empty_value=None,
            )
            self.rows.append((comp, name, required.get(comp.pk)))

    def bound_rows(self):
        return [(comp, self[name], req) for comp, name, req in self.rows]

    def ratings(self) -> dict[int, int]:
        return {
            comp.pk: self.cleaned_data[name] for comp, name, _req in self.rows if self.cleaned_data.get(name)
        }

    def clean(self):
        data = super().clean()
        if self.rows and not any(data.get(name) for _c, name, _r in self.rows):
            raise forms.ValidationError(_("Rate at least one competency."))
        return data


class AreaFilterForm(FilterForm):
    """An area of the user's subtree (down to districts in the list), a cadre and, for CPD, a day."""

    area = forms.ModelChoiceField(label=_("Area"), required=False, queryset=Area.objects.none(), empty_label=None)
    cadre = forms.ChoiceField(label=_("Cadre"), required=False)
    on = forms.DateField(label=_("On"), required=False, widget=DATE)

    def __init__(self, *args, root: Area | None, cadres: list[tuple[str, str]], with_date: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cadre"].choices = [("", _("All cadres")), *cadres]
        if not with_date:
            del self.fields["on"]
        if root is None:
            del self.fields["area"]
            return
        self.limit_area_to(root)
