"""The supervision pages' permission matrix (every route × every persona), the form's POST, and what each page
shows to whom."""

from __future__ import annotations

import datetime as dt

import pytest

from careforce.workforce.models import SupervisionSession
from tests.conftest import PERSONAS
from tests.core.test_permissions import expect
from tests.workforce.supervision_data import make_team, session

# Those who organise supervision reach every page; supervised workers read their own sessions.
MANAGE = expect(403, admin=200, regional=200, supervisor=200)
READ = expect(200, volunteer=403, trainer=403, analyst=403)


def session_page(*allowed: str) -> dict[str, int]:
    """A session's page: 200 for `allowed`, 404 for the other personas who read sessions (out of scope), 403
    for the roles without business with supervision."""
    return {**expect(404, volunteer=403, trainer=403, analyst=403), **{p: 200 for p in allowed}}


ROUTES = [
    ("/workforce/supervision/", READ),
    ("/workforce/supervision/?supervisor={sup}&kind=group&date_from=2025-01-01&date_to=2025-12-31", READ),
    ("/workforce/supervision/?supervisor=abc&kind=lecture&date_from=2025-13-01&date_to=x&page=999", READ),
    ("/workforce/supervision/?date_from=2025-06-30&date_to=2025-01-01&worker={cm}", READ),
    ("/workforce/supervision/new/", MANAGE),
    ("/workforce/supervision/new/?organisation={directorate}", MANAGE),
    ("/workforce/supervision/new/?organisation=abc", MANAGE),
    ("/workforce/supervision/coverage/", MANAGE),
    ("/workforce/supervision/coverage/?on=2025-06-30&organisation={directorate}", MANAGE),
    ("/workforce/supervision/coverage/?on=2999-01-01&organisation=abc&page=999", MANAGE),
    # The case manager's session: her supervisor's office, her region, herself; not her colleague in the
    # village office, nor the case manager of another directorate.
    ("/workforce/supervision/{cm_session}/", session_page("admin", "regional", "supervisor", "case_manager")),
    (
        "/workforce/supervision/{assistant_session}/",
        session_page("admin", "regional", "supervisor", "assistant"),
    ),
    # A session in the far south: only the national administrator learns it exists.
    ("/workforce/supervision/{far_session}/", session_page("admin")),
    ("/workforce/supervision/999999/", session_page()),
]


@pytest.fixture
def team(cast):
    return make_team(cast)


@pytest.fixture
def ids(cast, team):
    return {
        "sup": team.sup.pk,
        "cm": team.cm.pk,
        "directorate": cast.directorate.pk,
        "cm_session": team.cm_session.pk,
        "assistant_session": team.assistant_session.pk,
        "far_session": team.far_session.pk,
    }


@pytest.mark.parametrize(("route", "persona", "status"), [(r, p, s[p]) for r, s in ROUTES for p in PERSONAS])
def test_route_answers_persona(route, persona, status, ids, client_for):
    url = route.format(**ids)
    response = client_for(persona).get(url)
    assert response.status_code == status, f"{persona} GET {url}: {response.status_code}, expected {status}"


def _payload(team, **overrides):
    data = {
        "supervisor": team.sup.pk,
        "kind": "individual",
        "supervisees": [team.cm.pk],
        "on": "2025-06-10",
        "duration_minutes": "90",
        "cases_discussed": "3",
        "decisions": "Joint visit.",
        "wellbeing": "Fine.",
        "learning_needs": "",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize("persona", PERSONAS)
def test_posting_the_form(persona, cast, team, client_for):
    before = SupervisionSession.objects.count()
    url = "/workforce/supervision/new/"
    if persona in ("admin", "regional"):
        url += f"?organisation={cast.directorate.pk}"
    response = client_for(persona).post(url, _payload(team))
    expected = {"anonymous": 302, "admin": 302, "regional": 302, "supervisor": 302}.get(persona, 403)
    assert response.status_code == expected
    if persona in ("admin", "regional", "supervisor"):
        created = SupervisionSession.objects.latest("pk")
        assert response["Location"] == f"/workforce/supervision/{created.pk}/"
        assert SupervisionSession.objects.count() == before + 1
        assert created.recorded_by == cast.persona(persona)
    else:
        assert SupervisionSession.objects.count() == before
        if persona == "anonymous":
            assert "/login" in response["Location"] or "accounts" in response["Location"]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"supervisees": ["{cm}", "{psych}"]}, "exactly one supervisee"),
        ({"kind": "group"}, "at least two supervisees"),
        ({"on": "2999-01-01"}, "in the future"),
        ({"duration_minutes": "0"}, "greater than or equal to 1"),
        ({"duration_minutes": "600"}, "less than or equal to 480"),
        ({"supervisees": ["{other_cm}"]}, "Select a valid choice"),
        ({"supervisees": []}, "This field is required"),
    ],
)
def test_bad_input_re_renders_the_form_with_errors_and_saves_nothing(
    overrides, message, cast, team, client_for
):
    names = {"cm": team.cm.pk, "psych": team.psych.pk, "other_cm": team.other_cm.pk}
    if "supervisees" in overrides:
        overrides = {"supervisees": [v.format(**names) for v in overrides["supervisees"]]}
    before = SupervisionSession.objects.count()
    response = client_for("supervisor").post("/workforce/supervision/new/", _payload(team, **overrides))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert SupervisionSession.objects.count() == before


def test_the_form_offers_her_line_and_defaults_the_supervisor_to_herself(team, client_for):
    response = client_for("supervisor").get("/workforce/supervision/new/")
    form = response.context["form"]
    assert form["supervisor"].value() == team.sup.pk
    offered = set(form.fields["supervisees"].queryset.values_list("pk", flat=True))
    assert {team.cm.pk, team.assistant.pk, team.psych.pk} <= offered
    assert team.other_cm.pk not in offered and team.far_cm.pk not in offered
    assert team.mentor.pk not in offered and team.gone.pk not in offered  # volunteers, inactive


def test_national_and_regional_managers_choose_an_organisation_first(cast, team, client_for):
    response = client_for("admin").get("/workforce/supervision/new/")
    assert response.context["form"] is None and b'name="organisation"' in response.content
    response = client_for("admin").get(f"/workforce/supervision/new/?organisation={cast.directorate.pk}")
    offered = set(response.context["form"].fields["supervisees"].queryset.values_list("pk", flat=True))
    # The directorate and its village office; not the other directorate.
    assert {team.cm.pk, team.assistant.pk} <= offered and team.other_cm.pk not in offered


def test_the_wellbeing_note_shows_only_to_those_allowed(team, client_for):
    url = f"/workforce/supervision/{team.cm_session.pk}/"
    for persona in ("admin", "supervisor", "case_manager"):
        assert "Tired after a hard case." in client_for(persona).get(url).content.decode(), persona
    page = client_for("regional").get(url).content.decode()
    assert "Tired after a hard case." not in page and "Visit the family together" in page


def test_a_case_manager_lists_only_her_own_sessions(team, client_for):
    response = client_for("case_manager").get("/workforce/supervision/")
    listed = {s.pk for s in response.context["page"]}
    assert listed == set(
        SupervisionSession.objects.filter(attendance__worker=team.cm).values_list("pk", flat=True)
    )
    assert b"Record a session" not in response.content


def test_the_list_filters_and_answers_htmx_with_the_rows(team, client_for):
    client = client_for("supervisor")
    response = client.get(f"/workforce/supervision/?worker={team.psych.pk}&date_to=2025-06-30")
    assert [s.on for s in response.context["page"]] == [dt.date(2025, 5, 30)]
    fragment = client.get("/workforce/supervision/?kind=individual", HTTP_HX_REQUEST="true")
    assert b"<h1>" not in fragment.content and b"<table>" in fragment.content


def test_the_list_queries_do_not_grow_with_sessions(cast, team, client_for, django_assert_max_num_queries):
    client = client_for("admin")
    with django_assert_max_num_queries(12) as captured:
        client.get("/workforce/supervision/")
    for i in range(20):
        session(
            team.sup,
            [team.cm, team.psych, team.botnaru],
            dt.date(2025, 3, 1) + dt.timedelta(days=i),
            recorded_by=cast.supervisor,
        )
    with django_assert_max_num_queries(len(captured)):
        response = client.get("/workforce/supervision/")
    assert len(response.context["page"]) > 8


def test_the_coverage_page_puts_the_overdue_first_with_a_chart(
    team, client_for, django_assert_max_num_queries
):
    client = client_for("supervisor")
    with django_assert_max_num_queries(12):
        response = client.get("/workforce/supervision/coverage/?on=2025-06-30")
    page = response.content.decode()
    assert "<svg" in page and "40.0 %" in page
    assert "On June 30, 2025, 2 of 5 workers (40.0 %) had been supervised" in " ".join(page.split())
    names = [r.worker.family_name for r in response.context["page"]]
    assert names == ["Albu", "Botnaru", "Ene", "Ceban", "Dodon"]
    assert page.index("never supervised") < page.index("supervised as the standard asks</span>")


def test_the_worker_page_shows_her_supervision(team, client_for):
    page = client_for("supervisor").get(f"/workforce/workers/{team.cm.pk}/").content.decode()
    assert "Supervision" in page and "Her supervision sessions" in page
    own = client_for("case_manager").get(f"/workforce/workers/{team.cm.pk}/").content.decode()
    assert "Her supervision sessions" in own
    colleague = client_for("case_manager").get(f"/workforce/workers/{team.psych.pk}/").content.decode()
    assert "Her supervision sessions" not in colleague
