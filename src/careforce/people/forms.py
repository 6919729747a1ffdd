from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from careforce.core.models import Area, AreaLevel, User
from careforce.core.roles import Role

from .models import RelationshipKind, Sex


class LocalityChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Area) -> str:
        return f"{obj.display_name} ({obj.parent.display_name})" if obj.parent_id else obj.display_name


def localities_for(user: User):
    qs = Area.objects.filter(level=AreaLevel.LOCALITY).select_related("parent").order_by("name")
    area = user.scope_area
    if user.role not in (Role.NATIONAL_ADMIN,) and area is not None and area.level > AreaLevel.COUNTRY:
        # A worker registers children of her own district: her organisation's district and below.
        district = area if area.level <= AreaLevel.DISTRICT else area.parent
        qs = qs.filter(path__startswith=district.path)
    return qs


class PersonForm(forms.Form):
    given_name = forms.CharField(label=_("Given name"), max_length=80)
    family_name = forms.CharField(label=_("Family name"), max_length=80)
    patronymic = forms.CharField(label=_("Patronymic"), max_length=80, required=False)
    birth_date = forms.DateField(label=_("Date of birth"), widget=forms.DateInput(attrs={"type": "date"}))
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices, widget=forms.RadioSelect)
    personal_number = forms.CharField(
        label=_("Personal identification number"),
        max_length=20,
        required=False,
        help_text=_("IDNP or CNP, when known."),
    )
    area = LocalityChoiceField(label=_("Locality"), queryset=Area.objects.none(), required=False)
    address = forms.CharField(label=_("Address"), max_length=250, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    health_notes = forms.CharField(
        label=_("Health and disability"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Seen only by case workers and their supervisors."),
    )

    def __init__(self, *args, user: User, show_sensitive: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = localities_for(user)
        if not show_sensitive:
            del self.fields["health_notes"]

    def clean_birth_date(self):
        value = self.cleaned_data["birth_date"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("The date of birth cannot be in the future."))
        if value.year < 1900:
            raise forms.ValidationError(_("Check the year of birth."))
        return value


class RelativeForm(PersonForm):
    kind = forms.ChoiceField(label=_("Relationship to the child"), choices=RelationshipKind.choices)
    is_caregiver = forms.BooleanField(label=_("Cares for the child"), required=False)
    lives_with_child = forms.BooleanField(label=_("Lives with the child"), required=False, initial=True)

    field_order = ["kind", "is_caregiver", "lives_with_child"]


class PersonSearchForm(forms.Form):
    q = forms.CharField(label=_("Name"), required=False, max_length=100)
    birth_date = forms.DateField(
        label=_("Date of birth"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class MergeForm(forms.Form):
    not_twins = forms.BooleanField(
        label=_("I have checked: these are the same child, not twins or siblings."), required=True
    )
