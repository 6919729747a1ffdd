"""GET /api/v1/referrals: the lists of referrals received and sent, through the pages' selectors and door.

The world, counted by hand (today is whatever day the test runs):

  the case manager's case (Ion, locality N1a) sent three referrals to Florești's counselling:
      overdue   urgent, sent 10 days ago, no answer (due 7 days ago)
      accepted  urgent, sent today, accepted by Florești (due in 3 days)
      due       routine, sent today (due in 10 days)
  Florești's case manager's case (Maria, district N2) sent one to a service of Directorate Bălțeni: `incoming`
  the far case manager's case (Cahul) sent one to a far service: `far`

  received  admin 5 · regional 4 (not the far one) · supervisor and case manager 1 (incoming, to Bălțeni)
            · Florești's case manager 3 · the assistant (municipality) 0
  sent      admin 5 · regional 4 · supervisor and case manager 3 · Florești's case manager 1 · assistant 0
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from careforce.core.models import AuditAction, AuditEntry
from careforce.referrals import services
from tests.conftest import PERSONAS
from tests.referrals.factories import ServiceFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/referrals"
RECEIVED = dict(admin=5, regional=4, supervisor=1, case_manager=1, assistant=0, other_case_manager=3)
SENT = dict(admin=5, regional=4, supervisor=3, case_manager=3, assistant=0, other_case_manager=1)


@pytest.fixture
def world(cast, case, open_case, make_child, counselling, refer):
    today = timezone.localdate()
    overdue = refer(case, counselling, urgency="urgent", sent_on=today - timedelta(days=10))
    accepted = refer(case, counselling, urgency="urgent")
    services.referral_accept(actor=cast.other_case_manager, referral=accepted, note="Monday.")
    due = refer(case, counselling)
    theirs = open_case(
        by=cast.other_case_manager,
        child=make_child(given="Maria", by=cast.other_case_manager, area=cast.other_district),
    )
    incoming = refer(theirs, ServiceFactory(organisation=cast.directorate), actor=cast.other_case_manager)
    far_case = open_case(
        by=cast.far_case_manager, child=make_child(given="Petru", by=cast.far_case_manager, area=cast.far_district)
    )
    far = refer(far_case, ServiceFactory(organisation=cast.far_directorate), actor=cast.far_case_manager)
    return dict(overdue=overdue, accepted=accepted, due=due, incoming=incoming, far=far, case=case, theirs=theirs)


def _get(client, **query):
    response = client.get(URL, query)
    assert response.status_code == 200, response.content
    return response.json()


def _ids(body) -> list[int]:
    return [r["id"] for r in body["items"]]


@pytest.mark.parametrize(("persona", "expected"), sorted(RECEIVED.items()))
def test_received_counts_by_hand(persona, expected, world, client_for):
    body = _get(client_for(persona), direction="received")
    assert body["count"] == expected == len(body["items"])


@pytest.mark.parametrize(("persona", "expected"), sorted(SENT.items()))
def test_sent_counts_by_hand(persona, expected, world, client_for):
    body = _get(client_for(persona), direction="sent")
    assert body["count"] == expected == len(body["items"])


@pytest.mark.parametrize("persona", [p for p in PERSONAS if p not in RECEIVED])
@pytest.mark.parametrize("direction", ["received", "sent"])
def test_roles_without_a_tray_are_refused_as_on_the_pages(persona, direction, world, client_for):
    client = client_for(persona)
    page = client.get("/referrals/incoming/" if direction == "received" else "/referrals/outgoing/")
    response = client.get(URL, {"direction": direction})
    if persona == "anonymous":
        assert (page.status_code, response.status_code) == (302, 401)
    else:
        assert page.status_code == response.status_code == 403
    assert response.json()["detail"]


def test_the_receiver_sees_overdue_first_and_never_the_case(world, client_for):
    body = _get(client_for("other_case_manager"), direction="received")
    w = world
    assert _ids(body) == [w["overdue"].pk, w["accepted"].pk, w["due"].pk]
    first = body["items"][0]
    assert first["overdue"] is True and first["status"] == "sent" and first["urgency"] == "urgent"
    assert first["child_name"] == "Ion Ceban" and first["service_name"] == "Family counselling Florești"
    assert first["from_organisation_name"] == "Directorate Bălțeni"
    assert first["to_organisation_name"] == "Directorate Florești"
    assert [r["case_id"] for r in body["items"]] == [None, None, None]
    assert [r["overdue"] for r in body["items"]] == [True, False, False]


def test_a_row_shares_what_the_referral_answers_the_same_user(world, client_for):
    """Each row says what GET /referrals/{id} says to the same user, field for field."""
    for persona, direction in [("other_case_manager", "received"), ("case_manager", "sent"),
                               ("case_manager", "received"), ("regional", "received"), ("admin", "sent")]:
        client = client_for(persona)
        for row in _get(client, direction=direction)["items"]:
            detail = client.get(f"{URL}/{row['id']}").json()
            shared = {k: v for k, v in row.items() if k in detail}
            assert shared == {k: detail[k] for k in shared}, (persona, direction, row["id"])
            assert set(shared) >= {"case_id", "child_name", "child_age", "status", "respond_by", "overdue"}


def test_the_referring_side_sees_its_case(world, client_for):
    body = _get(client_for("case_manager"), direction="sent")
    assert {r["case_id"] for r in body["items"]} == {world["case"].pk}
    received = _get(client_for("case_manager"), direction="received")
    assert _ids(received) == [world["incoming"].pk] and received["items"][0]["case_id"] is None
    assert received["items"][0]["child_name"] == "Maria Ceban"
    # The regional manager sees both cases of her region, and nothing of the far one.
    regional = _get(client_for("regional"), direction="received")
    assert world["far"].pk not in _ids(regional)
    assert all(r["case_id"] is not None for r in regional["items"])


def test_out_of_scope_is_not_listed(world, client_for):
    far = world["far"].pk
    for persona in RECEIVED:
        if persona == "admin":
            continue
        for direction in ("received", "sent"):
            assert far not in _ids(_get(client_for(persona), direction=direction))
        assert client_for(persona).get(f"{URL}/{far}").status_code == 404
    assert far in _ids(_get(client_for("admin"), direction="received"))


def test_filters_status_and_overdue(world, client_for):
    client = client_for("other_case_manager")
    w = world
    assert _ids(_get(client, direction="received", status="accepted")) == [w["accepted"].pk]
    assert _ids(_get(client, direction="received", status="sent")) == [w["overdue"].pk, w["due"].pk]
    assert _ids(_get(client, direction="received", overdue="true")) == [w["overdue"].pk]
    assert _ids(_get(client, direction="received", overdue="false")) == [w["accepted"].pk, w["due"].pk]
    assert _ids(_get(client, direction="received", status="accepted", overdue="true")) == []
    assert _get(client, direction="received", status="declined")["count"] == 0
    sent = client_for("case_manager")
    assert _ids(_get(sent, direction="sent", overdue="true")) == [w["overdue"].pk]


def test_pages_of_the_list(world, client_for):
    client = client_for("case_manager")
    first = _get(client, direction="sent", limit=2)
    second = _get(client, direction="sent", limit=2, offset=2)
    assert first["count"] == second["count"] == 3
    assert _ids(first) + _ids(second) == [world["overdue"].pk, world["accepted"].pk, world["due"].pk]
    assert client.get(URL, {"direction": "sent", "limit": 0}).status_code == 422
    assert client.get(URL, {"direction": "sent", "offset": 2**40}).status_code == 422


@pytest.mark.parametrize(
    ("query", "allowed"),
    [
        ({"direction": "both"}, ["received", "sent"]),
        ({}, ["direction"]),
        ({"direction": "received", "status": "lost"}, ["sent", "accepted", "declined", "delivered", "closed"]),
        ({"direction": "received", "overdue": "maybe"}, ["overdue"]),
    ],
)
def test_bad_input_is_refused_with_the_allowed_values(query, allowed, world, client_for):
    response = client_for("case_manager").get(URL, query)
    assert response.status_code == 422
    body = response.json()
    assert body["detail"]
    for word in allowed:
        assert word in str(body["errors"])


def test_the_list_is_not_audited_and_a_referral_read_is(world, cast, client_for):
    """As on the pages: the lists show no more than the list pages (which write nothing), the referral's own
    read (page or API) writes one entry."""
    client = client_for("other_case_manager")
    before = AuditEntry.objects.filter(action=AuditAction.VIEW).count()
    _get(client, direction="received")
    _get(client, direction="received", status="sent", overdue="true")
    assert AuditEntry.objects.filter(action=AuditAction.VIEW).count() == before
    client.get(f"{URL}/{world['due'].pk}")
    entry = AuditEntry.objects.filter(action=AuditAction.VIEW).latest("pk")
    assert (entry.object_type, entry.object_id, entry.actor) == (
        "referrals.referral", str(world["due"].pk), cast.other_case_manager
    )
    assert AuditEntry.objects.filter(action=AuditAction.VIEW).count() == before + 1


@pytest.mark.parametrize("persona", ["admin", "regional", "other_case_manager", "case_manager"])
def test_a_constant_number_of_queries(persona, world, cast, case, counselling, refer, client_for):
    client = client_for(persona)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            received = _get(client, direction="received")
            sent = _get(client, direction="sent")
        assert received["count"] + sent["count"] > 0
        return len(ctx.captured_queries)

    before = count()
    for _n in range(4):
        refer(case, counselling)
        refer(world["theirs"], ServiceFactory(organisation=cast.directorate), actor=cast.other_case_manager)
    assert count() == before
