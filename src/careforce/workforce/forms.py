from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from careforce.core.forms import FilterForm
from careforce.core.models import Organisation

from .models import Cadre

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
