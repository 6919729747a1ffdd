"""Tables served as CSV or XLSX files: the same rows a page shows, for the people who work in spreadsheets.

CSV is UTF-8 with a byte-order mark, so that spreadsheet programmes open Romanian and Russian text
correctly; XLSX is written by openpyxl with the header row frozen.

Every cell is neutralised against spreadsheet formula injection (OWASP, "CSV Injection"): a child's
name typed as `=HYPERLINK(…)` must reach the spreadsheet as text, never as a formula that runs on the
computer of the person who opened the download.

The record lists (workers, cases, children and families, referrals) are downloaded with `list_response`:
the page's own queryset, every page of it up to `max_rows()`, and one audit entry per download.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from django.utils.text import slugify

from . import access
from .audit import audit_log, client_ip, object_type_of
from .models import AuditAction

if TYPE_CHECKING:
    from django.core.paginator import Page
    from django.db.models import QuerySet
    from django.http import HttpRequest

FORMATS = ("csv", "xlsx")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# A text cell beginning with one of these is read as a formula, or made one on import: OWASP's CSV
# Injection list (=, +, -, @, tab, carriage return, and the line feed added in 2025), with the NUL
# character of ASVS 1.2.10. Such a cell is written with a leading single quote, which spreadsheets
# take as "this is text".
FORMULA_STARTS = frozenset("=+-@\t\r\n\0")
# A number written as text ("-12.50": an amount with its cents) is no formula: it stays as it is, so a
# negative amount is still a number in the spreadsheet.
_NUMBER_TEXT = re.compile(r"-?\d+(?:\.\d+)?")
# Control characters an XLSX file cannot hold (openpyxl refuses the whole file for one of them).
_XLSX_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_SHEET_TITLE_ILLEGAL = re.compile(r"[\[\]:*?/\\]")

# The most rows one download holds; a longer list is cut and its page says so.
DEFAULT_MAX_ROWS = 50_000
CHUNK_SIZE = 2_000


def max_rows() -> int:
    return getattr(settings, "CAREFORCE_EXPORT_MAX_ROWS", DEFAULT_MAX_ROWS)


def neutralise(text: str) -> str:
    """`text` as a spreadsheet shows it and never runs it."""
    if text and text[0] in FORMULA_STARTS and not _NUMBER_TEXT.fullmatch(text):
        return "'" + text
    return text


def _cell(value: Any, fmt: str) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool | int | float | Decimal):
        return value  # numbers stay numbers, negative ones too
    # Lazy translations; dates as ISO 8601 text, which sorts as dates do (date cells would cost openpyxl a
    # style lookup each: a third more time for a long list).
    text = value.isoformat() if isinstance(value, date) and not isinstance(value, datetime) else str(value)
    if fmt == "xlsx":
        text = _XLSX_ILLEGAL.sub("", text)
    else:
        text = text.replace("\0", "")
    return neutralise(text)


def table_bytes(headers: Sequence[Any], rows: Iterable[Sequence[Any]], fmt: str, *, title: str = "") -> bytes:
    if fmt == "csv":
        out = io.StringIO()
        # Text quoted, numbers bare: a separator inside a name (a semicolon, where a spreadsheet splits on
        # it) can never start a new cell.
        writer = csv.writer(out, quoting=csv.QUOTE_NONNUMERIC)
        writer.writerow([_cell(h, fmt) for h in headers])
        for row in rows:
            writer.writerow([_cell(v, fmt) for v in row])
        return ("\ufeff" + out.getvalue()).encode("utf-8")
    if fmt == "xlsx":
        from openpyxl import Workbook
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.styles import Font

        # Write-only: a long list is streamed into the file instead of held cell by cell.
        book = Workbook(write_only=True)
        sheet = book.create_sheet(_SHEET_TITLE_ILLEGAL.sub("-", title or "Careforce")[:31])
        sheet.freeze_panes = "A2"
        bold = Font(bold=True)
        header_cells = []
        for h in headers:
            cell = WriteOnlyCell(sheet, value=_cell(h, fmt))
            cell.font = bold
            header_cells.append(cell)
        sheet.append(header_cells)
        for row in rows:
            sheet.append([_cell(v, fmt) for v in row])
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


# --- Record lists -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """One column of a list download: its heading and how a row's value is read.

    `field` names the model field the column shows: a field marked sensitive is left out of the file for
    those who may not see it (`access.may_see_field`), as on the page.
    """

    header: Any
    value: Callable[[Any], Any]
    field: str = ""


def requested_format(request: HttpRequest) -> str | None:
    fmt = request.GET.get("format")
    return fmt if fmt in FORMATS else None


def list_filters(request: HttpRequest) -> dict[str, str]:
    """The list's filters as the user chose them (the query string, without the format and the page)."""
    return {k: ", ".join(request.GET.getlist(k)) for k in sorted(request.GET) if k not in ("format", "page")}


def download_context(page: Page) -> dict[str, Any]:
    """What a list page needs for its download links: the cap, and whether this list passes it."""
    limit = max_rows()
    return {"export_limit": limit, "export_cut": page.paginator.count > limit}


def list_response(
    request: HttpRequest, *, name: str, rows: QuerySet, columns: Sequence[Column], fmt: str, filename: str = ""
) -> HttpResponse:
    """The whole list (every page, up to `max_rows()`) of `rows`, the queryset the page shows, as a file.

    `rows` must already be the page's scoped and filtered queryset, loading what the columns read in the
    same query (select_related, annotations): the file costs the same few queries for ten rows or fifty
    thousand. The download is audited: who, which list, which filters, how many rows.
    """
    user = request.user
    model = rows.model
    shown = [c for c in columns if not c.field or access.may_see_field(user, model, c.field)]
    limit = max_rows()
    written = 0
    cut = False

    def body():
        nonlocal written, cut
        for obj in rows[: limit + 1].iterator(chunk_size=CHUNK_SIZE):
            if written == limit:
                cut = True
                break
            written += 1
            yield [c.value(obj) for c in shown]

    filename = filename or f"careforce-{name}-{timezone.localdate().isoformat()}"
    response = table_response([c.header for c in shown], body(), fmt, filename=filename)
    filters = list_filters(request)
    summary = f"{name} list as {fmt.upper()}: {written} rows"
    if cut:
        summary += f" (cut at {limit})"
    if filters:
        summary += "; " + ", ".join(f"{k}={v}" for k, v in filters.items())
    # In the log's shape of changes ({what: [before, after]}), so the audit page shows each value.
    changes: dict[str, list[Any]] = {"list": [None, name], "format": [None, fmt], "rows": [None, written]}
    if cut:
        changes["cut_at"] = [None, limit]
    changes.update({f"filter {k}": [None, v] for k, v in filters.items()})
    audit_log(
        actor=user, action=AuditAction.EXPORT, object_type=object_type_of(model), summary=summary,
        changes=changes, ip=client_ip(request),
    )
    return response
