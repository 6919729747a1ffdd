"""Reading one cell as text, a whole number, a decimal, a date or a choice; a bad cell raises CellError with
a message that quotes what was written."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

from django.db import models
from django.utils.translation import gettext as _

from .columns import norm, value_map
from .reading import Cell

DATE_FORMATS = ("%Y-%m-%d", "%d.%m.%Y", "%d/%m/%Y", "%d-%m-%Y", "%Y/%m/%d", "%d.%m.%y")
# Excel stores dates as days since 1899-12-30; a date cell formatted as a number arrives as one.
EXCEL_EPOCH = dt.date(1899, 12, 30)


class CellError(Exception):
    pass


def text(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # a phone number typed into a number cell: 69123456.0
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def whole_number(value: Cell, *, what: str = "") -> int:
    if isinstance(value, bool):
        raise CellError(_("“%(value)s” is not a whole number.") % {"value": value})
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    raw = text(value).replace(" ", "").replace("\u00a0", "")
    if re.fullmatch(r"\d+(\.0+)?", raw):
        return int(float(raw))
    if what == "year":
        raise CellError(_("“%(value)s” is not a year.") % {"value": text(value)})
    raise CellError(_("“%(value)s” is not a whole number.") % {"value": text(value)})


def decimal(value: Cell) -> Decimal:
    if isinstance(value, int | float) and not isinstance(value, bool):
        # Spreadsheets store 0.1 + 0.2 as 0.30000000000000004: keep what the person typed.
        return Decimal(repr(round(float(value), 6))).normalize()
    raw = text(value).replace(" ", "").replace(",", ".")
    try:
        number = Decimal(raw)
    except InvalidOperation:
        raise CellError(_("“%(value)s” is not a number.") % {"value": text(value)}) from None
    if not number.is_finite():
        raise CellError(_("“%(value)s” is not a number.") % {"value": text(value)})
    return number


def date(value: Cell) -> dt.date:
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool) and 1 <= value < 120_000:
        return EXCEL_EPOCH + dt.timedelta(days=int(value))
    raw = text(value)
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2})?", raw):
        raw = raw[:10]  # a date written with a time of midnight
    for fmt in DATE_FORMATS:
        try:
            return dt.datetime.strptime(raw, fmt).date()
        except ValueError:
            continue
    raise CellError(_("“%(value)s” is not a date: write it as 2024-03-01 or 01.03.2024.") % {"value": raw})


def choice(value: Cell, choices: type[models.TextChoices]) -> str:
    code = value_map(choices).get(norm(text(value)))
    if code is None:
        raise CellError(
            _("“%(value)s” is not one of the accepted values (%(codes)s, or their names).")
            % {"value": text(value), "codes": ", ".join(choices.values)}
        )
    return code
