"""Certificates of completion: the completion rule, issuing (one and all), the PDF in the worker's
language, revoking, and the public check of a code."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from unittest import mock

import pytest
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from careforce.core.models import AuditAction, AuditEntry
from careforce.training import certificates as certs
from careforce.training import services
from careforce.training.completion import completed_ids
from careforce.training.models import Certificate, Course, Participation
from tests.workforce.factories import WorkerFactory

CODE = re.compile(r"^CF-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$")


@pytest.fixture(autouse=True)
def _fresh_check_counts():
    # The limit on checks lives in the cache, which outlives a test.
    cache.clear()
    yield
    cache.clear()


def part(session, worker) -> Participation:
    return Participation.objects.get(session=session, worker=worker)


def attend(actor, session, *participations, days=None) -> None:
    """Record these participants present on `days` (every day of the session by default), nobody else."""
    on = set(days if days is not None else session.days)
    services.attendance_record(actor=actor, session=session, present={p.pk: on for p in participations})


def completed_child(cast, training) -> Participation:
    """The case manager present on the one day of the cascaded session, which gave no post-test."""
    p = part(training["child"], training["cm"])
    attend(cast.admin, training["child"], p)
    return p


# --- The completion rule ------------------------------------------------------------------------------------


def test_present_every_day_completes_a_session_without_post_test(cast, training):
    tot = training["tot"]
    t1, t2 = part(tot, training["t1"]), part(tot, training["t2"])
    services.attendance_record(actor=cast.admin, session=tot, present={t1.pk: set(tot.days), t2.pk: {tot.starts_on}})
    assert completed_ids(tot) == {t1.pk}  # t2 missed the second day


def test_with_a_post_test_she_needs_her_post_score(cast, training):
    child = training["child"]
    cm, asst = part(child, training["cm"]), part(child, training["asst"])
    attend(cast.admin, child, cm, asst)
    assert completed_ids(child) == {cm.pk, asst.pk}
    # The assistant takes the post-test: the session gave one, so the case manager without a score has not completed.
    services.scores_record(actor=cast.admin, session=child, scores={asst.pk: {"post_score": Decimal(15)}})
    assert completed_ids(child) == {asst.pk}
    services.scores_record(actor=cast.admin, session=child, scores={cm.pk: {"post_score": Decimal(9)}})
    assert completed_ids(child) == {cm.pk, asst.pk}


def test_nobody_completes_before_attendance_is_recorded(cast, training):
    assert completed_ids(training["child"]) == set()
    with pytest.raises(ValidationError):
        certs.certificate_issue(actor=cast.admin, participation=part(training["child"], training["cm"]))


# --- Codes ---------------------------------------------------------------------------------------------------


def test_codes_are_typable_and_forgiving():
    for _i in range(200):
        assert CODE.match(certs.new_code())
    assert certs.normalise_code("cf7k4qmx2p") == "CF-7K4Q-MX2P"
    assert certs.normalise_code(" 7k4q mx2p ") == "CF-7K4Q-MX2P"
    assert certs.normalise_code("CF—7K4Q—MX2P") == "CF-7K4Q-MX2P"  # long dashes from a word processor
    assert certs.normalise_code("CF-7K4O-MX2I") == "CF-7K40-MX21"  # O read as 0, I as 1
    assert certs.normalise_code("CF-CF12-3456") == "CF-CF12-3456"  # a body that starts with CF stays whole
    for bad in ("", "CF-7K4Q-MX2", "CF-7K4Q-MX2PP", "CF-7K4Q-MX2U", "hello", "<script>", "CF-7K4Q-MX2P-1"):
        assert certs.normalise_code(bad) is None, bad


# --- Issuing -------------------------------------------------------------------------------------------------


def test_issue_keeps_a_snapshot_and_is_audited(cast, training):
    p = completed_child(cast, training)
    c = certs.certificate_issue(actor=cast.admin, participation=p)
    assert CODE.match(c.code)
    cm = training["cm"]
    assert (c.worker_name, c.course_title, c.hours, c.cpd_credits) == (
        f"{cm.given_name} {cm.family_name}", "Case management basics", Decimal(8), Decimal(0),
    )
    assert (c.starts_on, c.ends_on, c.organiser_name, c.issued_by) == (
        dt.date(2026, 3, 2), dt.date(2026, 3, 2), "Directorate Bălțeni", cast.admin,
    )
    entry = AuditEntry.objects.get(object_type="training.certificate", object_id=str(c.pk))
    assert (entry.action, entry.actor, entry.summary) == (AuditAction.CREATE, cast.admin, c.code)
    # The records change later; the certificate still says what was true when it was issued.
    original = c.worker_name
    Course.objects.filter(pk=training["course"].pk).update(title="Renamed", hours=Decimal(2))
    cm.family_name = "Married"
    cm.save()
    c.refresh_from_db()
    assert (c.course_title, c.hours, c.worker_name) == ("Case management basics", Decimal(8), original)
    facts = certs.certificate_verify(c.code).facts
    assert (facts["worker_name"], facts["course_title"]) == (original, "Case management basics")


def test_issuing_twice_returns_the_same_certificate(cast, training):
    p = completed_child(cast, training)
    first = certs.certificate_issue(actor=cast.admin, participation=p)
    again = certs.certificate_issue(actor=cast.admin, participation=p)
    assert again.pk == first.pk and again.code == first.code
    assert Certificate.objects.count() == 1
    assert AuditEntry.objects.filter(object_type="training.certificate").count() == 1


def test_no_certificate_for_an_incomplete_participation(cast, training):
    completed_child(cast, training)
    absent = part(training["child"], training["asst"])
    with pytest.raises(ValidationError, match="has not completed"):
        certs.certificate_issue(actor=cast.admin, participation=absent)
    assert not Certificate.objects.filter(participation=absent).exists()
    assert not AuditEntry.objects.filter(object_type="training.certificate").exists()


@pytest.mark.parametrize("who", ["regional", "supervisor", "trainer", "case_manager", "analyst"])
def test_only_those_who_run_the_session_issue(who, cast, training):
    # The cascaded session is organised by a district directorate and trained by t1: not the trainer's to change.
    p = completed_child(cast, training)
    with pytest.raises(PermissionDenied):
        certs.certificate_issue(actor=cast.persona(who), participation=p)
    with pytest.raises(PermissionDenied):
        certs.certificates_issue_completed(actor=cast.persona(who), session=training["child"])
    assert not Certificate.objects.exists()


def test_the_trainer_issues_for_her_organisations_session(cast, training):
    tot = training["tot"]
    t1 = part(tot, training["t1"])
    attend(cast.admin, tot, t1)
    c = certs.certificate_issue(actor=cast.trainer, participation=t1)
    assert c.issued_by == cast.trainer and c.organiser_name == "Training Centre"


def _big_session(cast, training, n: int):
    course = Course.objects.create(title=f"Course for {n}", hours=Decimal("6.5"), cpd_credits=Decimal(1))
    session = services.session_save(
        actor=cast.admin, course=course, starts_on=dt.date(2026, 4, 6), ends_on=dt.date(2026, 4, 7),
        organiser=cast.training_centre, trainers=[training["tc"]],
    )
    workers = [WorkerFactory(organisation=cast.directorate) for _i in range(n + 1)]
    services.participants_add(actor=cast.admin, session=session, worker_ids=[w.pk for w in workers])
    parts = list(session.participations.order_by("pk"))
    present = {p.pk: set(session.days) for p in parts[:n]}
    present[parts[n].pk] = {session.starts_on}  # one who missed a day
    services.attendance_record(actor=cast.admin, session=session, present=present)
    return session, parts


def test_bulk_issue_in_a_constant_number_of_queries(cast, training):
    counts = {}
    for n in (2, 12):
        session, parts = _big_session(cast, training, n)
        with CaptureQueriesContext(connection) as queries:
            result = certs.certificates_issue_completed(actor=cast.trainer, session=session)
        counts[n] = len(queries)
        assert (len(result.issued), result.completed, result.already) == (n, n, 0)
        assert set(Certificate.objects.filter(participation__session=session).values_list("participation", flat=True)) == {
            p.pk for p in parts[:n]
        }
        assert AuditEntry.objects.filter(
            object_type="training.certificate", object_id__in=[str(c.pk) for c in result.issued],
            action=AuditAction.CREATE, actor=cast.trainer,
        ).count() == n
        assert len({c.code for c in result.issued}) == n
    assert counts[2] == counts[12] <= 12, counts
    # Once more: nothing new, everyone already has hers.
    again = certs.certificates_issue_completed(actor=cast.trainer, session=session)
    assert (again.issued, again.completed, again.already) == ([], 12, 12)


def test_bulk_issue_from_the_session_page(cast, training, client_for):
    tot = training["tot"]
    t1, t2 = part(tot, training["t1"]), part(tot, training["t2"])
    services.attendance_record(actor=cast.admin, session=tot, present={t1.pk: set(tot.days), t2.pk: {tot.starts_on}})
    url = f"/training/sessions/{tot.pk}/certificates/"
    assert client_for("trainer").get(url).status_code == 302 and not Certificate.objects.exists()  # GET changes nothing
    assert client_for("regional").post(url).status_code == 403
    assert not Certificate.objects.exists()
    response = client_for("trainer").post(url, follow=True)
    assert response.status_code == 200
    assert "1 certificate issued." in response.content.decode()
    assert list(Certificate.objects.values_list("participation", flat=True)) == [t1.pk]
    response = client_for("trainer").post(url, follow=True)
    assert "Everyone who completed the session already has a certificate." in response.content.decode()
    # One participant by hand: t2 has not completed.
    response = client_for("trainer").post(url, {"participation": t2.pk}, follow=True)
    assert "has not completed" in response.content.decode()
    assert Certificate.objects.count() == 1
    # Someone else's participation is not found through this session.
    other = part(training["child"], training["cm"])
    assert client_for("admin").post(url, {"participation": other.pk}).status_code == 404


def test_session_page_shows_completion_and_certificates(cast, training, client_for):
    p = completed_child(cast, training)
    child = training["child"]
    page = client_for("admin").get(f"/training/sessions/{child.pk}/").content.decode()
    assert "Issue a certificate to the 1 participant who completed" in page
    c = certs.certificate_issue(actor=cast.admin, participation=p)
    page = client_for("admin").get(f"/training/sessions/{child.pk}/").content.decode()
    assert f"/training/certificates/{c.pk}/certificate.pdf" in page and c.code in page
    assert f"/training/certificates/{c.pk}/revoke/" in page
    assert "Everyone who completed the session has a certificate." in page
    # The supervisor reads who completed and that a certificate exists, but prints nothing and issues nothing.
    page = client_for("supervisor").get(f"/training/sessions/{child.pk}/").content.decode()
    assert "issued on" in page and "completed" in page
    assert "certificate.pdf" not in page and c.code not in page and "certificates/\"" not in page


def test_my_training_lists_her_certificates(cast, training, client_for):
    c = certs.certificate_issue(actor=cast.admin, participation=completed_child(cast, training))
    page = client_for("case_manager").get("/training/my/").content.decode()
    assert f"/training/certificates/{c.pk}/certificate.pdf" in page and c.code in page
    page = client_for("assistant").get("/training/my/").content.decode()
    assert "No certificate yet." in page and c.code not in page


# --- The PDF -------------------------------------------------------------------------------------------------


def _pdf_html(client, url):
    """The response, the HTML given to WeasyPrint and the language active while it was rendered."""
    from careforce.core import pdf

    seen = {}
    real = pdf.render_to_string

    def capture(*args, **kwargs):
        seen["language"] = translation.get_language()
        seen["html"] = real(*args, **kwargs)
        return seen["html"]

    with mock.patch.object(pdf, "render_to_string", side_effect=capture):
        response = client.get(url)
    return response, seen


def test_pdf_in_the_workers_language(cast, training, client_for):
    c = certs.certificate_issue(actor=cast.admin, participation=completed_child(cast, training))
    cast.case_manager.language = "ro"
    cast.case_manager.save()
    # The administrator reads English; the certificate is the worker's, in Romanian.
    response, seen = _pdf_html(client_for("admin"), f"/training/certificates/{c.pk}/certificate.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert seen["language"] == "ro"
    assert 'lang="ro"' in seen["html"]
    # Words from the Romanian catalogue: "CPD credits", "Hours".
    assert "Credite de formare continuă" in seen["html"] and "CPD credits" not in seen["html"]
    assert ">Ore<" in seen["html"] and ">Hours<" not in seen["html"]
    assert "2 martie 2026" in seen["html"].lower()  # the date in Romanian
    assert c.code in seen["html"] and "/training/certificates/verify/" in seen["html"]
    assert "Revoked" not in seen["html"]
    # Back in the administrator's own pages, English again.
    assert "Sessions" in client_for("admin").get("/training/sessions/").content.decode()
    entry = AuditEntry.objects.get(object_type="training.certificate", object_id=str(c.pk), action=AuditAction.EXPORT)
    assert entry.actor == cast.admin


def test_pdf_of_a_worker_without_account_follows_the_request(cast, training):
    tot = training["tot"]
    t1 = part(tot, training["t1"])  # no user account
    attend(cast.admin, tot, t1)
    c = certs.certificate_issue(actor=cast.trainer, participation=t1)
    client = Client(HTTP_ACCEPT_LANGUAGE="ru")
    client.force_login(cast.trainer)
    response, seen = _pdf_html(client, f"/training/certificates/{c.pk}/certificate.pdf")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert seen["language"] == "ru"
    cast.trainer.language = "ro"
    cast.trainer.save()
    response, seen = _pdf_html(client, f"/training/certificates/{c.pk}/certificate.pdf")
    assert seen["language"] == "ro"  # her own choice is the request's language


def test_a_revoked_certificate_prints_as_revoked(cast, training, client_for):
    c = certs.certificate_issue(actor=cast.admin, participation=completed_child(cast, training))
    certs.certificate_revoke(actor=cast.admin, certificate=c, reason="Attendance was wrong")
    response, seen = _pdf_html(client_for("case_manager"), f"/training/certificates/{c.pk}/certificate.pdf")
    assert response.status_code == 200
    assert "this certificate is no longer valid" in seen["html"] and "Attendance was wrong" not in seen["html"]


# --- Revoking ------------------------------------------------------------------------------------------------


def test_revoke_with_a_reason(cast, training):
    c = certs.certificate_issue(actor=cast.admin, participation=completed_child(cast, training))
    with pytest.raises(ValidationError):
        certs.certificate_revoke(actor=cast.admin, certificate=c, reason="  ")
    with pytest.raises(PermissionDenied):
        certs.certificate_revoke(actor=cast.regional, certificate=c, reason="No")
    with pytest.raises(PermissionDenied):
        certs.certificate_revoke(actor=cast.trainer, certificate=c, reason="No")  # not her session
    c.refresh_from_db()
    assert c.revoked_at is None
    certs.certificate_revoke(actor=cast.admin, certificate=c, reason="Recorded for the wrong person")
    c.refresh_from_db()
    assert c.revoked and c.revoked_by == cast.admin and c.revoke_reason == "Recorded for the wrong person"
    entry = AuditEntry.objects.get(object_type="training.certificate", object_id=str(c.pk), action=AuditAction.UPDATE)
    assert entry.changes["revoke_reason"] == [None, "Recorded for the wrong person"]
    with pytest.raises(ValidationError, match="already revoked"):
        certs.certificate_revoke(actor=cast.admin, certificate=c, reason="Again")
    # Issuing again gives back the revoked one: a participation has one certificate for good.
    assert certs.certificate_issue(actor=cast.admin, participation=c.participation).pk == c.pk


def test_revoke_page(cast, training, client_for):
    tot = training["tot"]
    t1 = part(tot, training["t1"])
    attend(cast.admin, tot, t1)
    c = certs.certificate_issue(actor=cast.trainer, participation=t1)
    client = client_for("trainer")
    url = f"/training/certificates/{c.pk}/revoke/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"reason": ""})
    assert response.status_code == 400
    c.refresh_from_db()
    assert c.revoked_at is None
    response = client.post(url, {"reason": "Duplicate of a paper certificate"})
    assert response.status_code == 302 and response["Location"] == f"/training/sessions/{tot.pk}/"
    c.refresh_from_db()
    assert c.revoked and c.revoked_by == cast.trainer
    assert client.post(url, {"reason": "Again"}).status_code == 400


# --- The public check ----------------------------------------------------------------------------------------

VERIFY = "/training/certificates/verify/"


def test_check_a_valid_code_without_signing_in(cast, training):
    c = certs.certificate_issue(actor=cast.admin, participation=completed_child(cast, training))
    entries = AuditEntry.objects.count()
    typed = c.code.lower().replace("-", " ")
    response = Client().get(VERIFY, {"code": typed})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Valid certificate." in page
    for shown in (c.worker_name, "Case management basics", "Directorate Bălțeni", c.code):
        assert shown in page
    # Only the snapshot: not who issued it, not her organisation or cadre.
    assert cast.admin.username not in page and "Sign out" not in page
    assert AuditEntry.objects.count() == entries  # a check writes nothing


def test_check_a_revoked_code_does_not_tell_why(cast, training):
    c = certs.certificate_issue(actor=cast.admin, participation=completed_child(cast, training))
    certs.certificate_revoke(actor=cast.admin, certificate=c, reason="Confidential disciplinary matter")
    response = Client().get(VERIFY, {"code": c.code})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Revoked on" in page and "no longer valid" in page and "Valid certificate." not in page
    assert "disciplinary" not in page
    assert c.worker_name in page


def test_check_an_unknown_code_shows_nothing_else(cast, training):
    c = certs.certificate_issue(actor=cast.admin, participation=completed_child(cast, training))
    unknown = "CF-0000-0000" if c.code != "CF-0000-0000" else "CF-1111-1111"
    before = (Certificate.objects.count(), AuditEntry.objects.count())
    response = Client().get(VERIFY, {"code": unknown.lower()})
    page = response.content.decode()
    assert response.status_code == 404
    assert f"No certificate has the code {unknown}." in page
    assert c.worker_name not in page and "Case management basics" not in page and "Valid certificate" not in page
    assert (Certificate.objects.count(), AuditEntry.objects.count()) == before


@pytest.mark.parametrize("typed", ["hello", "CF-7K4Q", "<script>alert(1)</script>", "CF-7K4Q-MX2U"])
def test_check_garbage(typed, db):
    response = Client().get(VERIFY, {"code": typed})
    page = response.content.decode()
    assert response.status_code == 400
    assert "is not a certificate code" in page
    assert "<script>alert" not in page  # what was typed is shown escaped


def test_check_an_empty_code_and_the_bare_form(db):
    assert Client().get(VERIFY).status_code == 200
    response = Client().get(VERIFY, {"code": "  "})
    assert response.status_code == 400 and "Type the code printed on the certificate." in response.content.decode()


def test_checks_are_limited_per_address(cast, training):
    c = certs.certificate_issue(actor=cast.admin, participation=completed_child(cast, training))
    client = Client(REMOTE_ADDR="203.0.113.7")
    for i in range(certs.VERIFY_LIMIT):
        assert client.get(VERIFY, {"code": f"CF-0000-{i:04d}"}).status_code == 404
    response = client.get(VERIFY, {"code": c.code})
    assert response.status_code == 429 and response["Retry-After"] == "60"
    page = response.content.decode()
    assert "Too many checks" in page and c.worker_name not in page  # even a right guess is not answered
    # Another address is not held back; the bare form is not counted.
    assert client.get(VERIFY).status_code == 200
    assert Client(REMOTE_ADDR="198.51.100.2").get(VERIFY, {"code": c.code}).status_code == 200


# --- The API -------------------------------------------------------------------------------------------------


def test_api_answers_the_public_facts(cast, training, client_for):
    c = certs.certificate_issue(actor=cast.admin, participation=completed_child(cast, training))
    client = client_for("analyst")
    data = client.get(f"/api/v1/training/certificates/{c.code.lower().replace('-', '')}").json()
    assert data == {
        "code": c.code, "status": "valid", "revoked_on": None, "name": c.worker_name,
        "course": "Case management basics", "starts_on": "2026-03-02", "ends_on": "2026-03-02", "hours": 8.0,
        "cpd_credits": 0.0, "organiser": "Directorate Bălțeni", "issued_on": timezone.localdate(c.issued_at).isoformat(),
    }
    certs.certificate_revoke(actor=cast.admin, certificate=c, reason="x")
    data = client.get(f"/api/v1/training/certificates/{c.code}").json()
    assert data["status"] == "revoked" and data["revoked_on"] and "reason" not in str(data)
    missing = client.get("/api/v1/training/certificates/CF-0000-0000")
    assert missing.status_code == 404 and "No certificate has the code" in missing.json()["detail"]
    garbage = client.get("/api/v1/training/certificates/hello")
    assert garbage.status_code == 404 and "not a certificate code" in garbage.json()["detail"]
    assert Client().get(f"/api/v1/training/certificates/{c.code}").status_code == 401


def test_api_checks_are_limited_per_user(cast, training, client_for):
    client = client_for("analyst")
    for _i in range(certs.VERIFY_LIMIT):
        assert client.get("/api/v1/training/certificates/CF-0000-0000").status_code == 404
    response = client.get("/api/v1/training/certificates/CF-0000-0000")
    assert response.status_code == 429 and "Too many checks" in response.json()["detail"]
    assert client_for("admin").get("/api/v1/training/certificates/CF-0000-0000").status_code == 404
