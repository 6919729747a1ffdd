"""Reading an uploaded register: XLSX (the first sheet) or CSV (UTF-8 with or without BOM, comma, semicolon
or tab), the first row holding the headings. Cells come back as text, numbers or dates; empty rows are
skipped; row numbers are the spreadsheet's (the headings are row 1), so an error points at the row people
see in Excel."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from dataclasses import dataclass

from django.utils.translation import gettext as _

MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 20_000
MAX_COLUMNS = 60
MAX_BLANK_RUN = 1000

Cell = str | int | float | dt.date | None


class FileProblem(Exception):
    """The file as a whole cannot be read: nothing in it is looked at further."""


@dataclass
class Table:
    headings: list[str]
    rows: list[tuple[int, list[Cell]]]  # (spreadsheet row number, cells)


def read_table(data: bytes, name: str) -> Table:
    lower = name.lower()
    if len(data) > MAX_BYTES:
        raise FileProblem(
            _("The file is larger than %(mb)d MB: split it into smaller files.") % {"mb": MAX_BYTES // 2**20}
        )
    if lower.endswith(".xlsx"):
        return _read_xlsx(data)
    if lower.endswith(".csv") or lower.endswith(".txt"):
        return _read_csv(data)
    if lower.endswith(".xls") or lower.endswith(".ods"):
        raise FileProblem(
            _("This spreadsheet format cannot be read: save the file as .xlsx or as CSV (UTF-8).")
        )
    raise FileProblem(_("Upload an .xlsx or a .csv file."))


def _cell(value: object) -> Cell:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date | int | float):
        return value
    text = str(value).strip()
    return text or None


def _table(raw_rows, *, first_row: int = 1) -> Table:
    headings: list[str] | None = None
    rows: list[tuple[int, list[Cell]]] = []
    blank_run = 0
    for number, raw in enumerate(raw_rows, start=first_row):
        cells = [_cell(v) for v in raw[: MAX_COLUMNS + 1]]
        if headings is None:
            if not any(c is not None for c in cells):
                continue  # blank lines above the headings
            if len(cells) > MAX_COLUMNS:
                raise FileProblem(_("The first row has more than %(n)d columns.") % {"n": MAX_COLUMNS})
            headings = ["" if c is None else str(c) for c in cells]
            continue
        if not any(c is not None for c in cells):
            blank_run += 1
            if blank_run > MAX_BLANK_RUN:
                break  # a sheet formatted down to its last row: the data ended long ago
            continue
        blank_run = 0
        if len(rows) >= MAX_ROWS:
            raise FileProblem(
                _("The file has more than %(n)s rows: split it into smaller files.") % {"n": f"{MAX_ROWS:,}"}
            )
        rows.append((number, cells))
    if headings is None:
        raise FileProblem(_("The file is empty: the first row should hold the column headings."))
    return Table(headings=headings, rows=rows)


def _read_xlsx(data: bytes) -> Table:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError):
        raise FileProblem(
            _(
                "The file cannot be read as an .xlsx workbook. Open it in a spreadsheet and save it "
                "again as .xlsx, or as CSV (UTF-8)."
            )
        ) from None
    try:
        if not book.worksheets:
            raise FileProblem(_("The workbook has no sheet."))
        sheet = book.worksheets[0]
        return _table(sheet.iter_rows(values_only=True))
    finally:
        book.close()


def _read_csv(data: bytes) -> Table:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FileProblem(
            _("The file is not UTF-8 text. In your spreadsheet, save it as “CSV UTF-8”, or as .xlsx.")
        ) from None
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    # The separator is the one the heading line uses most: Excel writes ";" where the decimal mark is ",".
    delimiter = max((";", ",", "\t"), key=first_line.count) if first_line else ","
    try:
        return _table(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise FileProblem(_("The CSV file is malformed: %(problem)s.") % {"problem": exc}) from None
