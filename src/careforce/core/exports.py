"""Tables served as CSV or XLSX files: the same rows a page shows, for the people who work in spreadsheets.

CSV is UTF-8 with a byte-order mark, so that spreadsheet programmes open Romanian and Russian text
correctly; XLSX is written by openpyxl with the header row frozen.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

from django.http import HttpResponse
from django.utils.text import slugify

FORMATS = ("csv", "xlsx")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, int | float | str):
        return value
    return str(value)  # lazy translations, decimals as text would lose nothing but are rare here


def table_bytes(headers: Sequence[Any], rows: Iterable[Sequence[Any]], fmt: str, *, title: str = "") -> bytes:
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow([str(h) for h in headers])
        for row in rows:
            writer.writerow([_cell(v) for v in row])
        return ("\ufeff" + out.getvalue()).encode("utf-8")
    if fmt == "xlsx":
        from openpyxl import Workbook
        from openpyxl.styles import Font

        book = Workbook(write_only=False)
        sheet = book.active
        sheet.title = (title or "Careforce")[:31]
        sheet.append([str(h) for h in headers])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append([_cell(v) for v in row])
        sheet.freeze_panes = "A2"
        out = io.BytesIO()
        book.save(out)
        return out.getvalue()
    raise ValueError(f"unknown export format {fmt!r}")


def table_response(headers: Sequence[Any], rows: Iterable[Sequence[Any]], fmt: str, *, filename: str) -> HttpResponse:
    body = table_bytes(headers, rows, fmt, title=filename)
    content_type = "text/csv; charset=utf-8" if fmt == "csv" else XLSX_TYPE
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{slugify(filename) or "export"}.{fmt}"'
    return response
