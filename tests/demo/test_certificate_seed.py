"""The demo country's certificates: issued to those who completed, as the service would, with one session
left for the demo trainer to issue and one certificate revoked."""

from __future__ import annotations

import io
import re

import pytest
from django.core.management import call_command
from django.utils import timezone

from careforce.core.models import User
from careforce.training.completion import completed_ids
from careforce.training.models import Certificate, TrainingSession

CODE = re.compile(r"^CF-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$")


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("seed", scale="demo", stdout=io.StringIO(), stderr=io.StringIO())
        yield
        from careforce.demo.generator import reset_country

        reset_country()
        assert not Certificate.objects.exists()


@pytest.mark.django_db
def test_certificates_for_those_who_completed(seeded):
    now = timezone.now()
    certificates = list(
        Certificate.objects.select_related("participation__worker", "participation__session__course",
                                           "participation__session__organiser")
    )
    assert len(certificates) > 50
    assert len({c.code for c in certificates}) == len(certificates)
    done: dict[int, set[int]] = {}
    for c in certificates:
        p = c.participation
        s = p.session
        if s.pk not in done:
            done[s.pk] = completed_ids(s)
        assert p.pk in done[s.pk]
        assert CODE.match(c.code)
        assert c.worker_name == f"{p.worker.given_name} {p.worker.family_name}"
        assert (c.course_title, c.hours, c.cpd_credits) == (s.course.title, s.course.hours, s.course.cpd_credits)
        assert (c.starts_on, c.ends_on, c.organiser_name) == (s.starts_on, s.ends_on, s.organiser.name)
        assert s.ends_on < timezone.localdate(c.issued_at) and c.issued_at <= now
        assert c.issued_by_id == s.created_by_id
    # Everyone who completed a session that has certificates has hers.
    for session_id, ids in done.items():
        assert set(Certificate.objects.filter(participation__session=session_id).values_list("participation", flat=True)) == ids


@pytest.mark.django_db
def test_one_revoked_and_one_session_left_to_issue(seeded, client):
    revoked = Certificate.objects.filter(revoked_at__isnull=False)
    assert revoked.count() == 1
    r = revoked.get()
    assert r.revoke_reason and r.revoked_at >= r.issued_at and r.revoked_by_id == r.issued_by_id
    assert r.participation.worker.user is None or r.participation.worker.user.username not in (
        "casemanager", "assistant", "supervisor",
    )
    # The family-support session the demo trainer ran: completed, not yet issued, the button is hers to press.
    trainer = User.objects.get(username="trainer")
    family = TrainingSession.objects.get(course__title="Sprijinirea familiilor la domiciliu", ends_on__lt=timezone.localdate())
    assert completed_ids(family) and not Certificate.objects.filter(participation__session=family).exists()
    client.force_login(trainer)
    page = client.get(f"/training/sessions/{family.pk}/").content.decode()
    assert f'action="/training/sessions/{family.pk}/certificates/"' in page


@pytest.mark.django_db
def test_the_demo_case_manager_prints_hers(seeded, client):
    casemanager = User.objects.get(username="casemanager")
    mine = Certificate.objects.get(participation__worker__user=casemanager)
    client.force_login(casemanager)
    assert mine.code in client.get("/training/my/").content.decode()
    response = client.get(f"/training/certificates/{mine.pk}/certificate.pdf")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    check = client.get("/training/certificates/verify/", {"code": mine.code})
    assert check.status_code == 200 and "Valid certificate." in check.content.decode()
