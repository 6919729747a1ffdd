"""The CPD endpoints: records through the development record's door, recording one through its service and
rules, and compliance as the figures page weighs it.

The records, counted by hand (workers of tests/training/conftest.py `training`):

  cm (the case manager, Directorate Bălțeni, supervised by the supervisor)   3: 10 Jan, 15 Mar, 2 May 2026
  asst (the assistant, municipality of Valea Nucilor, supervised by her)    1
  t1 (a colleague of the directorate without an account)                    1
  far (the far case manager, Cahul)                                          1
  tc (the trainer, national training centre)                                 1

  admin 7 · regional (region N) 5 · supervisor (her organisation and her supervisees) 5 · case manager 3
  · assistant 1 · trainer 1 · volunteer, Florești's case manager, analyst 0
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from careforce.core.models import AuditAction, AuditEntry
from careforce.training import cpd, services
from careforce.training.models import CpdKind, CpdRecord, CpdRequirement
from careforce.workforce.models import Cadre
from tests.conftest import PERSONAS
from tests.workforce.factories import AssignmentFactory, WorkerFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/training/cpd"
COMPLIANCE = URL + "/compliance"
SEES = dict(admin=7, regional=5, supervisor=5, case_manager=3, assistant=1, trainer=1, volunteer=0,
            other_case_manager=0, analyst=0)
# Who reads one worker's development record (the page /training/workers/<pk>/ answers the same).
READS_CM = {"admin", "regional", "supervisor", "case_manager"}


def _record(worker, on, hours=Decimal(2), title="Seminar"):
    return CpdRecord.objects.create(worker=worker, kind=CpdKind.WORKSHOP, title=title, done_on=on, hours=hours)


@pytest.fixture
def records(training):
    cm = training["cm"]
    out = {
        "jan": _record(cm, dt.date(2026, 1, 10), Decimal(4)),
        "mar": _record(cm, dt.date(2026, 3, 15), Decimal(6)),
        "may": _record(cm, dt.date(2026, 5, 2), Decimal("2.5")),
    }
    for key in ("asst", "t1", "far_worker", "tc"):
        out[key] = _record(training[key], dt.date(2026, 4, 1))
    return out


def _get(client, url=URL, **query):
    response = client.get(url, query)
    assert response.status_code == 200, response.content
    return response.json()


def _ids(body) -> list[int]:
    return [r["id"] for r in body["items"]]


# --- Reading ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("persona", "expected"), sorted(SEES.items()))
def test_each_persona_reads_the_records_counted_by_hand(persona, expected, records, client_for):
    body = _get(client_for(persona))
    assert body["count"] == expected == len(body["items"])


def test_anonymous_is_refused(records, client_for):
    assert client_for("anonymous").get(URL).status_code == 401
    assert client_for("anonymous").get(COMPLIANCE).status_code == 401


def test_a_worker_reads_her_own_latest_first(records, training, client_for):
    body = _get(client_for("case_manager"))
    assert _ids(body) == [records["may"].pk, records["mar"].pk, records["jan"].pk]
    row = body["items"][0]
    cm = training["cm"]
    assert (row["worker_id"], row["worker_name"], row["kind"], row["title"]) == (
        cm.pk, f"{cm.given_name} {cm.family_name}", "workshop", "Seminar"
    )
    assert (row["done_on"], row["hours"], row["credits"], row["from_course"], row["session_id"]) == (
        "2026-05-02", 2.5, 0.0, False, None
    )


@pytest.mark.parametrize("persona", [p for p in PERSONAS if p != "anonymous"])
@pytest.mark.parametrize("worker", ["cm", "asst", "t1", "far_worker", "tc"])
def test_one_workers_records_answer_as_her_development_page(persona, worker, records, training, client_for):
    client = client_for(persona)
    pk = training[worker].pk
    page = client.get(f"/training/workers/{pk}/").status_code
    response = client.get(URL, {"worker": pk})
    assert response.status_code == page, f"{persona} ?worker={worker}: {response.status_code}, page {page}"
    if page == 200:
        assert response.json()["count"] == (3 if worker == "cm" else 1)
    else:
        assert response.json()["detail"]


def test_the_door_for_the_case_managers_record(records, training, client_for):
    for persona in PERSONAS[1:]:
        status = client_for(persona).get(URL, {"worker": training["cm"].pk}).status_code
        assert status == (200 if persona in READS_CM else 404), persona
    assert client_for("admin").get(URL, {"worker": 999999}).status_code == 404


def test_records_of_others_are_not_listed(records, client_for):
    theirs = _ids(_get(client_for("regional")))
    assert records["far_worker"].pk not in theirs and records["tc"].pk not in theirs
    mine = _ids(_get(client_for("case_manager")))
    assert records["asst"].pk not in mine and records["t1"].pk not in mine


def test_dates_filter_the_records(records, training, client_for):
    client = client_for("case_manager")
    assert _ids(_get(client, start="2026-03-01")) == [records["may"].pk, records["mar"].pk]
    assert _ids(_get(client, end="2026-03-15")) == [records["mar"].pk, records["jan"].pk]
    assert _ids(_get(client, start="2026-03-15", end="2026-03-15")) == [records["mar"].pk]
    assert _get(client, start="2026-06-01")["count"] == 0
    assert _get(client_for("admin"), start="2026-04-01", end="2026-04-01")["count"] == 4


@pytest.mark.parametrize(
    ("query", "status", "field"),
    [
        ({"start": "2026-05-01", "end": "2026-01-01"}, 400, "end"),
        ({"start": "garbage"}, 422, "start"),
        ({"end": "2026-02-30"}, 422, "end"),
        ({"worker": "abc"}, 422, "worker"),
        ({"worker": "0"}, 422, "worker"),
        ({"worker": str(10**25)}, 422, "worker"),
    ],
)
def test_bad_input_is_refused_with_a_reason(query, status, field, records, client_for):
    response = client_for("case_manager").get(URL, query)
    assert response.status_code == status
    assert response.json()["detail"] and field in str(response.json()["errors"])


def test_a_record_from_a_course_says_so(training, cast, client_for):
    session = training["child"]
    p = session.participations.get(worker=training["cm"])
    services.attendance_record(actor=cast.admin, session=session, present={p.pk: set(session.days)})
    row = _get(client_for("case_manager"))["items"][0]
    assert (row["from_course"], row["session_id"], row["kind"], row["hours"]) == (True, session.pk, "course", 8.0)


def test_reading_one_workers_record_is_audited_as_the_page(records, training, cast, client_for):
    client = client_for("supervisor")
    views = AuditEntry.objects.filter(action=AuditAction.VIEW)
    before = views.count()
    _get(client)
    assert views.count() == before  # a list, as the lists of the pages
    _get(client, worker=training["cm"].pk)
    entry = views.latest("pk")
    assert views.count() == before + 1
    assert (entry.object_type, entry.object_id, entry.actor) == ("workforce.worker", str(training["cm"].pk),
                                                                 cast.supervisor)
    client.get(URL, {"worker": training["far_worker"].pk})  # 404: nothing read, nothing written
    assert views.count() == before + 1


@pytest.mark.parametrize("persona", ["admin", "supervisor", "case_manager"])
def test_the_list_reads_a_constant_number_of_queries(persona, records, training, cast, client_for):
    client = client_for(persona)

    def count(**query) -> int:
        with CaptureQueriesContext(connection) as ctx:
            _get(client, **query)
        return len(ctx.captured_queries)

    before, one = count(), count(worker=training["cm"].pk)
    session = training["child"]
    p = session.participations.get(worker=training["cm"])
    services.attendance_record(actor=cast.admin, session=session, present={p.pk: set(session.days)})
    for i in range(5):
        _record(training["cm"], dt.date(2026, 2, i + 1))
        _record(WorkerFactory(organisation=cast.directorate), dt.date(2026, 2, i + 1))
    assert (count(), count(worker=training["cm"].pk)) == (before, one)


# --- Recording -------------------------------------------------------------------------------------------


def _body(**kw):
    return {"kind": "workshop", "title": "Child participation seminar", "done_on": "2026-05-02", "hours": 3.5,
            "learnt": "Ask the child first.", "impact": "I see the child alone.", **kw}


def post(client, body):
    return client.post(URL, body, content_type="application/json")


def test_a_worker_records_her_own_activity(training, cast, client_for):
    response = post(client_for("case_manager"), _body(credits=1))
    assert response.status_code == 201, response.content
    record = CpdRecord.objects.get()
    assert (record.worker, record.created_by, record.hours, record.credits, record.impact) == (
        training["cm"], cast.case_manager, Decimal("3.5"), Decimal(1), "I see the child alone."
    )
    body = response.json()
    assert (body["id"], body["worker_id"], body["hours"], body["credits"], body["from_course"]) == (
        record.pk, training["cm"].pk, 3.5, 1.0, False
    )
    # Through the same service as the page: audited with its actor.
    entry = AuditEntry.objects.get(action=AuditAction.CREATE, object_type="training.cpdrecord")
    assert (entry.actor, entry.object_id) == (cast.case_manager, str(record.pk))
    assert _get(client_for("case_manager"))["count"] == 1


@pytest.mark.parametrize(
    ("persona", "worker", "status"),
    [
        ("admin", "far_worker", 201),
        ("regional", "cm", 201),
        ("regional", "far_worker", 404),
        ("supervisor", "cm", 201),
        ("supervisor", "asst", 201),
        ("supervisor", "far_worker", 404),
        ("case_manager", "cm", 201),
        ("case_manager", "asst", 404),  # a colleague: her record is not the case manager's to read
        ("case_manager", "t1", 404),
        ("assistant", "asst", 201),
        ("assistant", "cm", 404),
        ("trainer", "tc", 201),
        ("trainer", "t1", 404),
        ("volunteer", "asst", 404),
        ("other_case_manager", "cm", 404),
        ("analyst", "cm", 404),
    ],
)
def test_who_may_record_for_whom_as_on_the_page(persona, worker, status, training, client_for):
    client = client_for(persona)
    pk = training[worker].pk
    page = client.post(f"/training/workers/{pk}/cpd/", {**_body(), "hours": "3.5"})
    assert page.status_code == (302 if status == 201 else status)
    CpdRecord.objects.all().delete()
    response = post(client, _body(worker=pk))
    assert response.status_code == status, response.content
    assert CpdRecord.objects.count() == (1 if status == 201 else 0)
    if status != 201:
        assert response.json()["detail"]


@pytest.mark.parametrize("persona", ["volunteer", "other_case_manager", "analyst", "admin"])
def test_without_a_worker_record_say_whose_activity(persona, training, client_for):
    response = post(client_for(persona), _body())
    assert response.status_code == 400
    assert "worker" in response.json()["errors"]
    assert not CpdRecord.objects.exists()


def test_anonymous_may_not_record(training, client_for):
    assert post(client_for("anonymous"), _body(worker=training["cm"].pk)).status_code == 401
    assert not CpdRecord.objects.exists()


@pytest.mark.parametrize(
    ("change", "status", "field"),
    [
        ({"hours": 0}, 422, "hours"),
        ({"hours": 0.4}, 422, "hours"),
        ({"hours": 999}, 422, "hours"),
        ({"hours": 2.25}, 422, "hours"),
        ({"hours": "NaN"}, 422, "hours"),
        ({"hours": None}, 422, "hours"),
        ({"credits": -1}, 422, "credits"),
        ({"credits": 501}, 422, "credits"),
        ({"kind": "nap"}, 422, "kind"),
        ({"title": ""}, 422, "title"),
        ({"title": "x" * 201}, 422, "title"),
        ({"title": "   "}, 400, "title"),
        ({"done_on": "2026-02-30"}, 422, "done_on"),
        ({"done_on": "2099-01-01"}, 400, "done_on"),
        ({"worker": 10**25}, 422, "worker"),
    ],
)
def test_bad_records_are_refused_with_a_reason(change, status, field, training, client_for):
    response = post(client_for("case_manager"), _body(**change))
    assert response.status_code == status, response.content
    body = response.json()
    assert body["detail"] and field in str(body["errors"])
    assert not CpdRecord.objects.exists()


def test_the_future_is_refused_the_same_day_as_on_the_page(training, client_for):
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    today = timezone.localdate().isoformat()
    client = client_for("case_manager")
    assert post(client, _body(done_on=tomorrow)).status_code == 400
    assert client.post(f"/training/workers/{training['cm'].pk}/cpd/", {**_body(done_on=tomorrow)}).status_code == 400
    assert post(client, _body(done_on=today)).status_code == 201


# --- Compliance ------------------------------------------------------------------------------------------

ON = "2026-06-30"


@pytest.fixture
def compliance_world(training, cast):
    """As in test_development: the case manager 38 of 40 hours; a newcomer 20 of her pro-rated 19.8."""
    CpdRequirement.objects.filter(cadre=Cadre.CASE_MANAGER).update(hours=40, period_months=12)
    cm = training["cm"]
    AssignmentFactory(worker=cm, start=dt.date(2020, 1, 1))
    for hours, on in ((30, dt.date(2026, 6, 30)), (8, dt.date(2025, 7, 1)), (20, dt.date(2025, 6, 30))):
        _record(cm, on, Decimal(hours))
    newcomer = WorkerFactory(organisation=cast.directorate, cadre=Cadre.CASE_MANAGER, family_name="Nou")
    AssignmentFactory(worker=newcomer, start=dt.date(2026, 1, 1))
    _record(newcomer, dt.date(2026, 3, 1), Decimal(20))
    return {"cm": cm, "newcomer": newcomer}


@pytest.mark.parametrize("persona", PERSONAS)
def test_compliance_answers_the_roles_the_page_answers(persona, compliance_world, client_for):
    client = client_for(persona)
    page = client.get("/training/cpd/compliance/").status_code
    response = client.get(COMPLIANCE)
    assert response.status_code == {200: 200, 403: 403, 302: 401}[page]
    if response.status_code != 200:
        assert response.json()["detail"]


def test_compliance_counted_by_hand_for_the_supervisor(compliance_world, cast, client_for):
    body = _get(client_for("supervisor"), COMPLIANCE, on=ON, cadre="case_manager")
    assert (body["on"], body["area"], body["cadre"]) == (ON, None, "case_manager")
    assert body["overall"] == {"complying": 1, "total": 2, "percent": 50.0}
    rows = {r["worker_id"]: r for r in body["workers"]}
    cm, newcomer = compliance_world["cm"], compliance_world["newcomer"]
    assert body["workers"][0]["worker_id"] == cm.pk  # the furthest behind first
    assert (rows[cm.pk]["hours"], rows[cm.pk]["required"], rows[cm.pk]["complies"], rows[cm.pk]["missing"]) == (
        38.0, 40.0, False, 2.0
    )
    assert rows[cm.pk]["counted_from"] == "2025-07-01"
    assert (rows[newcomer.pk]["required"], rows[newcomer.pk]["complies"]) == (19.8, True)
    assert body["by_organisation"] == [
        {"organisation_id": cast.directorate.pk, "organisation_name": "Directorate Bălțeni",
         "complying": 1, "total": 2, "percent": 50.0}
    ]
    assert {"cadre": "case_manager", "hours": 40.0, "period_months": 12} in body["requirements"]


def test_compliance_is_the_figures_functions_answer(compliance_world, training, cast, client_for):
    """A thin wrapper: the same rows and shares as cpd.compliance for the same user, area and day."""
    for persona, user, area in (("admin", cast.admin, cast.country), ("regional", cast.regional, cast.region)):
        body = _get(client_for(persona), COMPLIANCE, on=ON)
        result = cpd.compliance(user, on=dt.date(2026, 6, 30), area=area)
        assert body["area"]["id"] == area.pk
        assert [r["worker_id"] for r in body["workers"]] == [r.worker.pk for r in result.rows]
        assert (body["overall"]["complying"], body["overall"]["total"]) == (
            result.overall.complying, result.overall.total
        )
        assert [(s["area"]["id"], s["complying"], s["total"]) for s in body["by_area"]] == [
            (a.pk, s.complying, s.total) for a, s in result.by_area
        ]
    regional = {r["worker_id"] for r in _get(client_for("regional"), COMPLIANCE, on=ON)["workers"]}
    assert compliance_world["cm"].pk in regional and training["far_worker"].pk not in regional
    assert training["far_worker"].pk in {r["worker_id"] for r in _get(client_for("admin"), COMPLIANCE)["workers"]}


def test_compliance_of_an_area_below(compliance_world, cast, client_for):
    body = _get(client_for("regional"), COMPLIANCE, on=ON, area=cast.district.pk, cadre="case_manager")
    assert body["area"] == {"id": cast.district.pk, "code": cast.district.code, "name": cast.district.name,
                            "level": cast.district.level}
    assert body["overall"]["total"] == 2
    assert body["by_area"] == []  # both work at the district's own directorate, not in a locality below


@pytest.mark.parametrize(
    ("persona", "query", "status"),
    [
        ("regional", {"area": "{far_region}"}, 404),  # another region: not found
        ("regional", {"area": "{country}"}, 404),
        ("admin", {"area": "999999"}, 404),
        ("admin", {"area": "0"}, 422),
        ("admin", {"on": "1999-12-31"}, 400),
        ("admin", {"on": "garbage"}, 422),
        ("admin", {"cadre": "nope"}, 422),
        ("supervisor", {"area": "999999"}, 404),
    ],
)
def test_compliance_bad_input_and_scope(persona, query, status, compliance_world, cast, client_for):
    query = {k: v.format(far_region=cast.far_region.pk, country=cast.country.pk) for k, v in query.items()}
    response = client_for(persona).get(COMPLIANCE, query)
    assert response.status_code == status
    assert response.json()["detail"]


def test_compliance_reads_a_constant_number_of_queries(compliance_world, cast, client_for):
    client = client_for("admin")

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            _get(client, COMPLIANCE, on=ON, area=cast.country.pk)
        return len(ctx.captured_queries)

    before = count()
    for i in range(6):
        w = WorkerFactory(organisation=cast.other_directorate, cadre=Cadre.CASE_MANAGER)
        _record(w, dt.date(2026, 5, 1), Decimal(i + 1))
    assert count() == before
