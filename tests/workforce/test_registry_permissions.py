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

# (route template, {persona: status}); {name} placeholders are filled from the registry fixture.
ROUTES = [
    # Analysts work with aggregates only; everybody else sees the rows the door lets her see.
    ("/workforce/workers/", expect(200, analyst=403)),
    ("/workforce/workers/?cadre=nonsense&organisation=abc&active=maybe", expect(200, analyst=403)),
    ("/workforce/workers/?organisation={far_directorate}", expect(200, analyst=403)),
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
]


@pytest.fixture
def registry(cast):
    cm_worker = WorkerFactory(organisation=cast.directorate, user=cast.case_manager)
    post = PostFactory(organisation=cast.directorate)
    AssignmentFactory(worker=cm_worker, post=post, start=dt.date(2022, 3, 1))
    PostFactory(organisation=cast.directorate, cadre=Cadre.PSYCHOLOGIST)  # vacant
    return {
        "cm_worker": cm_worker.pk,
        "assistant_worker": WorkerFactory(
            organisation=cast.municipal, user=cast.assistant, cadre=Cadre.COMMUNITY_ASSISTANT
        ).pk,
        "far_worker": WorkerFactory(organisation=cast.far_directorate, user=cast.far_case_manager).pk,
        "trainer_worker": WorkerFactory(
            organisation=cast.training_centre, user=cast.trainer, cadre=Cadre.SOCIAL_WORKER
        ).pk,
        "far_directorate": cast.far_directorate.pk,
    }


@pytest.mark.parametrize(("route", "persona", "status"), [(r, p, s[p]) for r, s in ROUTES for p in PERSONAS])
def test_route_answers_persona(route, persona, status, registry, client_for):
    response = client_for(persona).get(route.format(**registry))
    assert response.status_code == status, f"{persona} GET {route}: {response.status_code}, expected {status}"
