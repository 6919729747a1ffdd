"""A small supervised team on the cast, shared by the supervision tests.

On ON (30 June 2025), with the default standards (newly qualified: every 7 days, established: every 30,
90 minutes at least):

  directorate Bălțeni, led by the supervisor's worker record "Sup":
    cm        case manager (the casemanager login), since 2020: sessions 5 June (90 min, 25 days) and
              25 June (60 min, too short)                      → covered by 5 June
    psych     psychologist, no assignment recorded (established): 30 May (120 min, 31 days), and 2 July
              (after ON, ignored)                               → overdue by 1 day
    botnaru   social worker since 2019: 27 June (60 min only)   → too short
    albu      para-professional since 2018: never               → never
    gone      inactive case manager: not counted
    mentor    volunteer, and the supervisor herself: not counted
  municipal Valea Nucilor:
    assistant community assistant (the assistant login, supervised by the supervisor), first assignment
              364 days before ON (newly qualified): 23 June (90 min, 7 days) → covered
  elsewhere: othercm (Florești), never supervised; farcm (Cahul), supervised on 20 June by a supervisor of
  Cahul ("far_sup")                                            → covered
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from careforce.workforce.models import (
    Cadre,
    SupervisionKind,
    SupervisionSession,
    SupervisionSupervisee,
    Worker,
)
from tests.workforce.factories import AssignmentFactory, WorkerFactory

ON = dt.date(2025, 6, 30)


@dataclass
class Team:
    sup: Worker
    cm: Worker
    assistant: Worker
    psych: Worker
    botnaru: Worker
    albu: Worker
    gone: Worker
    mentor: Worker
    other_cm: Worker
    far_cm: Worker
    far_sup: Worker
    cm_session: SupervisionSession
    assistant_session: SupervisionSession
    far_session: SupervisionSession


def session(
    supervisor: Worker,
    workers: list[Worker],
    on: dt.date,
    minutes: int = 90,
    *,
    recorded_by,
    wellbeing: str = "",
    kind: str | None = None,
) -> SupervisionSession:
    s = SupervisionSession.objects.create(
        supervisor=supervisor,
        on=on,
        duration_minutes=minutes,
        recorded_by=recorded_by,
        kind=kind or (SupervisionKind.INDIVIDUAL if len(workers) == 1 else SupervisionKind.GROUP),
        decisions="Visit the family together next week.",
        learning_needs="Interviewing young children.",
        wellbeing=wellbeing,
        cases_discussed=3,
    )
    SupervisionSupervisee.objects.bulk_create([SupervisionSupervisee(session=s, worker=w) for w in workers])
    return s


def make_team(cast) -> Team:
    d, m = cast.directorate, cast.municipal
    sup = WorkerFactory(organisation=d, user=cast.supervisor, cadre=Cadre.SUPERVISOR, family_name="Sup")
    cm = WorkerFactory(organisation=d, user=cast.case_manager, family_name="Ceban")
    assistant = WorkerFactory(
        organisation=m, user=cast.assistant, cadre=Cadre.COMMUNITY_ASSISTANT, family_name="Dodon"
    )
    psych = WorkerFactory(organisation=d, cadre=Cadre.PSYCHOLOGIST, family_name="Ene")
    botnaru = WorkerFactory(organisation=d, cadre=Cadre.SOCIAL_WORKER, family_name="Botnaru")
    albu = WorkerFactory(organisation=d, cadre=Cadre.PARA_PROFESSIONAL, family_name="Albu")
    gone = WorkerFactory(organisation=d, active=False, family_name="Gone")
    mentor = WorkerFactory(organisation=m, cadre=Cadre.VOLUNTEER, user=cast.volunteer, family_name="Mentor")
    other_cm = WorkerFactory(organisation=cast.other_directorate, user=cast.other_case_manager)
    far_cm = WorkerFactory(organisation=cast.far_directorate, user=cast.far_case_manager)
    far_sup = WorkerFactory(organisation=cast.far_directorate, cadre=Cadre.SUPERVISOR)
    AssignmentFactory(worker=cm, start=dt.date(2020, 1, 1))
    AssignmentFactory(worker=cm, start=dt.date(2023, 1, 1))
    AssignmentFactory(worker=assistant, start=ON - dt.timedelta(days=364))
    AssignmentFactory(worker=botnaru, start=dt.date(2019, 3, 1))
    AssignmentFactory(worker=albu, start=dt.date(2018, 3, 1))
    by = cast.supervisor
    cm_session = session(
        sup, [cm], dt.date(2025, 6, 5), 90, recorded_by=by, wellbeing="Tired after a hard case."
    )
    session(sup, [cm], dt.date(2025, 6, 25), 60, recorded_by=by)
    assistant_session = session(sup, [assistant], dt.date(2025, 6, 23), 90, recorded_by=by)
    session(sup, [psych], dt.date(2025, 5, 30), 120, recorded_by=by)
    session(sup, [psych], dt.date(2025, 7, 2), 120, recorded_by=by)
    session(sup, [botnaru], dt.date(2025, 6, 27), 60, recorded_by=by)
    session(sup, [gone], dt.date(2025, 6, 27), 90, recorded_by=by)
    far_session = session(
        far_sup, [far_cm], dt.date(2025, 6, 20), 90, recorded_by=cast.admin, wellbeing="Far away note."
    )
    return Team(
        sup,
        cm,
        assistant,
        psych,
        botnaru,
        albu,
        gone,
        mentor,
        other_cm,
        far_cm,
        far_sup,
        cm_session,
        assistant_session,
        far_session,
    )
