"""The store of computed figures (evidence/figures.py): computed once, read back the same, in every
language, refreshed in the background once stale, computed in advance for the country and its regions."""

from __future__ import annotations

import datetime as dt
from io import StringIO

from django.core.management import call_command
from django.utils import timezone, translation

from careforce.evidence import figures
from careforce.evidence.indicators import REGISTRY, TOTAL, Period
from careforce.evidence.models import StoredFigure
from careforce.placements.models import CareSetting

D = dt.date
TODAY = D(2026, 12, 3)
P2026 = Period.year(2026, TODAY)


def _place(cast, make_child, kind: str = "residential"):
    child = make_child(given="Ana")
    CareSetting.objects.create(child=child, kind=kind, start=D(2026, 2, 1), recorded_by=cast.admin)
    return child


def test_a_figure_is_computed_once_and_read_back_the_same(cast, make_child):
    _place(cast, make_child)
    computed = REGISTRY["children_by_care_setting"].table(cast.country, P2026, "setting")
    first = figures.table("children_by_care_setting", cast.country, P2026, "setting")
    assert StoredFigure.objects.count() == 1
    # A child placed since: the stored figure is still fresh, so it is read as it was.
    _place(cast, make_child)
    again = figures.table("children_by_care_setting", cast.country, P2026, "setting")
    assert StoredFigure.objects.count() == 1
    for t in (first, again):
        assert [k for k, _label in t.columns] == [k for k, _label in computed.columns]
        assert {k: c.value for k, c in t.cells.items()} == {k: c.value for k, c in computed.cells.items()}
        assert [a.pk for a in t.areas] == [a.pk for a in computed.areas]
        assert t.computed_at is not None
    assert again.cell(cast.country.pk, "residential").value == 1


def test_a_stale_figure_is_read_as_it_is_and_refreshed_in_the_background(
    cast, make_child, django_capture_on_commit_callbacks
):
    _place(cast, make_child)
    figures.table("children_in_residential_care", cast.country, P2026)
    old = timezone.now() - dt.timedelta(seconds=figures.FRESH_SECONDS + 60)
    StoredFigure.objects.update(computed_at=old)
    _place(cast, make_child)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        stale = figures.table("children_in_residential_care", cast.country, P2026)
        # A second reader while the refresh is queued does not queue it again.
        figures.table("children_in_residential_care", cast.country, P2026)
    assert len(callbacks) == 1
    assert stale.cell(cast.country.pk).value == 1  # what was stored
    assert stale.computed_at == old
    row = StoredFigure.objects.get()
    assert row.computed_at > old and row.refreshing_since is None  # the task ran (immediately, in tests)
    assert figures.table("children_in_residential_care", cast.country, P2026).cell(cast.country.pk).value == 2


def test_a_refresh_lost_by_a_stopped_worker_is_queued_again(cast, make_child, django_capture_on_commit_callbacks):
    figures.table("children_in_residential_care", cast.country, P2026)
    long_ago = timezone.now() - dt.timedelta(seconds=figures.FRESH_SECONDS + figures.REFRESH_LOST_SECONDS + 60)
    StoredFigure.objects.update(computed_at=long_ago, refreshing_since=long_ago)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        figures.table("children_in_residential_care", cast.country, P2026)
    assert len(callbacks) == 1


def test_column_labels_are_stored_in_every_language(cast, make_child):
    _place(cast, make_child)
    with translation.override("ro"):
        figures.table("children_by_care_setting", cast.country, P2026, "setting")
    with translation.override("ru"):
        ru = figures.table("children_by_care_setting", cast.country, P2026, "setting")
        expected = [str(label) for _k, label in REGISTRY["children_by_care_setting"].table(
            cast.country, P2026, "setting").columns]
    with translation.override("en"):
        en = figures.table("children_by_care_setting", cast.country, P2026, "setting")
    assert [label for _k, label in ru.columns] == expected
    assert dict(ru.columns)[TOTAL] == "Всего" and dict(en.columns)[TOTAL] == "Total"


def test_narrowed_scopes_and_periods_are_stored_apart(cast, open_case):
    open_case(opened_on=D(2026, 2, 1))
    whole = figures.table("open_cases", cast.country, P2026)
    org = figures.table("open_cases", cast.country, P2026, organisation_id=cast.far_directorate.pk)
    team = figures.table("open_cases", cast.country, P2026, team=[cast.case_manager.pk])
    last_year = figures.table("open_cases", cast.country, Period.year(2025, TODAY))
    assert StoredFigure.objects.count() == 4
    assert whole.cell(cast.country.pk).value == 1 and last_year.cell(cast.country.pk).value == 0
    assert org.cell(cast.country.pk).value == 0 and org.areas == [cast.country]
    assert team.cell(cast.country.pk).value == 1


def test_a_withdrawn_indicators_stored_figures_are_dropped_on_refresh(cast):
    figures.table("open_cases", cast.country, P2026)
    StoredFigure.objects.update(indicator="withdrawn")
    assert figures.refresh(StoredFigure.objects.values_list("pk", flat=True)) == 0
    assert not StoredFigure.objects.exists()


def test_the_country_and_its_regions_are_computed_in_advance(cast, open_case):
    open_case(opened_on=D(2026, 2, 1))
    out = StringIO()
    call_command("figures", "--year", "2026", stdout=out, verbosity=1)
    computed = StoredFigure.objects.count()
    areas = {cast.country.pk, cast.region.pk, cast.far_region.pk}
    assert set(StoredFigure.objects.values_list("area", flat=True)) == areas
    assert f"{computed} figures computed for 2026" in out.getvalue()
    # The dashboard of the country then reads only stored figures.
    asks = figures.warm_asks(cast.country, 2026)
    assert set(StoredFigure.objects.values_list("key", flat=True)) >= {a.key for a in asks}
    # Fresh figures are not computed again, unless asked.
    assert figures.warm_country(2026) == 0
    assert figures.warm_country(2026, force=True) == computed


def test_the_dashboard_says_when_its_figures_were_computed(cast, client_for):
    client = client_for("admin")
    page = client.get("/evidence/").content.decode()
    assert "Figures computed on" in page
    assert "computed again in the background when older than 15 minutes" in page


def test_a_countrys_dashboard_never_computed_is_computed_in_the_background_with_its_progress(cast, client_for):
    from careforce.core.models import Job, JobStatus
    from careforce.evidence import dashboard

    client = client_for("admin")
    year = timezone.localdate().year
    # Another reader's job is computing the country's figures: the page follows it, it starts no other.
    running = Job.objects.create(kind=dashboard.JOB_KIND, title="t", created_by=cast.regional,
                                 params={"area": cast.country.pk, "year": year}, status=JobStatus.RUNNING,
                                 heartbeat_at=timezone.now(), progress_total=27, progress_done=5)
    page = client.get("/evidence/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "have not been computed yet" in html and 'hx-trigger="every 1s"' in html and "5 of 27" in html
    assert not StoredFigure.objects.exists()
    assert Job.objects.filter(kind=dashboard.JOB_KIND).count() == 1
    partial = client.get("/evidence/", HTTP_HX_REQUEST="true")
    assert partial.status_code == 200 and b"<html" not in partial.content and b"5 of 27" in partial.content
    # The job is lost (no heartbeat for long): the next reader starts one (run at once in tests).
    Job.objects.filter(pk=running.pk).update(heartbeat_at=timezone.now() - dt.timedelta(days=1),
                                            created_at=timezone.now() - dt.timedelta(days=1))
    followed = client.get("/evidence/", HTTP_HX_REQUEST="true")
    assert followed.status_code == 204 and followed["HX-Refresh"] == "true"
    started = Job.objects.filter(kind=dashboard.JOB_KIND).exclude(pk=running.pk).get()
    assert started.status == JobStatus.DONE and started.result["computed"] == StoredFigure.objects.count() > 20
    assert client.get("/evidence/").content.decode().count("dash-card") > 20


def test_a_districts_dashboard_is_computed_while_the_page_waits(cast, client_for):
    from careforce.core.models import Job

    client = client_for("admin")
    assert client.get(f"/evidence/?area={cast.district.pk}").status_code == 200
    assert not Job.objects.exists()
    assert StoredFigure.objects.filter(area=cast.district).exists()


def test_the_dashboards_figures_are_drawn_once_for_the_figures_as_stored(cast, client_for, make_child):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for("admin")
    url = f"/evidence/?area={cast.region.pk}"
    client.get(url)  # computes the region's figures
    first = client.get(url).content.decode()  # draws them
    with CaptureQueriesContext(connection) as ctx:
        again = client.get(url).content.decode()
    reads = [q["sql"] for q in ctx.captured_queries if "evidence_storedfigure" in q["sql"]]
    assert len(reads) == 1 and '"data"' not in reads[0]  # when they were computed, not the figures
    def figures_part(page: str) -> str:
        return page[page.index('<nav class="tabs"'):]

    assert figures_part(again) == figures_part(first)
    # A figure computed again: the page is drawn again, with it.
    _place(cast, make_child)
    ask = figures.ask("children_in_residential_care", cast.region, Period.year(timezone.localdate().year))
    figures.compute([ask])
    assert figures_part(client.get(url).content.decode()) != figures_part(first)
    # Each language is drawn in its own.
    client.post("/i18n/setlang/", {"language": "ru", "next": "/"})
    assert "Всего" in client.get(url).content.decode()


def test_figures_nobody_reads_any_more_are_dropped(cast):
    figures.table("open_cases", cast.country, P2026)
    figures.table("open_cases", cast.country, Period(D(2026, 1, 1), D(2026, 3, 31)))
    old = timezone.now() - dt.timedelta(days=figures.UNREAD_DAYS + 1)
    StoredFigure.objects.filter(period_end=D(2026, 3, 31)).update(computed_at=old)
    assert figures.prune() == 1
    assert list(StoredFigure.objects.values_list("period_end", flat=True)) == [P2026.end]


def test_decimal_figures_are_stored_as_numbers(cast):
    from decimal import Decimal

    from careforce.evidence.indicators import Cell, Scope, Table

    table = Table(REGISTRY["caseload"], Scope(cast.country, P2026), [(TOTAL, "Total")])
    table.cells[(cast.country.pk, TOTAL)] = Cell(Decimal("1.5"), numerator=Decimal("3"), denominator=2)
    data = figures.serialize(table)
    assert data["cells"] == [[cast.country.pk, TOTAL, 1.5, 3.0, 2]]
