"""The State of the Social Service Workforce report on small known data: its figures are the indicators'
published values, hidden cells show as hidden with the note, the PDF is a PDF in the user's language, the
country's report is built in the background, and bad input is refused with the reason."""

from __future__ import annotations

import base64
import datetime as dt
import re
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.utils import translation

from careforce.core.jobs import JobProgress, job_run
from careforce.core.models import Job, JobStatus
from careforce.core.services import api_token_create
from careforce.evidence import report
from careforce.evidence.indicators import REGISTRY, TOTAL, Period, suppress
from careforce.placements.models import CareSetting
from careforce.workforce.models import Cadre, Sex
from tests.workforce.factories import AssignmentFactory, WorkerFactory

D = dt.date
TODAY = D(2026, 12, 3)


@pytest.fixture
def workforce(cast):
    """Case managers in post: two in Bălțeni (a woman and a man), one in Cahul; a social worker in Florești."""
    for org, cadre, sex in [
        (cast.directorate, Cadre.CASE_MANAGER, Sex.FEMALE),
        (cast.directorate, Cadre.CASE_MANAGER, Sex.MALE),
        (cast.far_directorate, Cadre.CASE_MANAGER, Sex.FEMALE),
        (cast.other_directorate, Cadre.SOCIAL_WORKER, Sex.FEMALE),
    ]:
        AssignmentFactory(worker=WorkerFactory(organisation=org, cadre=cadre, sex=sex), start=D(2021, 1, 1))


@pytest.fixture
def in_care(cast, make_child):
    """Seven children at home in Nord, two of them in residential care since this spring: 2 is a small cell."""
    children = [make_child(given=f"Copil{i}") for i in range(7)]
    for i, child in enumerate(children):
        if i < 2:
            CareSetting.objects.create(child=child, kind="family", start=D(2015, 1, 1), end=D(2026, 3, 31),
                                       recorded_by=cast.admin)
            CareSetting.objects.create(child=child, kind="residential", start=D(2026, 4, 1), recorded_by=cast.admin)
        else:
            CareSetting.objects.create(child=child, kind="family", start=D(2015, 1, 1), recorded_by=cast.admin)
    return children


def _published(code: str, area, by=None):
    return suppress(REGISTRY[code].table(area, Period.year(2026, TODAY), by))


def _figure_html(html: str, anchor: str) -> str:
    start = html.index(f'id="{anchor}"')
    end = html.find('<section class="report-figure"', start + 1)
    return html[start:end if end > 0 else None]


# --- The content ---------------------------------------------------------------------------------------------


def test_each_figure_is_the_indicators_published_table(cast, workforce, in_care):
    built = report.build(area=cast.country, year=2026, today=TODAY)
    assert [s.key for s in built.sections] == [key for key, *_rest in report.SECTIONS]
    for figure in built.figures:
        if figure.indicator is None:
            continue  # the age profile: the workforce registry's own count (checked below)
        published = _published(figure.indicator.code, cast.country, figure.note.by or None)
        assert figure.table.cells == published.cells, figure.anchor
        assert figure.note.description == str(figure.indicator.description)
        assert figure.note.formula == str(figure.indicator.formula)
    # By hand: three case managers in post, 3 × 100,000 ÷ 6,000 children of the country = 50 per 100,000.
    by_cadre = built.figure("workers_in_post", "cadre")
    cm = [k for k, _label in by_cadre.columns].index(Cadre.CASE_MANAGER)
    assert by_cadre.total[1][cm].cell.value == 3
    assert {a.code: row[cm].text for a, row in by_cadre.rows} == {"DM-N": "2", "DM-S": "1"}
    density = built.figure("workforce_density")
    assert density.total[1][-1].cell.value == pytest.approx(4 * 100_000 / 6000)
    assert density.total[1][-1].text == "66.7"
    assert density.total[1][-1].detail == "4 of 6,000"
    sexes = built.figure("workers_in_post", "sex")
    assert [s.text for s in sexes.total[1]] == ["3", "1", "4"]
    ages = next(f for f in built.figures if f.anchor == "fig-ages")
    assert ages.total[1][-1].cell.value == 4  # the same headcount as the indicator

    html = str(report.render_body(built))
    fig = _figure_html(html, "fig-workforce_density")
    assert "66.7" in fig and "4 of 6,000" in fig
    assert str(REGISTRY["workforce_density"].formula) in fig
    assert "<svg" in fig  # the chart by area


def test_a_hidden_cell_shows_as_hidden_and_the_report_says_where(cast, in_care):
    built = report.build(area=cast.country, year=2026, today=TODAY)
    residential = built.figure("children_in_residential_care")
    published = _published("children_in_residential_care", cast.country)
    assert published.cell(cast.region.pk).suppressed and published.cell(cast.country.pk).suppressed
    rows = {a.code: cells[0] for a, cells in residential.rows}
    assert rows["DM-N"].suppressed and rows["DM-N"].text == report.HIDDEN
    assert rows["DM-N"].cell.value is None  # the 2 is not in the content at all
    assert not rows["DM-S"].suppressed and rows["DM-S"].text == "0"
    assert residential.hidden >= 2

    html = str(report.render_body(built))
    fig = _figure_html(html, "fig-children_in_residential_care")
    assert re.search(r'<th scope="row">Nord</th><td class="num"><abbr class="hidden-cell"[^>]*>\*</abbr>', fig)
    assert "cells hidden in this figure" in fig
    assert "Published with small-cell suppression" in fig
    # The report's opening lists each figure where cells were hidden, with a link to it.
    privacy = html[html.index('class="report-privacy"'):html.index('class="panel report-contents"')]
    assert 'href="#fig-children_in_residential_care"' in privacy
    assert 'href="#fig-workforce_density"' not in privacy
    # Seven children at home or in care in Nord: not small, shown.
    by_setting = built.figure("children_by_care_setting", "setting")
    assert by_setting.total[1][-1].text == "7"


def test_a_report_with_nothing_hidden_says_so(cast, workforce):
    html = str(report.render_body(report.build(area=cast.district, year=2026, today=TODAY)))
    assert "No cell had to be hidden in this report." in html


def test_a_districts_report_shows_its_localities(cast, workforce):
    built = report.build(area=cast.district, year=2026, today=TODAY)
    assert [a.code for a, _cells in built.figure("workforce_density").rows] == ["DM-N-01-001"]


# --- The PDF, in the user's language ------------------------------------------------------------------------


def _pdf_html(client, url):
    """The response, the HTML given to WeasyPrint and the language active while it was rendered."""
    from careforce.core import pdf

    seen = {}
    real = pdf.render_to_string

    def capture(*args, **kwargs):
        seen["language"] = translation.get_language()
        seen["html"] = real(*args, **kwargs)
        return seen["html"]

    with mock.patch.object(pdf, "render_to_string", side_effect=capture):
        response = client.get(url)
    return response, seen


def test_the_pdf_is_an_a4_pdf_in_the_users_language(cast, workforce, in_care, client_for):
    cast.regional.language = "ro"
    cast.regional.save()
    response, seen = _pdf_html(client_for("regional"), f"/evidence/report/pdf/?year=2026&area={cast.region.pk}")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert 'filename="state-of-the-workforce-DM-N-2026.pdf"' in response["Content-Disposition"]
    assert seen["language"] == "ro"
    html = seen["html"]
    assert 'lang="ro"' in html
    assert "size: A4" in html and "counter(page)" in html  # page numbers
    assert 'class="cover"' in html and "Nord" in html and "2026" in html
    assert "target-counter(attr(href), page)" in html  # the contents list with page numbers
    for key, _title, _intro, _specs in report.SECTIONS:
        assert f'href="#sec-{key}"' in html and f'id="sec-{key}"' in html


def test_the_api_answers_the_pdf_in_the_callers_language(cast, workforce):
    cast.analyst.language = "ru"
    cast.analyst.save()
    _token, key = api_token_create(actor=cast.analyst, name="monthly report")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {key}", HTTP_ACCEPT_LANGUAGE="en")
    response, seen = _pdf_html(client, f"/api/v1/evidence/report.pdf?year=2026&area={cast.far_region.pk}")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert seen["language"] == "ru"  # her account's choice, though a token carries no page language
    assert "Sud" in seen["html"]


def test_the_api_without_an_area_reports_the_callers_whole_scope(cast, client_for):
    response, seen = _pdf_html(client_for("regional"), "/api/v1/evidence/report.pdf?year=2026")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert "state-of-the-workforce-DM-N-2026" in response["Content-Disposition"]


# --- The country's report: built in the background ---------------------------------------------------------


def test_the_countrys_report_is_built_in_the_background_with_progress(cast, workforce, in_care, client_for):
    client = client_for("analyst")
    page = client.get(f"/evidence/report/?year=2026&area={cast.country.pk}")
    assert page.status_code == 200
    body = page.content.decode()
    assert "Build the report" in body and 'id="sec-profile"' not in body  # not built in the request
    assert not Job.objects.exists()
    # Its PDF link leads to the page that builds it.
    assert client.get(f"/evidence/report/pdf/?year=2026&area={cast.country.pk}").status_code == 302

    calls = []
    real = JobProgress.__call__

    def record(self, done, total=None, **kw):
        calls.append((done, total))
        return real(self, done, total, **kw)

    with mock.patch.object(JobProgress, "__call__", record):
        response = client.post("/evidence/report/", {"year": "2026", "area": str(cast.country.pk)})
    job = Job.objects.get(kind=report.KIND)
    assert response.status_code == 302 and response["Location"] == f"/evidence/report/jobs/{job.pk}/"
    assert job.created_by == cast.analyst and job.params == {"area": cast.country.pk, "year": 2026}
    assert job.status == JobStatus.DONE  # tests run tasks at once
    total = len(report.SECTIONS) + 2
    assert calls == [(i, total) for i in range(1, total)]  # one report per section, then the page's HTML
    assert (job.progress_done, job.progress_total) == (total, total)

    # The job stores the report as shown on the page and its PDF.
    expected = _published("workforce_density", cast.country).cell(cast.country.pk).value
    assert report.value_text(expected, "per_100k_children") in _figure_html(job.result["html"], "fig-workforce_density")
    page = client.get(f"/evidence/report/jobs/{job.pk}/").content.decode()
    assert "Download the PDF" in page and 'id="sec-care"' in page
    pdf = client.get(f"/evidence/report/jobs/{job.pk}/report.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    # The PDF is kept as bytes on the job, not inside its JSON result.
    assert pdf.content.startswith(b"%PDF") and pdf.content == bytes(job.output)
    assert "pdf" not in job.result and job.result["pdf_size"] == len(pdf.content)
    assert "attachment" in pdf["Content-Disposition"]
    # The report page lists it among her builds, and offers to open it.
    listing = client.get(f"/evidence/report/?year=2026&area={cast.country.pk}").content.decode()
    assert f"/evidence/report/jobs/{job.pk}/" in listing and "open that report" in listing


def test_the_job_page_polls_while_the_report_is_waiting(cast, client_for):
    job = Job.objects.create(kind=report.KIND, title="Report", created_by=cast.admin,
                             params={"area": cast.country.pk, "year": 2026}, message="queued")
    client = client_for("admin")
    page = client.get(f"/evidence/report/jobs/{job.pk}/").content.decode()
    assert f'hx-get="/evidence/report/jobs/{job.pk}/"' in page and 'hx-trigger="every 1s"' in page
    assert "Refresh now" in page  # without JavaScript, a link does the same
    fragment = client.get(f"/evidence/report/jobs/{job.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert fragment.startswith('<div id="job-status"') and "<html" not in fragment
    # Nothing to download before it is built.
    assert client.get(f"/evidence/report/jobs/{job.pk}/report.pdf").status_code == 404


def test_the_background_report_speaks_its_builders_language(cast, client_for):
    cast.admin.language = "ro"
    cast.admin.save()
    seen = []
    # The language the PDF is drawn in (drawing it for real is tested above).
    with mock.patch.object(report, "render_pdf_bytes",
                           side_effect=lambda built: seen.append(translation.get_language()) or b"%PDF-1.7"):
        client_for("admin").post("/evidence/report/", {"year": "2026", "area": str(cast.country.pk)})
    job = Job.objects.get(kind=report.KIND)
    assert job.language == "ro" and job.result["language"] == "ro" and seen == ["ro"]
    assert 'lang="ro"' in job.result["html"]


def test_a_build_whose_creator_lost_the_scope_fails_and_hides(cast, client_for):
    from careforce.evidence.tasks import _build

    job = Job.objects.create(kind=report.KIND, title="Report", created_by=cast.regional,
                             params={"area": cast.region.pk, "year": 2026}, message="queued")
    # Moved to the other region before the worker picked the job up.
    cast.regional.area = cast.far_region
    cast.regional.save()
    with pytest.raises(PermissionDenied):
        job_run(job.pk, _build)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and job.result == {}
    assert client_for("regional").get(f"/evidence/report/jobs/{job.pk}/").status_code == 404


def test_a_regions_report_is_built_in_the_request(cast, workforce, client_for):
    response = client_for("regional").get(f"/evidence/report/?year=2026&area={cast.region.pk}")
    body = response.content.decode()
    assert response.status_code == 200 and 'id="sec-profile"' in body and "Download the PDF" in body
    assert f"/evidence/report/pdf/?year=2026&amp;area={cast.region.pk}" in body
    assert not Job.objects.exists()


def test_the_page_offers_the_years_and_the_areas_of_the_users_scope(cast, client_for):
    body = client_for("regional").get("/evidence/report/").content.decode()
    assert 'id="sec-profile"' not in body  # nothing is built before she asks
    assert f'value="{cast.region.pk}"' in body and f'value="{cast.district.pk}"' in body
    assert f'value="{cast.far_region.pk}"' not in body and f'value="{cast.country.pk}"' not in body
    assert report.report_years(TODAY) == [2026, 2025]  # the cast's population years


# --- Bad input ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("query", "status"), [
    ("year=1999&area={region}", 400),
    ("year=2090&area={region}", 400),
    ("year=abc&area={region}", 400),
    ("year=2026&area=abc", 400),
    ("year=2026&area={far_region}", 404),
    ("year=2026&area=999999", 404),
    ("year=2026&area=99999999999999999999999", 404),
    ("year=2026", 400),  # the area left out: the form asks for one
])
def test_bad_input_on_the_page(cast, client_for, query, status):
    q = query.format(region=cast.region.pk, far_region=cast.far_region.pk)
    response = client_for("regional").get(f"/evidence/report/?{q}")
    assert response.status_code == status
    if status == 400:
        assert 'class="error"' in response.content.decode()
    assert client_for("regional").get(f"/evidence/report/pdf/?{q}").status_code == status


def test_bad_input_on_the_api(cast, client_for):
    client = client_for("admin")
    response = client.get(f"/api/v1/evidence/report.pdf?year=1999&area={cast.region.pk}")
    assert response.status_code == 400
    assert "1999" in response.json()["detail"] and response.json()["allowed"] == report.report_years()
    assert client.get("/api/v1/evidence/report.pdf?year=abc").status_code == 422
    assert client.get("/api/v1/evidence/report.pdf").status_code == 422  # the year is required
    assert client.get("/api/v1/evidence/report.pdf?year=2026&area=999999").json()["detail"]
    assert client.get("/api/v1/evidence/report.pdf?year=2026&area=999999").status_code == 404
    response = client_for("regional").get(f"/api/v1/evidence/report.pdf?year=2026&area={cast.far_region.pk}")
    assert response.status_code == 404
    response = client_for("supervisor").get("/api/v1/evidence/report.pdf?year=2026")
    assert response.status_code == 403 and "aggregate" in response.json()["detail"]


def test_a_post_with_bad_input_starts_nothing(cast, client_for):
    client = client_for("admin")
    assert client.post("/evidence/report/", {"year": "1999", "area": str(cast.country.pk)}).status_code == 400
    assert client.post("/evidence/report/", {"year": "2026", "area": "999999"}).status_code == 404
    assert not Job.objects.exists()


def test_total_column_is_last(cast, workforce):
    # The templates and the charts read the total as the last column of a disaggregated table.
    built = report.build(area=cast.country, year=2026, today=TODAY)
    for figure in built.figures:
        keys = [k for k, _label in figure.columns]
        if TOTAL in keys:
            assert keys[-1] == TOTAL, figure.anchor


def test_a_report_built_before_pdfs_were_kept_as_bytes_still_downloads(cast):
    from careforce.core.models import Job

    job = Job(result={"pdf": base64.b64encode(b"%PDF-1.7 old").decode("ascii")}, output=None)
    assert report.stored_pdf(job) == b"%PDF-1.7 old"
    job.output = b"%PDF-1.7 new"
    assert report.stored_pdf(job) == b"%PDF-1.7 new"
