from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from careforce.core.models import AuditAction, AuditEntry
from careforce.people import services
from careforce.people.models import Person, Relationship


def _register(actor, **kw):
    data = {"given_name": "Ion", "family_name": "Ceban", "birth_date": date(2015, 3, 12), "sex": "M"}
    data.update(kw)
    return services.person_register(actor=actor, **data)


def test_register_creates_household_and_audits(cast):
    person = _register(cast.case_manager, area=cast.locality, address="str. Păcii 4", new_household=True)
    assert person.household is not None and person.household.area == cast.locality
    assert person.given_key == "ion" and person.family_key == "ceban"
    assert AuditEntry.objects.filter(action=AuditAction.CREATE, object_type="people.person").count() == 1


def test_duplicate_stops_registration_and_changes_nothing(cast, child):
    before = Person.objects.count()
    with pytest.raises(services.DuplicateSuspected) as exc:
        _register(cast.other_case_manager, given_name="Ион", family_name="Чебан")
    assert exc.value.candidates[0].person == child
    assert Person.objects.count() == before
    # Told it is somebody else, the worker registers anyway; the audit says so.
    _register(cast.other_case_manager, given_name="Ион", family_name="Чебан", force=True)
    assert Person.objects.count() == before + 1
    assert AuditEntry.objects.filter(summary="registered after duplicate warning").exists()


def test_out_of_scope_candidate_reveals_only_the_organisation(cast, far_child):
    with pytest.raises(services.DuplicateSuspected) as exc:
        _register(
            cast.case_manager, given_name="Rusu", family_name="Ana", birth_date=date(2012, 2, 2), sex="F"
        )
    rows = services.present_candidates(cast.case_manager, exc.value.candidates)
    assert rows[0]["in_scope"] is False and rows[0]["organisation"] == "Directorate Cahul"
    assert "given_name" not in rows[0] and "birth_date" not in rows[0] and "person" not in rows[0]


@pytest.mark.parametrize(
    ("birth", "message"),
    [(date.today() + timedelta(days=1), "cannot be in the future"), (date(1850, 1, 1), "Check the year")],
)
def test_impossible_birth_dates_are_refused(cast, birth, message):
    with pytest.raises(ValidationError) as exc:
        _register(cast.case_manager, birth_date=birth)
    assert message in str(exc.value)
    assert not Person.objects.exists()


def test_only_a_locality_is_an_address(cast):
    with pytest.raises(ValidationError):
        _register(cast.case_manager, area=cast.district)


@pytest.mark.parametrize("persona", ["trainer", "analyst"])
def test_roles_without_cases_cannot_register(cast, persona):
    with pytest.raises(PermissionDenied):
        _register(cast.persona(persona))


def test_a_volunteer_keeps_sight_of_the_child_she_registered(cast):
    person = _register(cast.volunteer, given_name="Dorin", family_name="Lungu")
    assert Person.objects.visible_to(cast.volunteer).filter(pk=person.pk).exists()
    assert not Person.objects.changeable_by(cast.volunteer).filter(pk=person.pk).exists()


def test_second_editor_is_told_and_nothing_is_lost(cast, child):
    start = child.version
    services.person_update(
        actor=cast.case_manager, person=child, data={"address": "str. Nouă 1"}, version=start
    )
    with pytest.raises(services.EditConflict) as exc:
        services.person_update(
            actor=cast.supervisor, person=child, data={"address": "str. Veche 2"}, version=start
        )
    assert exc.value.changed == {"address": ["str. Veche 2", "str. Nouă 1"]}
    child.refresh_from_db()
    assert child.address == "str. Nouă 1" and child.version == start + 1


def test_update_refused_out_of_scope(cast, child):
    with pytest.raises(PermissionDenied):
        services.person_update(actor=cast.other_case_manager, person=child, data={"address": "x"}, version=1)


def test_merge_keeps_history_and_moves_relatives(cast, child, make_person):
    duplicate = make_person(given="Ион", family="Чебан", birth="2015-12-03", phone="+373 600 00 000")
    mother = make_person(given="Maria", family="Ceban", birth="1990-01-01", sex="F")
    Relationship.objects.create(child=duplicate, relative=mother, kind="mother", is_caregiver=True)
    services.person_merge(
        actor=cast.supervisor, survivor=child, duplicate=duplicate, take_from_duplicate=("phone",)
    )
    duplicate.refresh_from_db()
    child.refresh_from_db()
    assert duplicate.merged_into == child
    assert child.phone == "+373 600 00 000" and child.birth_date == date(2015, 3, 12)
    assert Relationship.objects.get(relative=mother).child == child
    summaries = set(AuditEntry.objects.values_list("summary", flat=True))
    assert f"merged {duplicate.pk} into this record" in summaries and f"merged into {child.pk}" in summaries


def test_twins_are_not_merged_without_confirmation(cast, child, twin):
    with pytest.raises(ValidationError):
        services.person_merge(actor=cast.supervisor, survivor=child, duplicate=twin)
    twin.refresh_from_db()
    assert twin.merged_into is None


def test_case_managers_do_not_merge(cast, child, twin):
    with pytest.raises(PermissionDenied):
        services.person_merge(
            actor=cast.case_manager, survivor=child, duplicate=twin, not_twins_confirmed=True
        )


def test_relationship_rules(cast, child):
    with pytest.raises(ValidationError):
        services.relationship_add(actor=cast.case_manager, child=child, relative=child, kind="sibling")
