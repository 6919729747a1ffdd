"""The registry's and supervision's write endpoints and the sessions list: the pages' services behind JSON.

For each: what it records (with the service's audit entry), what it refuses (4xx with the field, nothing
written), an edit begun at an old version (409), a record outside the caller's scope (404), the roles without
the right (403) and anonymous callers (401).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.test import Client

from careforce.core.models import AuditEntry
from careforce.workforce import services
from careforce.workforce.models import (
    Assignment,
    Cadre,
    LeavingReason,
    Post,
    SupervisionSession,
    Worker,
)
from tests.workforce.factories import AssignmentFactory, PostFactory, WorkerFactory
from tests.workforce.supervision_data import make_team

API = "/api/v1/workforce"
NOT_OFFERED = "Select a valid choice. That choice is not one of the available choices."
NO_RIGHT = ["supervisor", "case_manager", "assistant", "volunteer", "trainer", "analyst"]


def send(client: Client, method: str, url: str, body) -> object:
    return getattr(client, method)(url, body, content_type="application/json")


def entries(**kw) -> int:
    """Changes written to the audit log (signing in and reading are logged too)."""
    return AuditEntry.objects.filter(action__in=["create", "update"], **kw).count()


@dataclass
class Registry:
    worker: Worker  # in the directorate (region Nord): the regional manager keeps it
    far_worker: Worker  # in Cahul (region Sud): only the national administrator does
    held: Post
    vacant: Post
    other_vacant: Post  # another directorate of the region
    far_vacant: Post
    assignment: Assignment
    far_assignment: Assignment


@pytest.fixture
def reg(cast) -> Registry:
    worker = WorkerFactory(organisation=cast.directorate, given_name="Maria", phone="0231")
    far_worker = WorkerFactory(organisation=cast.far_directorate)
    held = PostFactory(organisation=cast.directorate, title="Held")
    far_held = PostFactory(organisation=cast.far_directorate)
    return Registry(
        worker=worker,
        far_worker=far_worker,
        held=held,
        vacant=PostFactory(organisation=cast.directorate, title="Vacant", fte=Decimal("0.5")),
        other_vacant=PostFactory(organisation=cast.other_directorate),
        far_vacant=PostFactory(organisation=cast.far_directorate),
        assignment=AssignmentFactory(worker=worker, post=held, start=dt.date(2022, 3, 1)),
        far_assignment=AssignmentFactory(worker=far_worker, post=far_held, start=dt.date(2023, 1, 1)),
    )


# --- POST /workers ---------------------------------------------------------------------------------------


def new_worker(cast, **overrides) -> dict:
    return {
        "given_name": "Ana", "family_name": "Rusu", "sex": "F", "birth_year": 1980,
        "cadre": "social_worker", "organisation": cast.municipal.pk, **overrides,
    }


@pytest.mark.parametrize("persona", ["admin", "regional"])
def test_recording_a_worker(persona, cast, client_for):
    response = send(client_for(persona), "post", f"{API}/workers", new_worker(cast, phone="0231 22 333"))
    assert response.status_code == 201, response.content
    body = response.json()
    worker = Worker.objects.get(pk=body["id"])
    assert (worker.given_name, worker.cadre, worker.phone) == ("Ana", Cadre.SOCIAL_WORKER, "0231 22 333")
    # Where she works defaults to the employer's area, as on the page.
    assert body["area"] == cast.locality.pk and body["version"] == 1 and body["current_assignments"] == []
    entry = AuditEntry.objects.get(object_type="workforce.worker", object_id=str(worker.pk))
    assert entry.action == "create" and entry.actor == cast.persona(persona)
    assert entry.changes["given_name"] == [None, "Ana"]


def test_linking_a_user_account(cast, client_for):
    body = new_worker(cast, organisation=cast.other_directorate.pk, user=cast.other_case_manager.pk)
    response = send(client_for("regional"), "post", f"{API}/workers", body)
    assert response.status_code == 201 and response.json()["user"] == cast.other_case_manager.pk
    # An account already linked to a worker is not offered again.
    again = send(client_for("regional"), "post", f"{API}/workers", body)
    assert again.status_code == 400 and again.json()["errors"] == {"user": [NOT_OFFERED]}


@pytest.mark.parametrize(
    ("overrides", "status", "field", "reason"),
    [
        ({"cadre": "wizard"}, 422, "cadre", None),
        ({"sex": "X"}, 422, "sex", None),
        ({"given_name": ""}, 422, "given_name", None),
        ({"given_name": "x" * 101}, 422, "given_name", None),
        ({"organisation": 10**25}, 422, "organisation", None),
        ({"organisation": "far"}, 400, "organisation", "Choose an organisation within your area."),
        ({"organisation": 999999}, 400, "organisation", NOT_OFFERED),
        ({"area": "far"}, 400, "area", "Choose an area within your region."),
        ({"birth_year": 1800}, 400, "birth_year", "greater than or equal to 1930"),
        ({"email": "not an address"}, 400, "email", "valid email"),
        ({"user": "far"}, 400, "user", NOT_OFFERED),  # an account outside her scope
    ],
)
def test_a_bad_worker_is_refused_naming_the_field(overrides, status, field, reason, cast, client_for):
    far = {"organisation": cast.far_directorate.pk, "area": cast.far_district.pk, "user": cast.far_case_manager.pk}
    body = new_worker(cast, **{k: far[k] if v == "far" else v for k, v in overrides.items()})
    response = send(client_for("regional"), "post", f"{API}/workers", body)
    assert response.status_code == status, response.content
    errors = response.json()["errors"]
    if status == 422:
        assert [e["loc"][-1] for e in errors] == [field]
    else:
        assert list(errors) == [field] and reason in errors[field][0]
    assert not Worker.objects.exists() and not entries()


def test_a_missing_field_is_422(cast, client_for):
    body = {k: v for k, v in new_worker(cast).items() if k != "cadre"}
    assert send(client_for("admin"), "post", f"{API}/workers", body).status_code == 422
    assert send(client_for("admin"), "post", f"{API}/workers", "not json").status_code in (400, 422)
    assert not Worker.objects.exists()


@pytest.mark.parametrize("persona", NO_RIGHT)
def test_only_those_who_keep_the_registry_record_workers(persona, cast, client_for):
    response = send(client_for(persona), "post", f"{API}/workers", new_worker(cast))
    assert response.status_code == 403 and response.json()["detail"]
    assert not Worker.objects.exists()


def test_anonymous_callers_record_nothing(cast):
    assert send(Client(), "post", f"{API}/workers", new_worker(cast)).status_code == 401
    assert not Worker.objects.exists()


# --- PATCH /workers/{id} ---------------------------------------------------------------------------------


def patch(client, worker, body):
    return send(client, "patch", f"{API}/workers/{worker.pk}", body)


def test_editing_a_worker_from_the_version_read(cast, reg, client_for):
    client = client_for("regional")
    read = client.get(f"{API}/workers/{reg.worker.pk}").json()
    response = patch(client, reg.worker, {"version": read["version"], "phone": "0999", "cadre": "supervisor"})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["cadre"] == "supervisor" and body["version"] == read["version"] + 1
    assert body["current_assignments"][0]["post_title"] == "Held"
    reg.worker.refresh_from_db()
    assert (reg.worker.phone, reg.worker.cadre, reg.worker.given_name) == ("0999", Cadre.SUPERVISOR, "Maria")
    entry = AuditEntry.objects.get(object_type="workforce.worker", action="update")
    assert entry.actor == cast.regional
    assert entry.changes == {"cadre": ["case_manager", "supervisor"], "phone": ["0231", "0999"]}


def test_an_edit_changing_nothing_writes_nothing(cast, reg, client_for):
    response = patch(client_for("admin"), reg.worker, {"version": 1, "given_name": "Maria"})
    assert response.status_code == 200 and response.json()["version"] == 1
    assert not entries(action="update")


def test_the_area_follows_the_organisation_when_sent_as_null(cast, reg, client_for):
    body = {"version": 1, "organisation": cast.municipal.pk, "area": None}
    response = patch(client_for("regional"), reg.worker, body)
    assert response.status_code == 200 and response.json()["area"] == cast.locality.pk


def test_someone_saved_in_between_answers_409_and_writes_nothing(cast, reg, client_for):
    services.worker_update(actor=cast.admin, worker=reg.worker, version=1, phone="0777")
    response = patch(client_for("regional"), reg.worker, {"version": 1, "phone": "0999", "given_name": "Mara"})
    assert response.status_code == 409, response.content
    body = response.json()
    assert "Someone else saved this record" in body["detail"] and body["version"] == 2
    assert body["changed"] == {"phone": ["0999", "0777"], "given_name": ["Mara", "Maria"]}
    reg.worker.refresh_from_db()
    assert (reg.worker.phone, reg.worker.given_name, reg.worker.version) == ("0777", "Maria", 2)
    assert entries(action="update", actor=cast.regional) == 0
    # Read again, sent again: saved.
    assert patch(client_for("regional"), reg.worker, {"version": 2, "phone": "0999"}).status_code == 200


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ({"phone": "0999"}, 422, "version"),  # the version read is required
        ({"version": 1, "given_name": None}, 422, "given_name"),  # not a value a name can have
        ({"version": 1, "cadre": "wizard"}, 422, "cadre"),
        ({"version": 1, "organisation": "far"}, 400, "organisation"),
        ({"version": 1, "area": "far"}, 400, "area"),
        ({"version": 1, "birth_year": 2030}, 400, "birth_year"),
        ({"version": 1, "organisation": 999999}, 400, "organisation"),
    ],
)
def test_a_bad_edit_is_refused_and_changes_nothing(body, status, field, cast, reg, client_for):
    far = {"organisation": cast.far_directorate.pk, "area": cast.far_district.pk}
    body = {k: far[k] if v == "far" else v for k, v in body.items()}
    response = patch(client_for("regional"), reg.worker, body)
    assert response.status_code == status, response.content
    errors = response.json()["errors"]
    assert ([e["loc"][-1] for e in errors] if status == 422 else list(errors)) == [field]
    reg.worker.refresh_from_db()
    assert (reg.worker.version, reg.worker.organisation, reg.worker.birth_year) == (1, cast.directorate, 1985)
    assert not entries(action="update")


def test_a_worker_outside_her_region_is_not_found(cast, reg, client_for):
    client = client_for("regional")
    assert patch(client, reg.far_worker, {"version": 1, "phone": "1"}).status_code == 404
    assert send(client, "patch", f"{API}/workers/999999", {"version": 1}).status_code == 404
    assert send(client, "patch", f"{API}/workers/{10**25}", {"version": 1}).status_code == 404
    # The national administrator keeps the whole country's registry.
    assert patch(client_for("admin"), reg.far_worker, {"version": 1, "phone": "1"}).status_code == 200


@pytest.mark.parametrize("persona", NO_RIGHT)
def test_roles_that_do_not_keep_the_registry_may_not_edit(persona, cast, reg, client_for):
    # Even her own record: a case manager reads it, the registry's keepers change it.
    reg.worker.user = cast.persona(persona)
    reg.worker.save()
    assert patch(client_for(persona), reg.worker, {"version": 1, "phone": "1"}).status_code == 403
    assert patch(Client(), reg.worker, {"version": 1, "phone": "1"}).status_code == 401
    reg.worker.refresh_from_db()
    assert reg.worker.phone == "0231" and reg.worker.version == 1


# --- POST /posts -----------------------------------------------------------------------------------------


def new_post(cast, **overrides) -> dict:
    return {
        "title": "Psychologist", "organisation": cast.directorate.pk, "cadre": "psychologist",
        "funded_from": "2025-01-01", **overrides,
    }


def test_recording_a_post(cast, client_for):
    response = send(client_for("regional"), "post", f"{API}/posts", new_post(cast, fte="0.5"))
    assert response.status_code == 201, response.content
    body = response.json()
    post = Post.objects.get(pk=body["id"])
    assert (post.title, post.fte, post.area) == ("Psychologist", Decimal("0.5"), cast.district)
    assert body["vacant"] is True and body["funded_until"] is None
    entry = AuditEntry.objects.get(object_type="workforce.post", object_id=str(post.pk))
    assert entry.action == "create" and entry.actor == cast.regional


@pytest.mark.parametrize(
    ("overrides", "status", "field"),
    [
        ({"funded_until": "2024-12-31"}, 400, "funded_until"),  # ends before it starts
        ({"fte": 2}, 400, "fte"),
        ({"fte": "0.123"}, 400, "fte"),
        ({"fte": "NaN"}, 422, "fte"),
        ({"cadre": "wizard"}, 422, "cadre"),
        ({"funded_from": "2025-02-30"}, 422, "funded_from"),
        ({"organisation": "far"}, 400, "organisation"),
        ({"organisation": 999999}, 400, "organisation"),
        ({"title": ""}, 422, "title"),
    ],
)
def test_a_bad_post_is_refused_naming_the_field(overrides, status, field, cast, client_for):
    body = new_post(cast, **{k: cast.far_directorate.pk if v == "far" else v for k, v in overrides.items()})
    response = send(client_for("regional"), "post", f"{API}/posts", body)
    assert response.status_code == status, response.content
    errors = response.json()["errors"]
    assert ([e["loc"][-1] for e in errors] if status == 422 else list(errors)) == [field]
    assert not Post.objects.exists() and not entries()


@pytest.mark.parametrize("persona", NO_RIGHT)
def test_only_those_who_keep_the_registry_record_posts(persona, cast, client_for):
    # The supervisor reads her organisation's posts; she does not create them.
    assert send(client_for(persona), "post", f"{API}/posts", new_post(cast)).status_code == 403
    assert send(Client(), "post", f"{API}/posts", new_post(cast)).status_code == 401
    assert not Post.objects.exists()


# --- POST /workers/{id}/assignments ----------------------------------------------------------------------


def start(client, worker, **body):
    return send(client, "post", f"{API}/workers/{worker.pk}/assignments", body)


def test_putting_a_worker_in_a_vacant_post(cast, reg, client_for):
    response = start(client_for("regional"), reg.worker, post=reg.vacant.pk, start="2025-03-01")
    assert response.status_code == 201, response.content
    body = response.json()
    # The post's full-time equivalent unless another is given.
    assert (body["post"], body["post_title"], body["fte"], body["end"]) == (reg.vacant.pk, "Vacant", "0.50", None)
    assignment = Assignment.objects.get(pk=body["id"])
    assert (assignment.worker, assignment.organisation, assignment.start) == (
        reg.worker, cast.directorate, dt.date(2025, 3, 1)
    )
    entry = AuditEntry.objects.get(object_type="workforce.assignment", object_id=str(assignment.pk))
    assert entry.action == "create" and entry.actor == cast.regional
    assert entry.changes["post"] == [None, reg.vacant.pk]


def test_a_volunteer_serves_without_a_post(cast, client_for):
    volunteer = WorkerFactory(organisation=cast.municipal, cadre=Cadre.VOLUNTEER)
    response = start(client_for("admin"), volunteer, start="2025-03-01", fte="0.2", note="Evenings")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["post"] is None and body["organisation"] == cast.municipal.pk
    assert Decimal(body["fte"]) == Decimal("0.2") == Assignment.objects.get(pk=body["id"]).fte


@pytest.mark.parametrize(
    ("post", "body", "field", "reason"),
    [
        ("held", {"start": "2025-03-01"}, "post", "already has a holder"),
        ("vacant", {"start": "2019-12-31"}, "start", "not funded on this date"),
        ("unfunded", {"start": "2025-03-01"}, "start", "not funded on this date"),
        ("vacant", {"start": "2025-03-01", "fte": "1.5"}, "fte", "less than or equal to 1.0"),
        ("other_vacant", {"start": "2025-03-01"}, "post", NOT_OFFERED),  # not her organisation's post
        ("far_vacant", {"start": "2025-03-01"}, "post", NOT_OFFERED),  # outside the region
        (999999, {"start": "2025-03-01"}, "post", NOT_OFFERED),
    ],
)
def test_an_occupied_unfunded_or_foreign_post_is_refused(post, body, field, reason, cast, reg, client_for):
    if post == "unfunded":
        post = PostFactory(organisation=cast.directorate, funded_until=dt.date(2024, 12, 31)).pk
    elif isinstance(post, str):
        post = getattr(reg, post).pk
    before = Assignment.objects.count()
    response = start(client_for("regional"), reg.worker, post=post, **body)
    assert response.status_code == 400, response.content
    errors = response.json()["errors"]
    assert list(errors) == [field] and reason in errors[field][0]
    assert Assignment.objects.count() == before and not entries()


@pytest.mark.parametrize(
    "body", [{"start": "yesterday"}, {"post": 10**25, "start": "2025-03-01"}, {"post": None}, {"fte": "NaN"}]
)
def test_a_malformed_assignment_is_422(body, reg, client_for):
    before = Assignment.objects.count()
    assert start(client_for("admin"), reg.worker, **body).status_code == 422
    assert Assignment.objects.count() == before


def test_a_worker_outside_her_region_cannot_be_placed(cast, reg, client_for):
    response = start(client_for("regional"), reg.far_worker, post=reg.far_vacant.pk, start="2025-03-01")
    assert response.status_code == 404
    assert send(client_for("regional"), "post", f"{API}/workers/999999/assignments", {"start": "2025-03-01"}
                ).status_code == 404
    assert not Assignment.objects.filter(post=reg.far_vacant).exists()


@pytest.mark.parametrize("persona", NO_RIGHT)
def test_only_those_who_keep_the_registry_place_workers(persona, reg, client_for):
    assert start(client_for(persona), reg.worker, post=reg.vacant.pk, start="2025-03-01").status_code == 403
    assert start(Client(), reg.worker, post=reg.vacant.pk, start="2025-03-01").status_code == 401
    assert not Assignment.objects.filter(post=reg.vacant).exists()


def test_only_post_places_a_worker(reg, client_for):
    assert client_for("admin").get(f"{API}/workers/{reg.worker.pk}/assignments").status_code == 405


# --- POST /assignments/{id}/end --------------------------------------------------------------------------


def end(client, assignment, **body):
    return send(client, "post", f"{API}/assignments/{assignment.pk}/end", body)


def test_ending_an_assignment(cast, reg, client_for):
    response = end(client_for("regional"), reg.assignment, end="2025-06-30", reason="voluntary")
    assert response.status_code == 200, response.content
    assert response.json()["end"] == "2025-06-30" and response.json()["reason_for_leaving"] == "voluntary"
    reg.assignment.refresh_from_db()
    assert (reg.assignment.end, reg.assignment.reason_for_leaving) == (dt.date(2025, 6, 30), LeavingReason.VOLUNTARY)
    entry = AuditEntry.objects.get(object_type="workforce.assignment", object_id=str(reg.assignment.pk))
    assert entry.action == "update" and entry.actor == cast.regional
    assert entry.changes["reason_for_leaving"] == ["", "voluntary"]
    # Ended, it is no longer there to end.
    assert end(client_for("regional"), reg.assignment, end="2025-07-31", reason="voluntary").status_code == 404


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ({"end": "2022-02-28", "reason": "voluntary"}, 400, "end"),  # before it started
        ({"end": "2025-06-30", "reason": "bored"}, 422, "reason"),
        ({"end": "2025-06-30"}, 422, "reason"),
        ({"reason": "involuntary"}, 422, "end"),
    ],
)
def test_a_bad_end_is_refused_and_changes_nothing(body, status, field, reg, client_for):
    response = end(client_for("admin"), reg.assignment, **body)
    assert response.status_code == status, response.content
    errors = response.json()["errors"]
    assert ([e["loc"][-1] for e in errors] if status == 422 else list(errors)) == [field]
    if status == 400:
        assert "before it starts" in errors["end"][0]
    reg.assignment.refresh_from_db()
    assert reg.assignment.end is None and reg.assignment.reason_for_leaving == "" and not entries()


def test_an_assignment_outside_her_region_is_not_found(reg, client_for):
    body = {"end": "2025-06-30", "reason": "voluntary"}
    assert end(client_for("regional"), reg.far_assignment, **body).status_code == 404
    assert send(client_for("regional"), "post", f"{API}/assignments/999999/end", body).status_code == 404
    reg.far_assignment.refresh_from_db()
    assert reg.far_assignment.end is None
    assert end(client_for("admin"), reg.far_assignment, **body).status_code == 200


@pytest.mark.parametrize("persona", NO_RIGHT)
def test_only_those_who_keep_the_registry_end_assignments(persona, reg, client_for):
    assert end(client_for(persona), reg.assignment, end="2025-06-30", reason="voluntary").status_code == 403
    assert end(Client(), reg.assignment, end="2025-06-30", reason="voluntary").status_code == 401
    reg.assignment.refresh_from_db()
    assert reg.assignment.end is None


# --- GET and POST /supervision ---------------------------------------------------------------------------


@pytest.fixture
def team(cast):
    return make_team(cast)


def listed(client, query: str = "") -> dict[int, dict]:
    response = client.get(f"{API}/supervision{query}")
    assert response.status_code == 200, response.content
    return {s["id"]: s for s in response.json()["items"]}


def test_sessions_are_listed_in_scope_the_latest_first(team, client_for, django_assert_max_num_queries):
    client = client_for("supervisor")
    with django_assert_max_num_queries(8):
        response = client.get(f"{API}/supervision")
    body = response.json()
    ours = SupervisionSession.objects.filter(supervisor=team.sup)
    assert body["count"] == ours.count() and team.far_session.pk not in [s["id"] for s in body["items"]]
    assert [s["on"] for s in body["items"]] == sorted((s["on"] for s in body["items"]), reverse=True)
    first = listed(client)[team.cm_session.pk]
    assert first["supervisor"] == team.sup.pk and first["supervisees"] == [team.cm.pk]
    assert first["decisions"] == "Visit the family together next week." and first["kind"] == "individual"
    # Her colleague of another directorate, and the far south, are someone else's.
    assert listed(client_for("other_case_manager")) == {}
    assert set(listed(client_for("admin"))) == set(SupervisionSession.objects.values_list("pk", flat=True))


def test_a_case_manager_lists_the_sessions_she_was_supervised_in(team, client_for):
    mine = set(SupervisionSession.objects.filter(attendance__worker=team.cm).values_list("pk", flat=True))
    assert set(listed(client_for("case_manager"))) == mine


def test_the_wellbeing_note_is_read_only_by_those_in_the_session_and_the_national_administrator(team, client_for):
    note = "Tired after a hard case."
    for persona in ("supervisor", "case_manager", "admin"):
        assert listed(client_for(persona))[team.cm_session.pk]["wellbeing"] == note, persona
    # The manager of the line reads the session, not the note.
    regional = listed(client_for("regional"))
    assert regional[team.cm_session.pk]["wellbeing"] is None
    assert regional[team.cm_session.pk]["decisions"] == "Visit the family together next week."
    # Another supervisee's note is not hers; the national administrator reads the far one.
    assert listed(client_for("assistant"))[team.assistant_session.pk]["wellbeing"] == ""
    assert team.cm_session.pk not in listed(client_for("assistant"))
    assert listed(client_for("admin"))[team.far_session.pk]["wellbeing"] == "Far away note."


def test_the_list_filters_by_dates_and_pages(team, client_for):
    client = client_for("supervisor")
    june = listed(client, "?date_from=2025-06-01&date_to=2025-06-30")
    assert {s["on"] for s in june.values()} == {"2025-06-05", "2025-06-25", "2025-06-23", "2025-06-27"}
    assert [s["on"] for s in listed(client, "?date_to=2025-05-31").values()] == ["2025-05-30"]
    assert set(listed(client, f"?worker={team.psych.pk}&date_from=2025-06-01")) == set(
        SupervisionSession.objects.filter(attendance__worker=team.psych, on__gte="2025-06-01").values_list("pk", flat=True)
    )
    page = client.get(f"{API}/supervision?limit=2&offset=2").json()
    assert len(page["items"]) == 2 and page["count"] == len(listed(client))


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ("?date_from=2025-06-30&date_to=2025-06-01", 400),
        ("?date_from=2025-13-01", 422),
        ("?limit=1000000", 422),
        ("?offset=-1", 422),
        ("?kind=lecture", 422),
        (f"?supervisor={10**25}", 422),
    ],
)
def test_bad_list_parameters_are_4xx_with_the_reason(query, status, team, client_for):
    response = client_for("supervisor").get(f"{API}/supervision{query}")
    assert response.status_code == status and response.json()["errors"]
    if status == 400:
        assert response.json()["errors"] == {"date_to": ["The end date is before the start date."]}


@pytest.mark.parametrize("persona", ["volunteer", "trainer", "analyst"])
def test_roles_without_business_with_supervision_list_nothing(persona, team, client_for):
    assert client_for(persona).get(f"{API}/supervision").status_code == 403
    assert Client().get(f"{API}/supervision").status_code == 401


def new_session(team, **overrides) -> dict:
    return {
        "supervisor": team.sup.pk, "supervisees": [team.cm.pk], "kind": "individual", "on": "2025-06-10",
        "duration_minutes": 90, "cases_discussed": 3, "decisions": "Joint visit.", "wellbeing": "Fine.",
        **overrides,
    }


@pytest.mark.parametrize("persona", ["supervisor", "regional", "admin"])
def test_recording_a_session(persona, cast, team, client_for):
    response = send(client_for(persona), "post", f"{API}/supervision", new_session(team))
    assert response.status_code == 201, response.content
    body = response.json()
    session = SupervisionSession.objects.get(pk=body["id"])
    assert session.recorded_by == cast.persona(persona) and list(session.supervisees.all()) == [team.cm]
    assert (body["supervisees"], body["duration_minutes"], body["cases_discussed"]) == ([team.cm.pk], 90, 3)
    # The note is the session's people's: the supervisor who led it reads it back, the regional manager not.
    assert body["wellbeing"] == ({"supervisor": "Fine.", "admin": "Fine."}.get(persona))
    entry = AuditEntry.objects.get(object_type="workforce.supervisionsession", object_id=str(session.pk))
    assert entry.action == "create" and entry.actor == cast.persona(persona)
    assert "wellbeing" not in entry.changes and entry.changes["supervisees"] == [None, [team.cm.pk]]


def test_a_group_session(team, client_for):
    body = new_session(team, kind="group", supervisees=[team.cm.pk, team.psych.pk, team.cm.pk])
    response = send(client_for("supervisor"), "post", f"{API}/supervision", body)
    assert response.status_code == 201 and response.json()["supervisees"] == sorted([team.cm.pk, team.psych.pk])


@pytest.mark.parametrize(
    ("overrides", "status", "field", "reason"),
    [
        ({"kind": "group"}, 400, "supervisees", "at least two supervisees"),
        ({"supervisees": ["cm", "psych"]}, 400, "supervisees", "exactly one supervisee"),
        ({"supervisees": []}, 400, "supervisees", "Choose who was supervised."),
        ({"supervisees": ["sup"]}, 400, "supervisees", "cannot be among the people she supervises"),
        ({"on": "2999-01-01"}, 400, "on", "in the future"),
        ({"duration_minutes": 0}, 400, "duration_minutes", "greater than or equal to 1"),
        ({"duration_minutes": 600}, 400, "duration_minutes", "less than or equal to 480"),
        ({"cases_discussed": -1}, 400, "cases_discussed", "0 or more"),
        # Outside her scope, or not offered by the form (volunteers are mentored, not supervised).
        ({"supervisees": ["other_cm"]}, 400, "supervisees", "is not one of the available choices"),
        ({"supervisees": ["far_cm"]}, 400, "supervisees", "is not one of the available choices"),
        ({"supervisees": ["mentor"]}, 400, "supervisees", "is not one of the available choices"),
        ({"supervisor": "far_sup"}, 400, "supervisor", NOT_OFFERED),
        ({"kind": "lecture"}, 422, "kind", None),
        ({"on": "soon"}, 422, "on", None),
        ({"supervisees": [10**25]}, 422, "supervisees", None),
        ({"supervisees": list(range(1, 202))}, 422, "supervisees", None),
        ({"wellbeing": "x" * 5001}, 422, "wellbeing", None),
    ],
)
def test_a_bad_session_is_refused_naming_the_field(overrides, status, field, reason, team, client_for):
    def pk(name):
        return getattr(team, name).pk if isinstance(name, str) else name

    overrides = {
        k: ([pk(n) for n in v] if k == "supervisees" else pk(v) if k == "supervisor" else v)
        for k, v in overrides.items()
    }
    before = SupervisionSession.objects.count()
    response = send(client_for("supervisor"), "post", f"{API}/supervision", new_session(team, **overrides))
    assert response.status_code == status, response.content
    errors = response.json()["errors"]
    if status == 422:
        assert {e["loc"][2] for e in errors} == {field}
    else:
        assert list(errors) == [field] and reason in errors[field][0]
    assert SupervisionSession.objects.count() == before and not entries(object_type="workforce.supervisionsession")


@pytest.mark.parametrize("persona", ["case_manager", "assistant", "volunteer", "trainer", "analyst"])
def test_only_those_who_organise_supervision_record_sessions(persona, team, client_for):
    before = SupervisionSession.objects.count()
    assert send(client_for(persona), "post", f"{API}/supervision", new_session(team)).status_code == 403
    assert send(Client(), "post", f"{API}/supervision", new_session(team)).status_code == 401
    assert SupervisionSession.objects.count() == before
