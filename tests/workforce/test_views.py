"""The registry pages: what each list shows, its filters, the audit of a read, and no N+1 queries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from careforce.core.models import AuditEntry
from careforce.workforce.models import Cadre
from tests.workforce.factories import AssignmentFactory, PostFactory, WorkerFactory


def _queries(client, url: str, **headers) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, **headers)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def _staff(cast, n: int, start: int = 0) -> None:
    for i in range(start, start + n):
        worker = WorkerFactory(organisation=cast.directorate, family_name=f"W{i:03}")
        post = PostFactory(organisation=cast.directorate, title=f"P{i:03}")
        AssignmentFactory(worker=worker, post=post, start=dt.date(2023, 1, 1))
        AssignmentFactory(
            worker=worker, start=dt.date(2020, 1, 1), end=dt.date(2022, 12, 31), reason_for_leaving="voluntary"
        )
        PostFactory(organisation=cast.directorate, title=f"V{i:03}", cadre=Cadre.PSYCHOLOGIST)


@pytest.mark.parametrize("url", ["/workforce/workers/", "/workforce/posts/"])
@pytest.mark.parametrize("htmx", [False, True])
def test_lists_take_the_same_number_of_queries_for_more_rows(cast, client_for, url, htmx):
    client = client_for("supervisor")
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    _staff(cast, 3)
    few = _queries(client, url, **headers)
    _staff(cast, 12, start=3)
    assert _queries(client, url, **headers) == few
    assert few <= 14


def test_worker_list_shows_the_current_post_and_filters(cast, client_for):
    _staff(cast, 2)
    WorkerFactory(organisation=cast.directorate, family_name="Gone", active=False, cadre=Cadre.PSYCHOLOGIST)
    page = client_for("supervisor").get("/workforce/workers/").content.decode()
    assert "W000" in page and "P000" in page and "Gone" in page
    page = client_for("supervisor").get("/workforce/workers/?active=yes").content.decode()
    assert "Gone" not in page
    page = client_for("supervisor").get("/workforce/workers/?cadre=psychologist").content.decode()
    assert "Gone" in page and "W000" not in page


def test_htmx_gets_only_the_rows(cast, client_for):
    response = client_for("admin").get("/workforce/workers/", HTTP_HX_REQUEST="true")
    assert b"<h1>" not in response.content and b"<table>" in response.content


def test_organisation_choices_are_only_those_the_user_sees(cast, client_for):
    WorkerFactory(organisation=cast.directorate)
    WorkerFactory(organisation=cast.far_directorate, family_name="Faraway")
    page = client_for("case_manager").get(
        f"/workforce/workers/?organisation={cast.far_directorate.pk}"
    ).content.decode()
    assert "Directorate Cahul" not in page and "Faraway" not in page
    assert 'role="alert"' in page  # the foreign choice is refused, not obeyed


def test_worker_detail_shows_history_and_audits_the_read(cast, client_for):
    worker = WorkerFactory(organisation=cast.directorate, user=cast.case_manager, birth_year=1966)
    AssignmentFactory(worker=worker, start=dt.date(2019, 1, 1), end=dt.date(2021, 5, 31),
                      reason_for_leaving="involuntary")
    page = client_for("supervisor").get(f"/workforce/workers/{worker.pk}/").content.decode()
    assert "1966" in page and "Involuntary" in page
    entry = AuditEntry.objects.get(object_type="workforce.worker", object_id=str(worker.pk))
    assert entry.action == "view" and entry.actor == cast.supervisor


def test_post_list_summary_and_vacant_since(cast, client_for):
    held = PostFactory(organisation=cast.directorate, title="Held")
    AssignmentFactory(post=held, start=dt.date(2023, 1, 1))
    left = PostFactory(organisation=cast.directorate, title="Left")
    AssignmentFactory(post=left, start=dt.date(2020, 1, 1), end=dt.date(2024, 3, 31), reason_for_leaving="voluntary")
    PostFactory(organisation=cast.far_directorate, title="Far away")
    response = client_for("supervisor").get("/workforce/posts/")
    assert response.context["summary"].funded == 2 and response.context["summary"].vacant == 1
    page = response.content.decode()
    assert "Far away" not in page and "<svg" in page and "50.0" in page
    assert "March 31, 2024" in page or "31.03.2024" in page or "2024-03-31" in page
    vacant_only = client_for("supervisor").get("/workforce/posts/?vacant=yes").content.decode()
    assert "Left" in vacant_only and ">Held<" not in vacant_only
    regional = client_for("regional").get("/workforce/posts/").content.decode()
    assert "Vacancies in Nord" in regional


def test_navigation_offers_the_workforce_to_field_roles_and_analysts(cast, client_for):
    for persona, shown in [("case_manager", True), ("supervisor", True), ("volunteer", False), ("analyst", True)]:
        page = client_for(persona).get("/").content.decode()
        assert ('href="/workforce/"' in page) is shown, persona


def test_workforce_menu_opens_the_first_page_the_role_may_use(cast, client_for):
    assert client_for("case_manager").get("/workforce/").url == "/workforce/workers/"
    assert client_for("analyst").get("/workforce/").url == "/workforce/indicators/"
    page = client_for("supervisor").get("/workforce/posts/").content.decode()
    # The supervisor's tabs: workers, posts, caseloads; no indicators (figures for regions and the nation).
    assert 'href="/cases/caseloads/"' in page and 'href="/workforce/indicators/"' not in page
    assert 'aria-current="page">Posts and vacancies' in page
