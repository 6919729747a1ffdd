"""When a participant has completed a session: one rule for CPD records, certificates and the impact view.

She completed it when she was present on every day of the session and, if the session gave a post-test
(someone has a post-test score), she has a post-test score too. Attendance is what the trainers record; a
session with no attendance recorded has nobody completing it yet.
"""

from __future__ import annotations

from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from .models import Participation, TrainingSession


def _present():
    """Days present that count: within the session's dates (they may have changed since) and not to come."""
    return Count("attendance", distinct=True, filter=Q(
        attendance__day__gte=F("session__starts_on"), attendance__day__lte=F("session__ends_on"),
    ) & Q(attendance__day__lte=timezone.localdate()))


def completed(participations: QuerySet[Participation], session: TrainingSession) -> QuerySet[Participation]:
    """Those of `participations` (of one session) who completed it."""
    qs = participations.annotate(days_present=_present()).filter(days_present__gte=len(session.days))
    if Participation.objects.filter(session=session, post_score__isnull=False).exists():
        qs = qs.filter(post_score__isnull=False)
    return qs


def completed_ids(session: TrainingSession) -> set[int]:
    return set(completed(session.participations.all(), session).values_list("pk", flat=True))


def completed_of_many(participations: QuerySet[Participation], *fields: str) -> list[tuple]:
    """The same rule over participations of many sessions in two queries: (session's last day, *fields)
    of each completed one. Days are counted from the session's dates, as `TrainingSession.days` does."""
    with_post = set(
        participations.filter(post_score__isnull=False).order_by().values_list("session", flat=True).distinct()
    )
    out = []
    for session_id, starts_on, ends_on, post, present, *values in (
        participations.annotate(present=_present())
        .values_list("session", "session__starts_on", "session__ends_on", "post_score", "present", *fields)
    ):
        if present >= (ends_on - starts_on).days + 1 and (session_id not in with_post or post is not None):
            out.append((ends_on, *values))
    return out
