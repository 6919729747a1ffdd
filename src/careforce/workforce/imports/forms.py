from __future__ import annotations

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from .reading import MAX_BYTES

ENTITY_CHOICES = [("workers", _("Workers (the worker register)")), ("posts", _("Funded posts"))]


class ImportForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("The file holds"), choices=ENTITY_CHOICES, initial="workers", widget=forms.RadioSelect
    )
    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "An .xlsx workbook (its first sheet) or a .csv file in UTF-8, the first row holding the "
            "column headings."
        ),
        widget=forms.FileInput(attrs={"accept": ".xlsx,.csv"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        name = upload.name.lower()
        if not (name.endswith(".xlsx") or name.endswith(".csv")):
            raise forms.ValidationError(_("Upload an .xlsx or a .csv file."))
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(size)s: split it into smaller files.")
                % {"size": filesizeformat(MAX_BYTES)}
            )
        if upload.size == 0:
            raise forms.ValidationError(_("The file is empty."))
        return upload
