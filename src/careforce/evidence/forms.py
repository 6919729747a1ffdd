"""Forms of the staffing study pages. They check the shape of the input only (numbers, choices, lengths);
whether the numbers make a WISN calculation is checked by workforce.wisn, through the service, and its
errors are put back on these forms by `apply_wisn_errors`."""

from __future__ import annotations

import re
from collections.abc import Sequence

from django import forms
from django.utils.translation import gettext_lazy as _

from careforce.cases.workload import Activity
from careforce.core.forms import FilterForm
from careforce.core.models import Area
from careforce.workforce import wisn
from careforce.workforce.models import Cadre

from .staffing import WORKING_TIME_FIELDS, ActivityIn, AllowanceIn, StudyIn, plain


def _number(label, max_digits: int, decimal_places: int, *, help_text="", required=True) -> forms.DecimalField:
    # step "any": the browser accepts any decimal; the server says what is wrong.
    return forms.DecimalField(
        label=label, max_digits=max_digits, decimal_places=decimal_places, required=required, help_text=help_text,
        widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
    )


class StudyForm(forms.Form):
    name = forms.CharField(label=_("Name of the study"), max_length=200)
    area = forms.ModelChoiceField(
        label=_("Area"), queryset=Area.objects.none(),
        help_text=_("The result shows one row for each area one level below this one."),
    )
    cadre = forms.ChoiceField(label=_("Cadre"), choices=Cadre.choices)
    year = forms.IntegerField(
        label=_("Year"), min_value=2000, max_value=2100,
        help_text=_("The activities recorded in this year are the workload."),
    )
    working_days = _number(_("Working days in the year"), 4, 1, help_text=_("Weekdays, before holidays and leave."))
    public_holidays = _number(_("Public holidays (days)"), 4, 1)
    annual_leave_days = _number(_("Annual leave (days)"), 4, 1)
    sick_leave_days = _number(_("Sick leave (days)"), 4, 1, help_text=_("On average per worker."))
    other_leave_days = _number(
        _("Other absence (days)"), 4, 1, help_text=_("Training away from work, other leave: on average per worker.")
    )
    hours_per_day = _number(_("Working hours per day"), 4, 2)

    def __init__(self, *args, areas, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = areas


class ActivityForm(forms.Form):
    activity = forms.ChoiceField(choices=Activity.choices, widget=forms.HiddenInput)
    standard_hours = _number(_("Hours per unit"), 6, 2, required=False)
    annual_volume_override = _number(_("Annual volume, entered"), 10, 1, required=False)

    def label(self) -> str:
        value = self["activity"].value()
        return str(dict(Activity.choices).get(value, value))


class CategoryAllowanceForm(forms.Form):
    name = forms.CharField(label=_("Support work"), max_length=200, required=False)
    amount = _number(_("Percent of working time"), 5, 2, required=False)


class IndividualAllowanceForm(forms.Form):
    name = forms.CharField(label=_("Work only some do"), max_length=200, required=False)
    amount = _number(_("Hours per year in each area"), 8, 1, required=False)


_LIMITS = {"max_num": wisn.MAX_ITEMS, "absolute_max": wisn.MAX_ITEMS, "validate_max": True}
ActivityFormSet = forms.formset_factory(ActivityForm, extra=0, **_LIMITS)
CategoryAllowanceFormSet = forms.formset_factory(CategoryAllowanceForm, extra=2, can_delete=True, **_LIMITS)
IndividualAllowanceFormSet = forms.formset_factory(IndividualAllowanceForm, extra=2, can_delete=True, **_LIMITS)


class StudyForms:
    """The study's form and its three formsets, read and checked together."""

    def __init__(self, data=None, *, areas, initial: StudyIn | None = None):
        initial_fields, activities, category, individual = {}, [], [], []
        if initial is not None:
            initial_fields = {name: getattr(initial, name) for name in ("name", "area", "cadre", "year")}
            initial_fields |= {name: plain(getattr(initial, name)) for name in WORKING_TIME_FIELDS}
            saved = {a.activity: a for a in initial.activities}
            # Every recorded activity has its row; a row without a standard is not part of the study.
            activities = [
                {
                    "activity": key,
                    "standard_hours": plain(saved[key].standard_hours) if key in saved else None,
                    "annual_volume_override": plain(saved[key].annual_volume_override) if key in saved else None,
                }
                for key in Activity.values
            ]
            category = [{"name": c.name, "amount": plain(c.amount)} for c in initial.category_allowances]
            individual = [{"name": i.name, "amount": plain(i.amount)} for i in initial.individual_allowances]
        self.study = StudyForm(data, areas=areas, initial=initial_fields)
        self.activities = ActivityFormSet(data, prefix="act", initial=activities or None)
        self.category = CategoryAllowanceFormSet(data, prefix="cat", initial=category)
        self.individual = IndividualAllowanceFormSet(data, prefix="ind", initial=individual)
        # The forms behind each list of `cleaned()`, in order: WisnError paths index them.
        self.activity_rows: list[ActivityForm] = []
        self.category_rows: list[forms.Form] = []
        self.individual_rows: list[forms.Form] = []

    def is_valid(self) -> bool:
        return all([f.is_valid() for f in (self.study, self.activities, self.category, self.individual)])

    def cleaned(self) -> StudyIn:
        """The input as entered (call after is_valid). Rows left empty, or marked for removal, are dropped."""
        activities = []
        self.activity_rows = []
        for form in self.activities:
            data = form.cleaned_data
            if data.get("standard_hours") is None and data.get("annual_volume_override") is None:
                continue
            self.activity_rows.append(form)
            activities.append(ActivityIn(data["activity"], data["standard_hours"], data["annual_volume_override"]))
        category, self.category_rows = self._allowances(self.category)
        individual, self.individual_rows = self._allowances(self.individual)
        data = self.study.cleaned_data
        return StudyIn(
            **{name: data[name] for name in ("name", "area", "cadre", "year", *WORKING_TIME_FIELDS)},
            activities=activities,
            category_allowances=category,
            individual_allowances=individual,
        )

    @staticmethod
    def _allowances(formset) -> tuple[list[AllowanceIn], list[forms.Form]]:
        out, rows = [], []
        for form in formset:
            data = form.cleaned_data
            if data.get("DELETE") or (not (data.get("name") or "").strip() and data.get("amount") is None):
                continue
            rows.append(form)
            out.append(AllowanceIn((data.get("name") or "").strip(), data.get("amount")))
        return out, rows

    def apply_wisn_errors(self, errors: dict[str, str]) -> None:
        """Put each WisnError message on the field it names ("activities[2].standard_hours", ...)."""
        lists = {
            "activities": (self.activity_rows, {"name": "standard_hours", "standard_hours": "standard_hours"}),
            "category_allowances": (self.category_rows, {"name": "name", "percent": "amount"}),
            "individual_allowances": (self.individual_rows, {"name": "name", "hours_per_year": "amount"}),
        }
        by_activity = {form.cleaned_data.get("activity"): form for form in self.activity_rows}
        sections = {"activities": self.activities, "category_allowances": self.category,
                    "individual_allowances": self.individual}
        for path, message in errors.items():
            if path in self.study.fields:
                self.study.add_error(path, message)
                continue
            if path in sections:  # about a list as a whole: shown above its table
                sections[path].non_form_errors().append(message)
                continue
            match = re.fullmatch(r"(\w+)\[(\d+)\]\.(\w+)(?:\[(\w+)\])?", path)
            if match and match[1] in lists:
                rows, fields = lists[match[1]]
                index = int(match[2])
                if index < len(rows) and match[3] in fields:
                    rows[index].add_error(fields[match[3]], message)
                    continue
            if match and match[1] == "areas" and match[3] == "volumes" and match[4] in by_activity:
                by_activity[match[4]].add_error("annual_volume_override", message)
                continue
            self.study.add_error(None, message)

    def has_errors(self) -> bool:
        forms_ = [self.study, *self.activities, *self.category, *self.individual]
        return any(f.errors for f in forms_) or any(
            fs.non_form_errors() for fs in (self.activities, self.category, self.individual)
        )


class WhatIfForm(FilterForm):
    """Annual volumes for the whole study area, by GET, not saved: what if the workload were this?"""

    def __init__(self, *args, activities: Sequence, **kwargs):
        super().__init__(*args, **kwargs)
        for activity in activities:
            self.fields[activity.activity] = _number(activity.get_activity_display(), 12, 1, required=False)

    def overrides(self) -> dict:
        """Activity → the volume entered (absent: the recorded volume), when the form is valid."""
        return {k: v for k, v in self.cleaned_data.items() if v is not None}

    def apply_wisn_errors(self, errors: dict[str, str]) -> None:
        for path, message in errors.items():
            match = re.fullmatch(r"areas\[\d+\]\.volumes\[(\w+)\]", path)
            field = match[1] if match and match[1] in self.fields else None
            if field is None or not self.has_error(field):
                self.add_error(field, message)


# --- Dashboards and indicator pages --------------------------------------------------------------------


def _years() -> list[tuple[int, int]]:
    from django.utils import timezone

    this = timezone.localdate().year
    return [(y, y) for y in range(this, this - 10, -1)]


class DashboardForm(FilterForm):
    """The dashboard's year and area (a supervisor: her organisation or her team)."""

    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)
    area = forms.ModelChoiceField(label=_("Area"), required=False, queryset=Area.objects.none(), empty_label=None)
    scope = forms.ChoiceField(label=_("Figures of"), required=False,
                              choices=[("organisation", _("My organisation")), ("team", _("My team"))])

    def __init__(self, *args, root: Area | None, supervisor: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = _years()
        if root is None:
            del self.fields["area"]
        else:
            self.limit_area_to(root)
        if not supervisor:
            del self.fields["scope"]


class IndicatorValuesForm(DashboardForm):
    by = forms.ChoiceField(label=_("Broken down by"), required=False)

    def __init__(self, *args, indicator, **kwargs):
        super().__init__(*args, **kwargs)
        from .indicators import DIMENSIONS

        self.fields["by"].choices = [("", _("Area only")), *[
            (d, DIMENSIONS[d]) for d in indicator.disaggregations if d not in ("area", "period")
        ]]
