"""Keeping the registry through the pages: record and edit workers and posts, start and end assignments."""

from __future__ import annotations

import datetime as dt

import pytest

from careforce.core.models import AuditEntry
from careforce.workforce.models import Assignment, Cadre, Post, Worker
from tests.workforce.factories import AssignmentFactory, PostFactory, WorkerFactory

WORKER = {
    "given_name": "Elena", "family_name": "Cojocaru", "sex": "F", "birth_year": "1984",
    "cadre": Cadre.COMMUNITY_ASSISTANT, "qualification": "post_secondary", "professional_registration": "",
    "organisation": None, "area": "", "user": "", "phone": "", "email": "", "active": "on",
}


def _worker_data(cast, **overrides):
    data = {**WORKER, "organisation": cast.municipal.pk, **overrides}
    return {k: v for k, v in data.items() if v is not None}


def test_regional_manager_records_a_worker_in_her_region(cast, client_for):
    response = client_for("regional").post("/workforce/workers/new/", _worker_data(cast))
    worker = Worker.objects.get(family_name="Cojocaru")
    assert response.status_code == 302 and response.url == f"/workforce/workers/{worker.pk}/"
    assert worker.area == cast.locality  # the organisation's area when none is given
    assert AuditEntry.objects.filter(object_type="workforce.worker", object_id=str(worker.pk)).exists()


def test_a_worker_outside_the_region_is_refused_and_nothing_saved(cast, client_for):
    response = client_for("regional").post(
        "/workforce/workers/new/", _worker_data(cast, organisation=cast.far_directorate.pk)
    )
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert not Worker.objects.filter(family_name="Cojocaru").exists()


def test_bad_birth_year_is_reported_on_the_field(cast, client_for):
    response = client_for("admin").post("/workforce/workers/new/", _worker_data(cast, birth_year="1890"))
    assert response.status_code == 400
    assert "birth_year" in response.context["form"].errors
    assert not Worker.objects.filter(family_name="Cojocaru").exists()


def test_linking_an_account_already_linked_is_refused(cast, client_for):
    WorkerFactory(organisation=cast.directorate, user=cast.case_manager)
    response = client_for("admin").post("/workforce/workers/new/", _worker_data(cast, user=cast.case_manager.pk))
    assert response.status_code == 400 and "user" in response.context["form"].errors


def test_second_editor_is_told_and_nothing_is_lost(cast, client_for):
    worker = WorkerFactory(organisation=cast.directorate, given_name="Ana", family_name="Rusu")
    admin, regional = client_for("admin"), client_for("regional")
    first = _worker_data(cast, organisation=cast.directorate.pk, given_name="Ana", family_name="Rusu-Popa",
                         version=worker.version)
    second = _worker_data(cast, organisation=cast.directorate.pk, given_name="Ana", family_name="Rusu-Lungu",
                          version=worker.version)
    assert admin.post(f"/workforce/workers/{worker.pk}/edit/", first).status_code == 302
    response = regional.post(f"/workforce/workers/{worker.pk}/edit/", second)
    assert response.status_code == 409
    page = response.content.decode()
    assert "Someone else saved this record" in page and "Rusu-Popa" in page
    worker.refresh_from_db()
    assert worker.family_name == "Rusu-Popa" and worker.version == 2
    # Saving again from the conflict page keeps the second editor's value, knowingly.
    again = regional.post(f"/workforce/workers/{worker.pk}/edit/", {**second, "version": 2})
    assert again.status_code == 302
    worker.refresh_from_db()
    assert worker.family_name == "Rusu-Lungu"


def test_start_and_end_an_assignment(cast, client_for):
    worker = WorkerFactory(organisation=cast.directorate)
    post = PostFactory(organisation=cast.directorate, funded_from=dt.date(2020, 1, 1))
    client = client_for("admin")
    page = client.get(f"/workforce/workers/{worker.pk}/assignments/new/")
    assert post.title in page.content.decode()  # a vacant post of her organisation is offered
    response = client.post(f"/workforce/workers/{worker.pk}/assignments/new/",
                           {"post": post.pk, "start": "2025-02-01", "fte": "", "note": ""})
    assert response.status_code == 302
    assignment = Assignment.objects.get(worker=worker)
    assert assignment.fte == post.fte
    bad = client.post(f"/workforce/assignments/{assignment.pk}/end/", {"end": "2025-01-01",
                                                                       "reason_for_leaving": "voluntary"})
    assert bad.status_code == 400 and "cannot end before it starts" in bad.content.decode()
    assert client.post(f"/workforce/assignments/{assignment.pk}/end/",
                       {"end": "2026-01-31", "reason_for_leaving": "involuntary"}).status_code == 302
    assignment.refresh_from_db()
    assert assignment.end == dt.date(2026, 1, 31) and assignment.reason_for_leaving == "involuntary"
    # Ended: there is nothing more to end.
    assert client.get(f"/workforce/assignments/{assignment.pk}/end/").status_code == 404


def test_a_post_already_held_cannot_be_given_twice(cast, client_for):
    post = PostFactory(organisation=cast.directorate)
    AssignmentFactory(post=post, worker=WorkerFactory(organisation=cast.directorate), start=dt.date(2021, 1, 1))
    other = WorkerFactory(organisation=cast.directorate)
    response = client_for("admin").post(f"/workforce/workers/{other.pk}/assignments/new/",
                                        {"post": post.pk, "start": "2025-02-01"})
    assert response.status_code == 400  # not offered: a held post is not a valid choice
    assert not Assignment.objects.filter(worker=other).exists()


def test_assignment_before_funding_is_refused(cast, client_for):
    worker = WorkerFactory(organisation=cast.directorate)
    post = PostFactory(organisation=cast.directorate, funded_from=dt.date(2024, 1, 1))
    response = client_for("admin").post(f"/workforce/workers/{worker.pk}/assignments/new/",
                                        {"post": post.pk, "start": "2023-06-01"})
    assert response.status_code == 400 and "not funded on this date" in response.content.decode()


def test_record_and_edit_a_post(cast, client_for):
    client = client_for("regional")
    response = client.post("/workforce/posts/new/", {
        "title": "Psiholog", "organisation": cast.directorate.pk, "area": "", "cadre": Cadre.PSYCHOLOGIST,
        "fte": "0.5", "funded_from": "2026-01-01", "funded_until": "",
    })
    assert response.status_code == 302
    post = Post.objects.get(title="Psiholog")
    assert post.area == cast.district
    bad = client.post(f"/workforce/posts/{post.pk}/edit/", {
        "title": "Psiholog", "organisation": cast.directorate.pk, "cadre": Cadre.PSYCHOLOGIST, "fte": "1.5",
        "funded_from": "2026-01-01", "funded_until": "2025-01-01", "version": post.version,
    })
    assert bad.status_code == 400
    errors = bad.context["form"].errors
    assert "fte" in errors and "funded_until" in errors
    post.refresh_from_db()
    assert post.fte == 0.5 and post.version == 1


def test_funding_cannot_end_under_a_holder(cast, client_for):
    post = PostFactory(organisation=cast.directorate, funded_from=dt.date(2020, 1, 1))
    AssignmentFactory(post=post, worker=WorkerFactory(organisation=cast.directorate), start=dt.date(2021, 1, 1))
    response = client_for("admin").post(f"/workforce/posts/{post.pk}/edit/", {
        "title": post.title, "organisation": cast.directorate.pk, "cadre": post.cadre, "fte": "1.0",
        "funded_from": "2020-01-01", "funded_until": "2025-12-31", "version": post.version,
    })
    assert response.status_code == 400 and "holds this post after this date" in response.content.decode()


@pytest.mark.parametrize("persona", ["supervisor", "case_manager", "analyst", "volunteer", "trainer"])
def test_only_registry_keepers_post_changes(persona, cast, client_for):
    worker = WorkerFactory(organisation=cast.directorate)
    client = client_for(persona)
    assert client.post("/workforce/workers/new/", _worker_data(cast)).status_code == 403
    assert client.post(f"/workforce/workers/{worker.pk}/edit/", _worker_data(cast)).status_code in (403, 404)
    assert not Worker.objects.filter(family_name="Cojocaru").exists()
