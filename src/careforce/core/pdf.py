"""Printable documents: HTML templates rendered to PDF by WeasyPrint, in the user's language.

The font is shipped with Careforce (DejaVu Sans: Romanian diacritics and Cyrillic), so a document looks
the same on every server, with nothing fetched from the internet.
"""

from __future__ import annotations

from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.text import slugify


def _font_url(name: str) -> str:
    path = finders.find(f"careforce/fonts/{name}")
    return f"file://{path}" if path else ""


def render_pdf(request, template: str, context: dict, *, filename: str) -> HttpResponse:
    from weasyprint import HTML

    context = {**context, "font_regular": _font_url("DejaVuSans.ttf"), "font_bold": _font_url("DejaVuSans-Bold.ttf")}
    html = render_to_string(template, context, request=request)
    # No base_url: the document loads nothing but the shipped fonts.
    pdf = HTML(string=html, base_url=None, url_fetcher=_local_only).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{slugify(filename) or "document"}.pdf"'
    return response


def _local_only(url: str, timeout: int = 10, ssl_context=None):
    from weasyprint.urls import default_url_fetcher

    if not url.startswith("file://"):
        raise ValueError("Careforce documents load local files only")
    return default_url_fetcher(url, timeout=timeout, ssl_context=ssl_context)
