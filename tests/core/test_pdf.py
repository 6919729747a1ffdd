"""Printable documents load the font shipped with Careforce, and nothing from the network."""

from __future__ import annotations

import logging

from django.test import RequestFactory

from careforce.core.pdf import local_fetcher, render_pdf


def test_a_pdf_embeds_the_shipped_font_without_a_warning(caplog, settings, tmp_path):
    template = tmp_path / "doc.html"
    template.write_text(
        "<html><head><style>@font-face { font-family: CF; src: url('{{ font_regular }}'); }"
        "body { font-family: CF; }</style></head><body>Șapte copii — Семь детей</body></html>",
        encoding="utf-8",
    )
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [str(tmp_path)]}]
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        response = render_pdf(RequestFactory().get("/"), "doc.html", {}, filename="doc")
    assert response.content.startswith(b"%PDF")
    assert not [r for r in caplog.records if "cannot be loaded" in r.getMessage() or "Failed" in r.getMessage()]


def test_the_fetcher_refuses_the_network():
    import pytest

    with pytest.raises(Exception):  # noqa: B017 - WeasyPrint's own error type changes between versions
        local_fetcher().fetch("http://example.org/font.ttf")
