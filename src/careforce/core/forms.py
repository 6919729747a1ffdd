from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .models import AuditAction, Organisation, OrganisationKind, User
from .roles import Role


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["first_name", "last_name", "email", "phone", "language"]
        labels = {"language": _("Language of the pages")}
        help_texts = {"language": _("Leave empty to follow your browser's preference.")}


class TokenCreateForm(forms.Form):
    name = forms.CharField(
        label=_("Name of the token"),
        max_length=80,
        help_text=_("What will use it, e.g. “monthly report script”."),
    )


class FilterForm(forms.Form):
    """Filters arrive by GET; a bad value is reported on the form and the list shows unfiltered."""

    def cleaned_or_empty(self) -> dict:
        return self.cleaned_data if self.is_valid() else {}

    def limit_area_to(self, root, name: str = "area") -> None:
        """Any area of `root`'s subtree may be asked for (tables link down to localities); the list offers
        the levels down to districts, indented, and keeps an asked locality selected."""
        from django.db.models import Q

        from .models import Area, AreaLevel

        self.fields[name].queryset = Area.objects.filter(path__startswith=root.path)
        listed = Q(level__lte=max(root.level, AreaLevel.DISTRICT))
        asked = str(self.data.get(name) or "")
        if asked.isdigit():
            listed |= Q(pk=int(asked))
        self.fields[name].widget.choices = [
            (a.pk, ("— " * (a.level - root.level)) + a.display_name)
            for a in Area.objects.filter(listed, path__startswith=root.path)
        ]


class OrganisationFilterForm(FilterForm):
    q = forms.CharField(label=_("Name contains"), required=False, max_length=100)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *OrganisationKind.choices]
    )
    area = forms.IntegerField(required=False, widget=forms.HiddenInput)


class UserFilterForm(FilterForm):
    q = forms.CharField(label=_("Name contains"), required=False, max_length=100)
    role = forms.ChoiceField(label=_("Role"), required=False, choices=[("", _("All roles")), *Role.choices])
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        required=False,
        queryset=Organisation.objects.none(),
        empty_label=_("All organisations"),
    )

    def __init__(self, *args, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        if organisations is not None:
            self.fields["organisation"].queryset = organisations


class AuditFilterForm(FilterForm):
    who = forms.CharField(label=_("Username"), required=False, max_length=150)
    action = forms.ChoiceField(
        label=_("Action"), required=False, choices=[("", _("All actions")), *AuditAction.choices]
    )
    object_type = forms.CharField(label=_("Record type"), required=False, max_length=64)
    object_id = forms.CharField(label=_("Record id"), required=False, max_length=64)
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("The end date is before the start date."))
        return data


LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


def add_service_errors(form, exc) -> None:
    """Put a service's ValidationError on the form: on its field when it names one, else on the form."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def posted_version(request) -> int:
    """The record version an edit started from (optimistic locking); -1 when missing or garbled."""
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return -1
