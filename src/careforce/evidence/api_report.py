"""The State of the Social Service Workforce report as a PDF for scripts: built in the request, whatever the
area (a script waits; the page builds the country's in the background instead), in the caller's language.

Who: the national administrator and analysts (the country), a regional manager (her region); everybody
else 403. An area outside the caller's scope answers 404, a year without a report 400, each with a reason.
"""

# No `from __future__ import annotations`: django-ninja reads the real annotations at import time.
from django.core.exceptions import PermissionDenied
from django.utils import translation
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.responses import Status

from careforce.core import access

from . import report

router = Router(tags=["evidence"])

MAX_ID = 2**63 - 1  # the largest key either database stores: a bigger one is refused, not sent to it


class ReportQuery(Schema):
    year: int = Field(..., ge=1, le=9999, description="The calendar year; the current one runs to today")
    area: int | None = Field(
        None, ge=1, le=MAX_ID, description="An area within the caller's scope; left out: her whole scope"
    )


class ReportError(Schema):
    detail: str
    allowed: list[int] | None = None


PDF = {"content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
       "description": "The report as an A4 PDF"}


@router.get(
    "/evidence/report.pdf",
    response={400: ReportError, 403: ReportError, 404: ReportError},
    summary="The State of the Social Service Workforce report as a PDF",
    description="The workforce profile, distribution and gaps by area, staffing need, training and CPD, "
    "supervision, care reform and case management for an area and a year, each figure with its chart, table "
    "and method note; small cells suppressed as in every published figure. Built while the request waits "
    "(seconds for the whole country).",
    openapi_extra={"responses": {200: PDF}},
)
def report_pdf(request, query: Query[ReportQuery]):
    root = access.aggregate_root(request.user)
    if root is None:
        raise PermissionDenied(
            _("Only the national administrator, analysts and regional managers read aggregate figures.")
        )
    area = root if query.area is None else report.area_in_scope(request.user, query.area)
    problem = report.year_problem(query.year)
    if problem:
        return Status(400, {"detail": problem, "allowed": report.report_years()})
    with translation.override(report.report_language(request.user)):
        built = report.build(area=area, year=query.year)
        return report.pdf_response(report.render_pdf_bytes(built), built.filename)
