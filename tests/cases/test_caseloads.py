"""Caseloads against the standard: counts worked out by hand, scope, query count, assignment labels."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone, translation

from careforce.cases import selectors
from careforce.cases.forms import TransferForm, workers_for
from careforce.cases.models import Case, CaseStatus
from careforce.core.roles import Role
from careforce.workforce.models import CaseloadStandard
from tests.core.factories import UserFactory

TODAY = timezone.localdate()


def _set(case, **fields):
    """Put a case in a known state: the counts must not depend on the standards clock's arithmetic."""
    Case.objects.filter(pk=case.pk).update(**fields)


@pytest.fixture
def loads(cast, open_case, make_child):
    """By hand:

    case manager (standard 17): 4 cases
        A open, high,   due 3 days ago  → open, overdue, high risk
        B open, medium, due in 5 days   → open
        C open, high,   due today       → open, high risk (due today is not yet overdue)
        D closed, high, due 10 days ago → nothing (closed)
        = 3 open, 1 overdue, 2 high risk, room for 14
    assistant (standard 25): 2 cases
        E open, low, due yesterday → open, overdue
        F open, low, nothing due   → open
        = 2 open, 1 overdue, 0 high risk, room for 23
    other case manager (another directorate, same region): 1 open medium case, nothing due
    far case manager (the other region): no case
    """
    assistant = cast.assistant
    a = open_case(risk="high", child=make_child(given="A"))
    b = open_case(risk="medium", child=make_child(given="B"))
    c = open_case(risk="high", child=make_child(given="C"))
    d = open_case(risk="high", child=make_child(given="D"))
    _set(a, next_due_on=TODAY - timedelta(days=3))
    _set(b, next_due_on=TODAY + timedelta(days=5))
    _set(c, next_due_on=TODAY)
    _set(d, next_due_on=TODAY - timedelta(days=10), status=CaseStatus.CLOSED, closed_on=TODAY)
    e = open_case(risk="low", by=assistant, child=make_child(given="E", by=assistant))
    f = open_case(risk="low", by=assistant, child=make_child(given="F", by=assistant))
    _set(e, next_due_on=TODAY - timedelta(days=1))
    _set(f, next_due_on=None)
    other = cast.other_case_manager
    g = open_case(risk="medium", by=other, child=make_child(given="G", by=other, area=cast.other_district))
    _set(g, next_due_on=None)
    return {"a": a, "d": d}


def _by_username(rows):
    return {r["worker"].username: r for r in rows}


def test_the_migration_loads_the_default_standards(db):
    standards = dict(CaseloadStandard.objects.values_list("role", "max_open_cases"))
    # CWLA: about 17 active families per case manager; community social assistants carry lighter cases.
    assert standards == {Role.CASE_MANAGER: 17, Role.COMMUNITY_ASSISTANT: 25}


def test_counts_open_overdue_and_high_risk_by_hand(cast, loads):
    rows = _by_username(selectors.caseloads(cast.admin))
    cm = rows["casemanager"]
    assert (cm["open"], cm["overdue"], cm["high_risk"], cm["standard"]) == (3, 1, 2, 17)
    assert cm["ratio"] == pytest.approx(3 / 17) and not cm["over"] and cm["room"] == 14
    assistant = rows["assistant"]
    assert (assistant["open"], assistant["overdue"], assistant["high_risk"], assistant["standard"]) == (
        2,
        1,
        0,
        25,
    )
    assert assistant["room"] == 23 and not assistant["over"]
    assert (rows["othercm"]["open"], rows["othercm"]["overdue"]) == (1, 0)
    assert rows["farcm"]["open"] == 0 and rows["farcm"]["ratio"] == 0
    # Only case holders are measured: not the supervisor, the volunteer or the administrator.
    assert set(rows) == {"casemanager", "assistant", "othercm", "farcm"}


def test_a_worker_over_the_standard_comes_first(cast, loads):
    # The standard is data: a country that sets 2 open cases per case manager puts her over it.
    CaseloadStandard.objects.filter(role=Role.CASE_MANAGER).update(max_open_cases=2)
    rows = selectors.caseloads(cast.admin)
    first = rows[0]
    assert first["worker"] == cast.case_manager
    assert first["over"] and first["over_by"] == 1 and first["room"] == 0 and first["ratio"] == 1.5
    # Then by ratio: othercm 1/2, assistant 2/25, farcm 0/2.
    assert [r["worker"].username for r in rows] == ["casemanager", "othercm", "assistant", "farcm"]


def test_the_page_marks_over_and_room(cast, loads, client_for):
    CaseloadStandard.objects.filter(role=Role.CASE_MANAGER).update(max_open_cases=2)
    response = client_for("admin").get("/cases/caseloads/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "over the standard by 1 case" in html and "room for 23 cases" in html
    assert "<svg" in html and 'fill="#e07a1f"' in html  # one bar highlighted: the worker over the standard
    assert html.count('fill="#e07a1f"') == 1
    assert response.context["over_count"] == 1
    assert "Case manager: at most 2 open cases." in html and "at most 25 open cases." in html


def test_without_a_standard_the_worker_is_listed_last(cast, loads):
    CaseloadStandard.objects.filter(role=Role.COMMUNITY_ASSISTANT).delete()
    rows = selectors.caseloads(cast.admin)
    assert rows[-1]["worker"] == cast.assistant
    assert rows[-1]["standard"] is None and rows[-1]["ratio"] is None and not rows[-1]["over"]


def test_supervisor_sees_her_organisation_and_supervisees_only(cast, loads, client_for):
    response = client_for("supervisor").get("/cases/caseloads/")
    seen = {r["worker"].username for r in response.context["page"].object_list}
    # The case manager (her organisation and supervisee) and the assistant (a supervisee elsewhere).
    assert seen == {"casemanager", "assistant"}
    choices = {o.name for o in response.context["form"].fields["organisation"].queryset}
    assert choices == {"Directorate Bălțeni", "Social assistance Valea Nucilor"}


def test_regional_manager_sees_her_region(cast, loads, client_for):
    rows = _by_username(selectors.caseloads(cast.regional))
    assert set(rows) == {"casemanager", "assistant", "othercm"}  # not farcm, in the other region


def test_the_organisation_filter_and_an_organisation_out_of_scope(cast, loads, client_for):
    client = client_for("regional")
    response = client.get("/cases/caseloads/", {"organisation": cast.other_directorate.pk})
    assert [r["worker"].username for r in response.context["page"].object_list] == ["othercm"]
    # An organisation outside her region is not a choice: refused, and the list shows unfiltered.
    response = client.get("/cases/caseloads/", {"organisation": cast.far_directorate.pk})
    assert response.status_code == 200 and response.context["form"].errors
    assert len(response.context["page"].object_list) == 3


@pytest.mark.parametrize("persona", ["case_manager", "assistant", "volunteer", "trainer", "analyst"])
def test_workers_and_others_get_403(cast, client_for, persona):
    assert client_for(persona).get("/cases/caseloads/").status_code == 403


def test_the_tray_links_to_caseloads_for_managers_only(cast, client_for):
    assert "/cases/caseloads/" in client_for("supervisor").get("/cases/").content.decode()
    assert "/cases/caseloads/" not in client_for("case_manager").get("/cases/").content.decode()


def test_page_queries_do_not_grow_with_workers(cast, client_for, make_child, django_assert_max_num_queries):
    child = make_child()
    workers = UserFactory.create_batch(
        24, role=Role.CASE_MANAGER, organisation=cast.directorate, supervisor=cast.supervisor
    )
    Case.objects.bulk_create(
        Case(
            child=child,
            risk_level=("high", "medium", "low")[i % 3],
            organisation=cast.directorate,
            area=cast.locality,
            case_manager=worker,
            next_due_on=TODAY - timedelta(days=i % 4 - 1),
            status=CaseStatus.CLOSED if i % 5 == 0 else CaseStatus.IMPLEMENTATION,
        )
        for n, worker in enumerate(workers)
        for i in range(n % 7)
    )
    client = client_for("supervisor")
    with django_assert_max_num_queries(12) as captured:
        response = client.get("/cases/caseloads/")
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 26  # 24 + the case manager and the assistant
    assert len(response.context["page"].object_list) == 25
    with django_assert_max_num_queries(len(captured)):
        assert client.get("/cases/caseloads/", {"page": 2}).status_code == 200


def test_transfer_form_labels_show_the_caseload(cast, loads, client_for, django_assert_num_queries):
    cm = cast.case_manager
    cm.first_name, cm.last_name = "Elena", "Țurcanu"
    cm.save()
    form = TransferForm(workers=workers_for(cast.supervisor))
    with django_assert_num_queries(1):
        labels = [label for _value, label in form.fields["to_user"].choices][1:]
    assert "Elena Țurcanu — 3 / 17 open cases" in labels
    assert any(label.endswith(" — 2 / 25 open cases") for label in labels)
    html = client_for("supervisor").get(f"/cases/{loads['a'].pk}/transfer/").content.decode()
    assert "Elena Țurcanu — 3 / 17 open cases" in html


def test_labels_without_a_standard(cast, loads):
    CaseloadStandard.objects.all().delete()
    form = TransferForm(workers=workers_for(cast.supervisor))
    labels = [label for _value, label in form.fields["to_user"].choices][1:]
    assert any(label.endswith(" — 3 open cases") for label in labels)
    assert any(label.endswith(" — 2 open cases") for label in labels)


def test_labels_are_translated_with_plural_forms(cast, loads):
    cast.case_manager.first_name, cast.case_manager.last_name = "Elena", "Țurcanu"
    cast.case_manager.save()
    with translation.override("ro"):
        labels = [
            label
            for _value, label in TransferForm(workers=workers_for(cast.supervisor)).fields["to_user"].choices
        ]
        # Romanian takes "de" from 20 on: 17 cazuri, but 25 de cazuri.
        assert "Elena Țurcanu — 3 / 17 cazuri deschise" in labels
        assert any(label.endswith(" — 2 / 25 de cazuri deschise") for label in labels)
    with translation.override("ru"):
        labels = [
            label
            for _value, label in TransferForm(workers=workers_for(cast.supervisor)).fields["to_user"].choices
        ]
        assert "Elena Țurcanu — открытых случаев: 3 / 17" in labels
