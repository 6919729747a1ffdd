"""Training indicators (domain.md section 3): sessions held, people trained, cascade reach, CPD
compliance. Read from the training app's own rules (training.completion, training.cpd)."""

from __future__ import annotations

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from careforce.training import cpd
from careforce.training.completion import completed_of_many
from careforce.training.models import Participation, TrainingSession
from careforce.workforce.models import Cadre, Sex, Worker

from .base import NARROWABLE, TOTAL, Indicator, Scope, Table, choice_columns, count_table, ratio_table


def _worker_columns(scope: Scope) -> tuple[int, list[tuple[str, str]] | None]:
    if scope.by == "cadre":
        return 1, choice_columns(Cadre.choices)
    if scope.by == "sex":
        return 2, choice_columns(Sex.choices)
    return 0, None


def sessions_held(scope: Scope) -> Table:
    p = scope.period
    rows = (
        TrainingSession.objects.filter(area__path__startswith=scope.path, ends_on__range=(p.start, p.end))
        .order_by().values_list("area").annotate(n=Count("pk"))
    )
    return count_table(SESSIONS_HELD, scope, [(a, TOTAL, n) for a, n in rows])


def _completed_workers(scope: Scope, parts) -> Table | list:
    index, _cols = _worker_columns(scope)
    seen: dict[int, tuple] = {}
    for _end, worker, area, cadre, sex in completed_of_many(parts, "worker", "worker__area", "worker__cadre",
                                                            "worker__sex"):
        seen.setdefault(worker, (area, cadre, sex))
    return [(area, [TOTAL, cadre, sex][index], 1) for area, cadre, sex in seen.values()]


def people_trained(scope: Scope) -> Table:
    p = scope.period
    parts = Participation.objects.filter(
        scope.worker_q("worker__"), worker__area__path__startswith=scope.path,
        session__ends_on__range=(p.start, p.end),
    )
    return count_table(PEOPLE_TRAINED, scope, _completed_workers(scope, parts), _worker_columns(scope)[1])


def cascade_reach(scope: Scope) -> Table:
    """Professionals who completed a session delivered by trainers a training of trainers prepared."""
    p = scope.period
    parts = Participation.objects.filter(
        worker__area__path__startswith=scope.path, session__ends_on__range=(p.start, p.end),
        session__cascades_from__isnull=False,
    )
    return count_table(CASCADE_REACH, scope, _completed_workers(scope, parts), _worker_columns(scope)[1])


def cpd_compliance(scope: Scope) -> Table:
    reqs = cpd.requirements()
    workers = Worker.objects.filter(scope.worker_q(), area__path__startswith=scope.path, active=True,
                                    cadre__in=list(reqs))
    rows = [r for r in cpd.rows_for(workers, scope.period.end, reqs) if r.required is not None]
    by_cadre = scope.by == "cadre"
    key = (lambda r: r.worker.cadre) if by_cadre else (lambda r: TOTAL)
    met = [(r.worker.area_id, key(r), 1) for r in rows if r.complies]
    held = [(r.worker.area_id, key(r), 1) for r in rows]
    columns = choice_columns(Cadre.choices) if by_cadre else None
    return ratio_table(CPD_COMPLIANCE, scope, met, held, columns)


SESSIONS_HELD = Indicator(
    code="training_sessions", topic="training", unit="count",
    name=_("Training sessions held"),
    description=_("Training sessions whose last day fell in the period, where they were held."),
    formula=_("Sessions ending in the period."),
    disaggregations=("area", "period"), compute=sessions_held,
)
PEOPLE_TRAINED = Indicator(
    code="people_trained", topic="training", unit="count",
    name=_("People trained"),
    description=_("Workers who completed at least one session ending in the period (present every day; the "
                  "post-test taken where there was one)."),
    formula=_("Distinct workers completing a session in the period."),
    disaggregations=("area", "cadre", "sex", "period"), compute=people_trained, scopes=NARROWABLE,
)
CASCADE_REACH = Indicator(
    code="cascade_reach", topic="training", unit="count",
    name=_("Cascade reach"),
    description=_("Workers who completed a session given by trainers that a training of trainers prepared."),
    formula=_("Distinct workers completing, in the period, a session that cascades from another."),
    disaggregations=("area", "cadre", "sex", "period"), compute=cascade_reach,
)
CPD_COMPLIANCE = Indicator(
    code="cpd_compliance", topic="training", unit="percent",
    name=_("CPD compliance"),
    description=_("Workers who did the CPD hours their cadre requires in the period up to its last day."),
    formula=_("Workers meeting their CPD requirement ÷ workers held to one × 100."),
    disaggregations=("area", "cadre", "period"), compute=cpd_compliance, scopes=NARROWABLE,
)

INDICATORS = [SESSIONS_HELD, PEOPLE_TRAINED, CASCADE_REACH, CPD_COMPLIANCE]
