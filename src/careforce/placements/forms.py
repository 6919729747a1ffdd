from __future__ import annotations

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from careforce.core.forms import FilterForm
from careforce.core.models import Area, AreaLevel, Organisation

from .models import FAMILY_KINDS, INSTITUTION_ORG_KINDS, MonitoringStep, SettingKind, takes_children
from .selectors import INSTITUTIONS_LISTED

DATE = forms.DateInput(attrs={"type": "date"})
TEXT = forms.Textarea(attrs={"rows": 3})


class InstitutionSearchForm(FilterForm):
    """Finding the institution a child moves to, by GET: the child's region is offered first; another area or
    part of a name brings any other institution of the country within reach."""

    area = forms.TypedChoiceField(label=_("Area"), required=False, coerce=int, empty_value=None, choices=[])
    q = forms.CharField(label=_("Name contains"), required=False, max_length=100)

    def __init__(self, *args, areas: list[Area], **kwargs):
        """`areas`: the regions and districts, in the order of the tree."""
        super().__init__(*args, **kwargs)
        self.fields["area"].choices = [
            ("", _("The whole country")),
            *((a.pk, "— " * (a.level - AreaLevel.REGION) + a.display_name) for a in areas),
        ]


def _group_of(org: Organisation) -> Area:
    # A home in a village is listed under its district; one run from a district or a region, under that area.
    area = org.area
    return area.parent if area.level > AreaLevel.DISTRICT and area.parent_id else area


class InstitutionField(forms.ModelChoiceField):
    """The institutions offered, grouped by district (<optgroup>). A choice outside them is refused with the
    reason, found with one query on that path only."""

    def __init__(self, *args, **kwargs):
        self.offered_in = ""
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj: Organisation) -> str:
        # The village, for a home listed under its district (unless its name says it already).
        place = obj.area.display_name
        if obj.area_id != _group_of(obj).pk and place not in obj.name:
            return f"{obj.name} · {place}"
        return obj.name

    def to_python(self, value):
        try:
            return super().to_python(value)
        except ValidationError as exc:
            raise ValidationError(self.refusal(value), code="invalid_choice") from exc

    def refusal(self, value) -> str:
        org = Organisation.objects.filter(pk=value).first() if str(value).isdigit() else None
        if org is None:
            return _("Choose the institution from the list.")
        if org.kind not in INSTITUTION_ORG_KINDS:
            return _("%(name)s is not a residential institution or family-type home.") % {"name": org.name}
        if not takes_children(org):
            return _("%(name)s is closed: it takes no child today.") % {"name": org.name}
        return _("%(name)s is not among the institutions offered (%(offered)s): find it with the search above, "
                 "then choose it.") % {"name": org.name, "offered": self.offered_in}


class CareSettingForm(forms.Form):
    kind = forms.ChoiceField(label=_("New care setting"), choices=SettingKind.choices)
    start = forms.DateField(label=_("From"), widget=DATE, initial=timezone.localdate)
    carer = forms.CharField(label=_("With whom"), required=False, max_length=200,
                            help_text=_("The carers or family the child lives with."))
    institution = InstitutionField(label=_("Institution or home"), required=False,
                                   queryset=Organisation.objects.none(), empty_label=_("— none —"))
    planned_end = forms.DateField(label=_("Planned end of stay"), required=False, widget=DATE,
                                  help_text=_("For institutions."))
    reason = forms.CharField(label=_("Reason for the change"), widget=TEXT)
    decision = forms.CharField(label=_("Decision"), required=False, max_length=200,
                               help_text=_("Who decided, and the decision number."))

    def __init__(self, *args, institutions: QuerySet[Organisation], offered_in: str, **kwargs):
        """`institutions`: what the search offers (placements.selectors.institutions_offered); the choice is
        validated against all of them, the first INSTITUTIONS_LISTED are listed (one query)."""
        super().__init__(*args, **kwargs)
        field = self.fields["institution"]
        field.queryset = institutions
        field.offered_in = offered_in
        listed = list(institutions[: INSTITUTIONS_LISTED + 1])
        self.more_institutions = len(listed) > INSTITUTIONS_LISTED
        groups: dict[int, tuple[str, list]] = {}
        for org in listed[:INSTITUTIONS_LISTED]:
            group = _group_of(org)
            options = groups.setdefault(group.pk, (group.display_name, []))[1]
            options.append((org.pk, field.label_from_instance(org)))
        field.widget.choices = [
            ("", field.empty_label),
            *((label, sorted(options, key=lambda o: o[1])) for label, options in groups.values()),
        ]
        if not listed:
            help_text = _("No institution or home taking children in %(offered)s: search another area above.")
        elif self.more_institutions:
            help_text = _("The first %(n)s institutions and homes of %(offered)s: give part of the name or a "
                          "district above to find the others.")
        else:
            help_text = _("Institutions and homes in %(offered)s; for another area, search above. Required for a "
                          "residential institution, a small group home or a family-type home.")
        field.help_text = help_text % {"offered": offered_in, "n": INSTITUTIONS_LISTED}


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
