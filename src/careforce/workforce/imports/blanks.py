"""Blank import files to fill in: an XLSX workbook (the headings, the accepted values, and the organisations
and areas the importer may name) and a CSV file with the headings only."""

from __future__ import annotations

import csv
import io

from django.utils import translation
from django.utils.translation import gettext as _

from careforce.core.models import User

from .columns import COLUMNS, LANGUAGES
from .scope import scoped_areas, scoped_organisations


def csv_blank(entity: str) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerow([c.key for c in COLUMNS[entity]])
    # With the byte-order mark, Excel opens the file as UTF-8 (Romanian and Russian letters intact).
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def xlsx_blank(entity: str, user: User) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    sheet = book.active
    sheet.title = entity
    columns = COLUMNS[entity]
    sheet.append([c.key for c in columns])
    bold = Font(bold=True)
    for i, column in enumerate(columns, start=1):
        letter = get_column_letter(i)
        sheet[f"{letter}1"].font = bold
        sheet.column_dimensions[letter].width = max(14, len(column.key) + 4)
        if column.choices is not None:
            codes = ",".join(column.choices.values)
            rule = DataValidation(type="list", formula1=f'"{codes}"', allow_blank=not column.required)
            rule.showErrorMessage = False  # a label in Romanian or Russian is accepted too
            sheet.add_data_validation(rule)
            rule.add(f"{letter}2:{letter}20001")
    sheet.freeze_panes = "A2"

    values = book.create_sheet(_("Accepted values"))
    values.append([_("Column"), _("Code"), "English", "Română", "Русский"])
    for column in columns:
        if column.choices is None:
            continue
        for code, label in column.choices.choices:
            names = []
            for lang in LANGUAGES:
                with translation.override(lang):
                    names.append(str(label))
            values.append([column.key, code, *names])
    for cell in values[1]:
        cell.font = bold
    for letter in "ABCDE":
        values.column_dimensions[letter].width = 28

    orgs = book.create_sheet(_("Organisations"))
    orgs.append([_("Number"), _("Name"), _("Area code")])
    for pk, name, code in (
        scoped_organisations(user).order_by("name", "pk").values_list("pk", "name", "area__code")
    ):
        orgs.append([pk, name, code])
    areas = book.create_sheet(_("Areas"))
    areas.append([_("Code"), _("Name"), _("Name in Russian")])
    for code, name, name_ru in scoped_areas(user).order_by("path").values_list("code", "name", "name_ru"):
        areas.append([code, name, name_ru])
    for extra in (orgs, areas):
        for cell in extra[1]:
            cell.font = bold
        extra.column_dimensions["A"].width = 14
        extra.column_dimensions["B"].width = 48
        extra.column_dimensions["C"].width = 24
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
