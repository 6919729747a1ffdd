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
    # No base_url: the document loads nothing but the shipped fonts (local files only, never the network).
    pdf = HTML(string=html, base_url=None, url_fetcher=local_fetcher()).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{slugify(filename) or "document"}.pdf"'
    return response


def local_fetcher():
    """WeasyPrint's fetcher limited to local files: a document never reaches the network."""
    from weasyprint.urls import URLFetcher

    return URLFetcher(allowed_protocols={"file"})
