from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from careforce.core.forms import FilterForm
from careforce.core.models import Area, Organisation

from .models import Cadre, LeavingReason, Post, Sex, Worker

YES_NO = [("", _("All")), ("yes", _("Yes")), ("no", _("No"))]


class _ScopedFilterForm(FilterForm):
    cadre = forms.ChoiceField(label=_("Cadre"), required=False, choices=[("", _("All cadres")), *Cadre.choices])
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), required=False, queryset=Organisation.objects.none(),
        empty_label=_("All organisations"),
    )

    def __init__(self, *args, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        if organisations is not None:
            # Only the organisations the user sees: choosing another is refused as an invalid choice.
            self.fields["organisation"].queryset = organisations


class WorkerFilterForm(_ScopedFilterForm):
    active = forms.ChoiceField(label=_("Active"), required=False, choices=YES_NO)


class PostFilterForm(_ScopedFilterForm):
    vacant = forms.ChoiceField(label=_("Vacant"), required=False, choices=YES_NO)


class IndicatorForm(FilterForm):
    """The indicators' area, cadre, date and period. A bad value is reported and the defaults apply."""

    area = forms.ModelChoiceField(label=_("Area"), required=False, queryset=Area.objects.none(),
                                  empty_label=None)
    cadre = forms.ChoiceField(label=_("Cadre"), required=False, choices=[("", _("All cadres")), *Cadre.choices])
    on = forms.DateField(label=_("On"), required=False, widget=forms.DateInput(attrs={"type": "date"}),
                         help_text=_("Headcount, density, vacancies, age and sex on this date."))
    period_from = forms.DateField(
        label=_("Exits from"), required=False, widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Attrition counts exits from this date to the date above (twelve months if left empty)."),
    )

    def __init__(self, *args, root: Area, **kwargs):
        super().__init__(*args, **kwargs)
        self.root = root
        self.limit_area_to(root)

    def clean(self):
        data = super().clean()
        on, start = data.get("on"), data.get("period_from")
        if on and start and start > on:
            self.add_error("period_from", _("The period cannot start after the date it ends on."))
        return data


# --- Keeping the registry: workers, posts, assignments ----------------------------------------------


class _DateInput(forms.DateInput):
    input_type = "date"


class WorkerForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Worker
        fields = [
            "given_name", "family_name", "sex", "birth_year", "cadre", "qualification",
            "professional_registration", "organisation", "area", "user", "phone", "email", "active",
        ]
        widgets = {"sex": forms.RadioSelect}

    def __init__(self, *args, organisations, areas, accounts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sex"].choices = Sex.choices  # no blank radio button
        self.fields["organisation"].queryset = organisations.order_by("name")
        self.fields["area"].queryset = areas.order_by("path")
        self.fields["area"].required = False
        self.fields["area"].empty_label = _("The organisation's area")
        # Accounts nobody else's worker record is linked to (or this worker's own).
        self.fields["user"].queryset = accounts
        self.fields["user"].empty_label = _("No user account")
        self.fields["user"].label_from_instance = lambda u: f"{u.get_full_name() or u.username} ({u.username})"
        self.fields["organisation"].label_from_instance = lambda o: o.name
        self.fields["area"].label_from_instance = lambda a: a.display_name
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version


class PostForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Post
        fields = ["title", "organisation", "area", "cadre", "fte", "funded_from", "funded_until"]
        widgets = {"funded_from": _DateInput, "funded_until": _DateInput}

    def __init__(self, *args, organisations, areas, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations.order_by("name")
        self.fields["organisation"].label_from_instance = lambda o: o.name
        self.fields["area"].queryset = areas.order_by("path")
        self.fields["area"].required = False
        self.fields["area"].empty_label = _("The organisation's area")
        self.fields["area"].label_from_instance = lambda a: a.display_name
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version


class AssignmentStartForm(forms.Form):
    post = forms.ModelChoiceField(
        label=_("Post"), queryset=Post.objects.none(), required=False, empty_label=_("No funded post"),
        help_text=_("Posts of the worker's organisation nobody holds today. Volunteers have no post."),
    )
    start = forms.DateField(label=_("Start"), widget=_DateInput)
    fte = forms.DecimalField(label=_("Full-time equivalent"), required=False, min_value=Decimal("0.1"),
                             max_value=Decimal("1.0"), decimal_places=2,
                             help_text=_("Left empty: the post's."))
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, posts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["post"].queryset = posts
        self.fields["post"].label_from_instance = lambda p: f"{p.title} · {p.get_cadre_display()}"


class AssignmentEndForm(forms.Form):
    end = forms.DateField(label=_("Last day"), widget=_DateInput)
    reason_for_leaving = forms.ChoiceField(label=_("Reason for leaving"), choices=LeavingReason.choices,
                                           widget=forms.RadioSelect)
