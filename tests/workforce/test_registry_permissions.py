"""The registry's permission matrix: every page of the worker registry and posts × every persona."""

from __future__ import annotations

import datetime as dt

import pytest

from careforce.workforce.models import Cadre
from tests.conftest import PERSONAS
from tests.core.test_permissions import expect
from tests.workforce.factories import AssignmentFactory, PostFactory, WorkerFactory

# Managers of the service read the posts; everybody else is refused.
POSTS = expect(403, admin=200, regional=200, supervisor=200)
INDICATORS = expect(403, admin=200, regional=200, analyst=200)
EDIT = expect(403, admin=200, regional=200)

# (route template, {persona: status}); {name} placeholders are filled from the registry fixture.
ROUTES = [
    # Analysts work with aggregates only; everybody else sees the rows the door lets her see.
    ("/workforce/workers/", expect(200, analyst=403)),
    ("/workforce/workers/?cadre=nonsense&organisation=abc&active=maybe", expect(200, analyst=403)),
    ("/workforce/workers/?organisation={far_directorate}", expect(200, analyst=403)),
    # The downloads answer as the page does, with the rows the page may show.
    ("/workforce/workers/?format=csv", expect(200, analyst=403)),
    ("/workforce/workers/?format=xlsx&cadre=case_manager&active=yes&page=2", expect(200, analyst=403)),
    ("/workforce/workers/?format=csv&organisation={far_directorate}", expect(200, analyst=403)),
    # The case manager's worker record: her organisation, her region, the admin; 404 for the rest.
    (
        "/workforce/workers/{cm_worker}/",
        expect(404, admin=200, regional=200, supervisor=200, case_manager=200, analyst=403),
    ),
    # The community assistant: her municipality (the volunteer), her supervisor, the region.
    (
        "/workforce/workers/{assistant_worker}/",
        expect(404, admin=200, regional=200, supervisor=200, assistant=200, volunteer=200, analyst=403),
    ),
    # A worker of the far south: only the national administrator learns she exists.
    ("/workforce/workers/{far_worker}/", expect(404, admin=200, analyst=403)),
    # The trainer's own record, at the national training centre.
    ("/workforce/workers/{trainer_worker}/", expect(404, admin=200, trainer=200, analyst=403)),
    ("/workforce/workers/999999/", expect(404, analyst=403)),
    ("/workforce/posts/", POSTS),
    ("/workforce/posts/?vacant=yes&cadre=case_manager", POSTS),
    ("/workforce/posts/?vacant=no&organisation={far_directorate}", POSTS),
    ("/workforce/posts/?vacant=perhaps&page=999", POSTS),
    # Keeping the registry: the national administrator anywhere, a regional manager in her region.
    ("/workforce/workers/new/", EDIT),
    ("/workforce/workers/{cm_worker}/edit/", EDIT),
    ("/workforce/workers/{far_worker}/edit/", expect(403, admin=200, regional=404)),
    ("/workforce/workers/999999/edit/", expect(403, admin=404, regional=404)),
    ("/workforce/workers/{cm_worker}/assignments/new/", EDIT),
    ("/workforce/workers/{far_worker}/assignments/new/", expect(403, admin=200, regional=404)),
    ("/workforce/assignments/{cm_assignment}/end/", EDIT),
    ("/workforce/assignments/{far_assignment}/end/", expect(403, admin=200, regional=404)),
    ("/workforce/posts/new/", EDIT),
    ("/workforce/posts/{post}/edit/", EDIT),
    ("/workforce/posts/{far_post}/edit/", expect(403, admin=200, regional=404)),
    # The menu entry sends each role to the first workforce page she may use.
    ("/workforce/", expect(302)),
    # Figures about many workers: the nation (administrator, analyst) or the region (regional manager).
    ("/workforce/indicators/", INDICATORS),
    ("/workforce/indicators/?area={far_district_area}&cadre=case_manager&on=2026-01-31", INDICATORS),
    ("/workforce/indicators/?on=nonsense&period_from=2030-01-01&area=abc", INDICATORS),
    ("/workforce/indicators/?format=csv", INDICATORS),
    ("/workforce/indicators/?format=xlsx", INDICATORS),
    # The API answers the same scopes; anonymous callers get 401.
    ("/api/v1/workforce/workers", expect(200, anonymous=401, analyst=403)),
    ("/api/v1/workforce/workers?cadre=psychologist&active=true", expect(200, anonymous=401, analyst=403)),
    (
        "/api/v1/workforce/workers/{cm_worker}",
        expect(404, anonymous=401, admin=200, regional=200, supervisor=200, case_manager=200, analyst=403),
    ),
    ("/api/v1/workforce/workers/{far_worker}", expect(404, anonymous=401, admin=200, analyst=403)),
    ("/api/v1/workforce/posts", expect(403, anonymous=401, admin=200, regional=200, supervisor=200)),
    ("/api/v1/workforce/indicators", expect(403, anonymous=401, admin=200, regional=200, analyst=200)),
    (
        "/api/v1/workforce/indicators?area={far_district_area}",
        expect(403, anonymous=401, admin=200, analyst=200),
    ),
]


@pytest.fixture
def registry(cast):
    cm_worker = WorkerFactory(organisation=cast.directorate, user=cast.case_manager)
    post = PostFactory(organisation=cast.directorate)
    cm_assignment = AssignmentFactory(worker=cm_worker, post=post, start=dt.date(2022, 3, 1))
    PostFactory(organisation=cast.directorate, cadre=Cadre.PSYCHOLOGIST)  # vacant
    far_worker = WorkerFactory(organisation=cast.far_directorate, user=cast.far_case_manager)
    far_post = PostFactory(organisation=cast.far_directorate)
    far_assignment = AssignmentFactory(worker=far_worker, post=far_post, start=dt.date(2023, 1, 1))
    return {
        "cm_assignment": cm_assignment.pk,
        "post": post.pk,
        "far_post": far_post.pk,
        "far_assignment": far_assignment.pk,
        "cm_worker": cm_worker.pk,
        "assistant_worker": WorkerFactory(
            organisation=cast.municipal, user=cast.assistant, cadre=Cadre.COMMUNITY_ASSISTANT
        ).pk,
        "far_worker": far_worker.pk,
        "trainer_worker": WorkerFactory(
            organisation=cast.training_centre, user=cast.trainer, cadre=Cadre.SOCIAL_WORKER
        ).pk,
        "far_directorate": cast.far_directorate.pk,
        "far_district_area": cast.far_district.pk,
    }


@pytest.mark.parametrize(("route", "persona", "status"), [(r, p, s[p]) for r, s in ROUTES for p in PERSONAS])
def test_route_answers_persona(route, persona, status, registry, client_for):
    response = client_for(persona).get(route.format(**registry))
    assert response.status_code == status, f"{persona} GET {route}: {response.status_code}, expected {status}"
