from __future__ import annotations

import pytest

from careforce.core.audit import audit_log
from careforce.core.models import AuditAction, AuditEntry


def test_viewing_a_person_is_logged(cast, client_for):
    client_for("supervisor").get(f"/staff/{cast.case_manager.pk}/")
    entry = AuditEntry.objects.filter(action=AuditAction.VIEW).latest("at")
    assert entry.actor == cast.supervisor
    assert (entry.object_type, entry.object_id) == ("core.user", str(cast.case_manager.pk))


def test_out_of_scope_attempt_is_not_a_view(cast, client_for):
    client_for("other_case_manager").get(f"/staff/{cast.case_manager.pk}/")
    assert not AuditEntry.objects.filter(action=AuditAction.VIEW).exists()


def test_log_is_append_only(cast):
    entry = audit_log(actor=cast.admin, action=AuditAction.VIEW, obj=cast.case_manager)
    entry.summary = "rewritten"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    with pytest.raises(PermissionError):
        AuditEntry.objects.all().delete()
    with pytest.raises(PermissionError):
        AuditEntry.objects.update(summary="x")
    assert AuditEntry.objects.get(pk=entry.pk).summary == ""


def test_sign_in_and_failure_are_logged(cast, client):
    client.post("/accounts/login/", {"username": "casemanager", "password": "wrong"})
    client.post("/accounts/login/", {"username": "casemanager", "password": "a-strong-test-password-1"})
    actions = list(AuditEntry.objects.order_by("id").values_list("action", flat=True))
    assert actions == [AuditAction.SIGN_IN_FAILED, AuditAction.SIGN_IN]


def test_audit_page_filters(cast, client_for):
    audit_log(actor=cast.case_manager, action=AuditAction.VIEW, obj=cast.supervisor)
    audit_log(
        actor=cast.supervisor, action=AuditAction.UPDATE, obj=cast.case_manager, changes={"phone": ["", "1"]}
    )
    page = client_for("admin").get("/audit/", {"who": "supervisor"})
    rows = list(page.context["page"].object_list)
    assert [e.actor_username for e in rows] == ["supervisor"]
    bad = client_for("admin").get("/audit/", {"date_from": "2026-05-01", "date_to": "2026-04-01"})
    assert "The end date is before the start date." in bad.content.decode()


def test_audit_page_query_count_does_not_grow_with_rows(cast, client_for, django_assert_max_num_queries):
    client = client_for("admin")
    for _ in range(30):
        audit_log(actor=cast.case_manager, action=AuditAction.VIEW, obj=cast.supervisor)
    with django_assert_max_num_queries(8):
        client.get("/audit/")


def test_database_refuses_rewrites_on_postgresql(cast):
    from django.db import DatabaseError, connection, transaction

    if connection.vendor != "postgresql":
        pytest.skip("the database-level guard exists on PostgreSQL only")
    entry = audit_log(actor=cast.admin, action=AuditAction.VIEW, obj=cast.case_manager)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE core_auditentry SET summary = 'x' WHERE id = %s", [entry.pk])


def test_removing_an_account_keeps_its_entries(cast):
    from careforce.core.models import User

    who = User.objects.create(username="temp", role="analyst", organisation=cast.national_authority)
    entry = audit_log(actor=who, action=AuditAction.SIGN_IN, obj=who)
    who.delete()
    entry = AuditEntry.objects.get(pk=entry.pk)
    assert entry.actor_username == "temp"
