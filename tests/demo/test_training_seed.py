"""The demo country's training: a training-of-trainers cascade reaching about a hundred professionals, with
branches that stopped, a second level, and the demo logins in it."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.db.models import F
from django.utils import timezone

from careforce.core.models import User
from careforce.training.cascade import cascade_of
from careforce.training.models import Attendance, Course, Participation, TrainingSession


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("seed", scale="demo", stdout=io.StringIO(), stderr=io.StringIO())
        yield
        from careforce.demo.generator import reset_country

        reset_country()
        assert not TrainingSession.objects.exists()
        assert not Participation.objects.exists()
        assert not Attendance.objects.exists()
        assert not Course.objects.exists()


def _national_tot() -> TrainingSession:
    return TrainingSession.objects.get(course__trains_trainers=True, cascades_from__isnull=True)


@pytest.mark.django_db
def test_the_national_tot_reaches_about_a_hundred_professionals(seeded):
    tot = _national_tot()
    assert tot.cascade_root_id == tot.pk
    assert [w.user.username for w in tot.trainers.filter(user__isnull=False)][:1] == ["trainer"]
    c = cascade_of(tot)
    assert 80 <= c.professionals_reached <= 130
    assert c.children_reached > 0
    # Ten trained at the top, four more at the second level; most of them delivered.
    assert c.levels[0].professionals == 10
    assert len(c.levels) == 3
    assert any(n.trains_trainers for n in c.nodes if n.depth == 1)  # a second-level training of trainers
    assert 12 <= c.trainers_trained <= 16
    assert c.trainers_delivering >= 8
    # Branches that stopped: trainees who delivered nothing.
    assert 2 <= len(c.stopped_trainees) <= 6
    assert c.trainers_trained - c.trainers_delivering == len(c.stopped_trainees)


@pytest.mark.django_db
def test_cascade_root_is_kept_as_the_services_keep_it(seeded):
    for s in TrainingSession.objects.select_related("cascades_from"):
        top = s
        while top.cascades_from_id is not None:
            top = top.cascades_from
        assert s.cascade_root_id == top.pk
        if s.cascades_from_id is not None:
            assert s.cascades_from.course.trains_trainers


@pytest.mark.django_db
def test_scores_attendance_and_dates_are_plausible(seeded):
    today = timezone.localdate()
    oldest = TrainingSession.objects.order_by("starts_on").first().starts_on
    assert (today - oldest).days <= 550  # the last eighteen months
    assert not TrainingSession.objects.filter(ends_on__lt=F("starts_on")).exists()
    past = Participation.objects.filter(session__ends_on__lt=today)
    assert not past.filter(post_score__gt=F("session__course__test_max")).exists()
    assert not past.filter(post_score__lt=F("pre_score")).exists()
    assert past.filter(pre_score__isnull=True).exists()  # some missing, as in real registers
    assert past.filter(post_score__isnull=True).exists()
    assert past.filter(pre_score__isnull=False).count() > past.count() * 0.8
    assert past.filter(feedback_rating__isnull=False).exists()
    # Attendance on the session's days only; nobody present at a session still to come.
    assert not Attendance.objects.filter(day__lt=F("participation__session__starts_on")).exists()
    assert not Attendance.objects.filter(day__gt=F("participation__session__ends_on")).exists()
    assert not Attendance.objects.filter(participation__session__starts_on__gt=today).exists()
    assert not Participation.objects.filter(session__starts_on__gt=today, post_score__isnull=False).exists()


@pytest.mark.django_db
def test_the_demo_logins_took_part(seeded, client):
    tot = _national_tot()
    casemanager = User.objects.get(username="casemanager")
    mine = Participation.objects.filter(worker__user=casemanager).select_related("session")
    assert mine.filter(session__cascade_root=tot).exists()
    assert Participation.objects.filter(worker__user__username="assistant", session__cascade_root=tot).exists()
    # The demo supervisor was trained at the top and delivered a session herself.
    assert tot.participations.filter(worker__user__username="supervisor").exists()
    assert TrainingSession.objects.filter(trainers__user__username="supervisor", cascade_root=tot).exists()
    client.force_login(casemanager)
    response = client.get("/training/my/")
    assert response.status_code == 200
    assert "Managementul de caz: curs inițial" in response.content.decode()


@pytest.mark.django_db
def test_the_trainer_sees_the_whole_cascade(seeded):
    trainer = User.objects.get(username="trainer")
    tot = _national_tot()
    tree = TrainingSession.objects.filter(cascade_root=tot)
    assert TrainingSession.objects.visible_to(trainer).filter(cascade_root=tot).count() == tree.count() > 10
