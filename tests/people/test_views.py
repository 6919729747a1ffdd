from __future__ import annotations

from careforce.people.models import Person, Relationship

FORM = {"given_name": "Ion", "family_name": "Ceban", "birth_date": "2015-03-12", "sex": "M"}


def test_register_shows_candidates_then_registers_when_told(cast, client_for, child):
    client = client_for("case_manager")
    response = client.post("/people/register/", {**FORM, "given_name": "Ион", "family_name": "Чебан"})
    assert response.status_code == 409
    html = response.content.decode()
    assert "may already be registered" in html and f"/people/{child.pk}/" in html
    assert Person.objects.count() == 1
    response = client.post(
        "/people/register/", {**FORM, "given_name": "Ион", "family_name": "Чебан", "force": "1"}
    )
    assert response.status_code == 302 and Person.objects.count() == 2


def test_out_of_scope_candidate_is_not_shown(cast, client_for, far_child):
    response = client_for("case_manager").post(
        "/people/register/",
        {**FORM, "given_name": "Ana", "family_name": "Rusu", "birth_date": "2012-02-02", "sex": "F"},
    )
    html = response.content.decode()
    assert "Directorate Cahul" in html and f"/people/{far_child.pk}/" not in html


def test_bad_input_rerenders_with_errors(cast, client_for):
    response = client_for("case_manager").post(
        "/people/register/", {**FORM, "birth_date": "2999-01-01", "sex": "X"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "cannot be in the future" in html and "Select a valid choice" in html
    assert not Person.objects.exists()


def test_detail_hides_health_from_a_volunteer_and_logs_the_view(cast, client_for):
    from careforce.core.models import AuditEntry

    person = Person.objects.create(
        given_name="Dorin",
        family_name="Lungu",
        birth_date="2014-01-01",
        sex="M",
        health_notes="epilepsy",
        organisation=cast.municipal,
        registered_by=cast.volunteer,
        area=cast.locality,
    )
    assert "epilepsy" not in client_for("volunteer").get(f"/people/{person.pk}/").content.decode()
    assert "epilepsy" in client_for("admin").get(f"/people/{person.pk}/").content.decode()
    assert AuditEntry.objects.filter(
        object_type="people.person", object_id=str(person.pk), action="view"
    ).exists()


def test_edit_conflict_is_shown_to_the_second_editor(cast, client_for, child):
    first, second = client_for("case_manager"), client_for("supervisor")
    data = {**FORM, "version": child.version, "area": cast.locality.pk}
    assert first.post(f"/people/{child.pk}/edit/", {**data, "address": "str. Nouă 1"}).status_code == 302
    response = second.post(f"/people/{child.pk}/edit/", {**data, "address": "str. Veche 2"})
    assert response.status_code == 409
    html = response.content.decode()
    assert "Someone else saved this record" in html and "str. Nouă 1" in html and "str. Veche 2" in html
    child.refresh_from_db()
    assert child.address == "str. Nouă 1"


def test_add_a_relative_links_an_existing_person(cast, client_for, child, make_person):
    mother = make_person(given="Maria", family="Ceban", birth="1990-01-01", sex="F")
    client = client_for("case_manager")
    form = {
        "given_name": "Мария",
        "family_name": "Чебан",
        "birth_date": "1990-01-01",
        "sex": "F",
        "kind": "mother",
        "is_caregiver": "on",
        "lives_with_child": "on",
    }
    response = client.post(f"/people/{child.pk}/relatives/add/", form)
    assert response.status_code == 409 and "Link this person" in response.content.decode()
    response = client.post(f"/people/{child.pk}/relatives/add/", {**form, "link_to": mother.pk})
    assert response.status_code == 302
    rel = Relationship.objects.get()
    assert (rel.child, rel.relative, rel.is_caregiver) == (child, mother, True)


def test_merge_page_side_by_side_then_merge(cast, client_for, child, make_person):
    duplicate = make_person(given="Ion", family="Țurcanu", birth="2015-03-12")
    client = client_for("supervisor")
    page = client.get(f"/people/{child.pk}/merge/{duplicate.pk}/")
    assert page.status_code == 200 and "Țurcanu" in page.content.decode()
    refused = client.post(f"/people/{child.pk}/merge/{duplicate.pk}/", {"take_family_name": "duplicate"})
    assert refused.status_code == 400
    done = client.post(
        f"/people/{child.pk}/merge/{duplicate.pk}/", {"take_family_name": "duplicate", "not_twins": "on"}
    )
    assert done.status_code == 302
    child.refresh_from_db()
    assert child.family_name == "Țurcanu"


def test_person_list_finds_names_across_scripts_without_per_row_queries(
    cast, client_for, make_person, django_assert_max_num_queries
):
    for i in range(30):
        make_person(given=f"Copil{i}", family="Чебан", birth=f"2010-01-{i % 28 + 1:02d}")
    client = client_for("case_manager")
    with django_assert_max_num_queries(12):
        response = client.get("/people/", {"q": "Ceban"})
    assert response.context["page"].paginator.count == 30


def test_supervisor_is_offered_duplicates_to_merge(cast, client_for, child, make_person):
    duplicate = make_person(given="Ион", family="Чебан")
    page = client_for("supervisor").get(f"/people/{child.pk}/").content.decode()
    assert f"/people/{child.pk}/merge/{duplicate.pk}/" in page
    # A case manager does not merge, so she is not offered it.
    assert "/merge/" not in client_for("case_manager").get(f"/people/{child.pk}/").content.decode()
