"""Workforce indicators (domain.md section 2), read from the workforce app's own definitions
(workforce.indicators, workforce.supervision) and the staffing studies: this module only lays them out as
indicator tables."""

from __future__ import annotations

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from careforce.cases.models import Case
from careforce.workforce import indicators as wf
from careforce.workforce import supervision
from careforce.workforce.models import SUPERVISED_CADRES, Cadre, Sex, Worker

from .base import NARROWABLE, TOTAL, Cell, Indicator, Scope, Table, choice_columns, count_table, ratio_table

CASE_CADRES = (Cadre.CASE_MANAGER, Cadre.COMMUNITY_ASSISTANT)


RECENT_SECONDS = 30


def _figures(scope: Scope) -> wf.Indicators:
    """The workforce figures of the scope: headcount, density, vacancies and attrition are four readings of
    one pass, so a dashboard or a report computing them one after the other shares it (for half a minute)."""
    from django.core.cache import cache

    key = f"cf-wf:{scope.area.pk}:{scope.area.path}:{scope.period.start}:{scope.period.end}"
    figures = cache.get(key)
    if figures is None:
        figures = wf.compute(root=scope.area, on=scope.period.end, period_from=scope.period.start)
        cache.set(key, figures, RECENT_SECONDS)
    return figures


def _from_figures(indicator: Indicator, scope: Scope, value, num, den, *, sexes: bool = False) -> Table:
    """A table from the workforce figures of each area: by cadre (or sex) when asked, and all cadres."""
    figures = _figures(scope)
    if scope.by == "cadre":
        columns = choice_columns(Cadre.choices)
    elif scope.by == "sex" and sexes:
        columns = choice_columns(Sex.choices)
    else:
        columns = []
    table = Table(indicator, scope, [*columns, (TOTAL, _("Total"))])
    for a in table.areas:
        for key, _label in table.columns:
            f = figures.get(a.pk, key if scope.by == "cadre" else wf.ALL)
            if scope.by == "sex" and key:
                n = f.female if key == Sex.FEMALE else f.male
                table.cells[(a.pk, key)] = Cell(n, numerator=n)
                continue
            table.cells[(a.pk, key)] = Cell(value(f), numerator=num(f), denominator=den(f))
    return table


def _organisation_kinds() -> list[tuple[str, str]]:
    from careforce.core.models import OrganisationKind

    return choice_columns(OrganisationKind.choices)


def workers_in_post(scope: Scope) -> Table:
    if scope.by == "organisation_type":  # the employer's kind
        rows = wf.in_post_by(root=scope.area, on=scope.period.end, field="organisation__kind")
        return count_table(WORKERS_IN_POST, scope, rows, _organisation_kinds())
    return _from_figures(WORKERS_IN_POST, scope, lambda f: f.headcount, lambda f: f.headcount, lambda f: None,
                         sexes=True)


def density(scope: Scope) -> Table:
    return _from_figures(DENSITY, scope, lambda f: f.per_100k_children, lambda f: f.headcount, lambda f: f.children)


def vacancy_rate(scope: Scope) -> Table:
    if scope.by == "organisation_type":  # the kind of organisation the post belongs to
        rows = wf.posts_by(root=scope.area, on=scope.period.end, field="organisation__kind")
        return ratio_table(VACANCY_RATE, scope, [(a, k, vacant) for a, k, _funded, vacant in rows],
                           [(a, k, funded) for a, k, funded, _vacant in rows], _organisation_kinds())
    return _from_figures(
        VACANCY_RATE, scope, lambda f: None if f.vacancy_rate is None else f.vacancy_rate * 100,
        lambda f: f.posts_vacant, lambda f: f.posts_funded,
    )


def attrition(scope: Scope) -> Table:
    return _from_figures(
        ATTRITION, scope, lambda f: None if f.attrition is None else f.attrition * 100,
        lambda f: f.exits, lambda f: f.average_headcount,
    )


def caseload(scope: Scope) -> Table:
    """Open cases on the period's last day per case manager and community social assistant in post with an
    account (the workers cases are assigned to), in the area where the worker works."""
    end = scope.period.end
    cases = (
        Case.objects.filter(scope.worker_q("case_manager__worker__"),
                            case_manager__worker__area__path__startswith=scope.path, opened_on__lte=end)
        .filter(Q(closed_on__isnull=True) | Q(closed_on__gt=end)).order_by()
        .values_list("case_manager__worker__area").annotate(n=Count("pk"))
    )
    workers = (
        Worker.objects.filter(scope.worker_q(), area__path__startswith=scope.path, cadre__in=CASE_CADRES,
                              active=True, user__isnull=False).order_by()
        .values_list("area").annotate(n=Count("pk"))
    )
    return ratio_table(CASELOAD, scope, [(a, TOTAL, n) for a, n in cases], [(a, TOTAL, n) for a, n in workers],
                       scale=1)


def supervision_coverage(scope: Scope) -> Table:
    workers = Worker.objects.filter(scope.worker_q(), area__path__startswith=scope.path, active=True,
                                    cadre__in=SUPERVISED_CADRES)
    rows = [r for r in supervision.coverage_rows(workers.select_related("area"), on=scope.period.end)
            if r.standard is not None]
    covered = [(r.worker.area_id, TOTAL, 1) for r in rows if r.covered]
    held = [(r.worker.area_id, TOTAL, 1) for r in rows]
    return ratio_table(SUPERVISION_COVERAGE, scope, covered, held)


def wisn_ratio(scope: Scope) -> Table:
    """Staffing pressure from the staffing studies of the period's year: each area reads the study of the
    nearest area up the tree that has one (its own first), per cadre studied: staff in post ÷ staff the
    recorded workload needs."""
    from careforce.evidence.models import StaffingStudy
    from careforce.evidence.staffing import need_in_every_area

    ancestors = [scope.area, *scope.area.ancestors()]
    candidates = list(
        StaffingStudy.objects.filter(
            Q(area__in=ancestors) | Q(area__in=scope.children), year=scope.period.end.year
        ).select_related("area")
    )
    results = need_in_every_area(candidates) if candidates else {}
    cadres = sorted({s.cadre for s in candidates}, key=Cadre.values.index)
    if scope.by != "cadre":
        cadres = cadres[:1]  # without a cadre asked: the first cadre studied (case managers, mostly)
    table = Table(WISN_RATIO, scope, [(c, Cadre(c).label) for c in cadres])
    for a in table.areas:
        for cadre in cadres:
            covering = [s for s in candidates if s.cadre == cadre and a.path.startswith(s.area.path)]
            study = max(covering, key=lambda s: len(s.area.path), default=None)
            r = results.get((study.pk, a.pk)) if study else None
            table.cells[(a.pk, cadre)] = Cell(
                r.wisn_ratio if r else None, numerator=r.existing_staff if r else None,
                denominator=r.required_staff if r else None,
            )
    return table


WORKERS_IN_POST = Indicator(
    code="workers_in_post", topic="workforce", unit="count",
    name=_("Workers in post"),
    description=_("Workers with an assignment running on the period's last day, where they work."),
    formula=_("Workers with a running assignment on the period's last day."),
    disaggregations=("area", "cadre", "sex", "organisation_type", "period"), compute=workers_in_post,
)
DENSITY = Indicator(
    code="workforce_density", topic="workforce", unit="per_100k_children",
    name=_("Workforce density"),
    description=_("Workers in post per 100,000 children (0–17)."),
    formula=_("Workers in post × 100,000 ÷ children of the latest population year."),
    disaggregations=("area", "cadre", "period"), compute=density,
)
VACANCY_RATE = Indicator(
    code="vacancy_rate", topic="workforce", unit="percent",
    name=_("Vacancy rate"),
    description=_("Funded posts nobody holds on the period's last day, of all funded posts."),
    formula=_("Vacant funded posts ÷ funded posts × 100."),
    disaggregations=("area", "cadre", "organisation_type", "period"), compute=vacancy_rate,
)
ATTRITION = Indicator(
    code="attrition_rate", topic="workforce", unit="percent",
    name=_("Attrition"),
    description=_("Workers who left the workforce in the period, of the average headcount."),
    formula=_("Exits in the period ÷ the mean of the headcounts on its first and last day × 100."),
    disaggregations=("area", "cadre", "period"), compute=attrition,
)
CASELOAD = Indicator(
    code="caseload", topic="workforce", unit="mean",
    name=_("Caseload"),
    description=_("Open cases per case manager and community social assistant with an account."),
    formula=_("Cases open on the period's last day ÷ case-holding workers with an account."),
    disaggregations=("area", "period"), compute=caseload, scopes=NARROWABLE,
)
SUPERVISION_COVERAGE = Indicator(
    code="supervision_coverage", topic="workforce", unit="percent",
    name=_("Supervision coverage"),
    description=_("Workers supervised as often as the standard asks for their career stage, on the period's "
                  "last day."),
    formula=_("Workers supervised at the required frequency ÷ workers held to a supervision standard × 100."),
    disaggregations=("area", "period"), compute=supervision_coverage, scopes=NARROWABLE,
)
WISN_RATIO = Indicator(
    code="wisn_ratio", topic="workforce", unit="ratio",
    name=_("Staffing pressure (WISN ratio)"),
    description=_("Staff in post ÷ staff the recorded workload needs, from the year's staffing study covering "
                  "the area; below 1 means pressure."),
    formula=_("Existing staff ÷ (A × CAF + IAF), WHO's WISN method."),
    disaggregations=("area", "cadre", "period"), compute=wisn_ratio,
)

INDICATORS = [WORKERS_IN_POST, DENSITY, VACANCY_RATE, ATTRITION, CASELOAD, SUPERVISION_COVERAGE, WISN_RATIO]
