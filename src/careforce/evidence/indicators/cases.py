"""Case-management indicators (domain.md sections 1 and 4): open cases by risk, cases opened, standards
met on time, plans with the child's view."""

from __future__ import annotations

from django.db.models import Count, F, Q
from django.utils.translation import gettext_lazy as _

from careforce.cases.models import Case, CaseDeadline, Plan, RiskLevel

from .base import NARROWABLE, TOTAL, Indicator, Scope, Table, choice_columns, count_table, ratio_table
from .care import _by_child

# A case's own dimensions: its risk level, and the kind of organisation that holds it.
BY_CASE = {"risk": "risk_level", "organisation_type": "organisation__kind"}


def _open_on_end(scope: Scope):
    end = scope.period.end
    return Case.objects.filter(scope.case_q(), area__path__startswith=scope.path, opened_on__lte=end).filter(
        Q(closed_on__isnull=True) | Q(closed_on__gt=end)
    ).order_by()


def open_cases(scope: Scope) -> Table:
    rows, cols = _by_child(scope, _open_on_end(scope), "area", "child", BY_CASE, count="pk")
    if scope.by == "risk":
        cols = choice_columns(RiskLevel.choices)
    return count_table(OPEN_CASES, scope, rows, cols)


def cases_opened(scope: Scope) -> Table:
    p = scope.period
    qs = Case.objects.filter(scope.case_q(), area__path__startswith=scope.path,
                             opened_on__range=(p.start, p.end)).order_by()
    rows, cols = _by_child(scope, qs, "area", "child", BY_CASE, count="pk")
    if scope.by == "risk":
        cols = choice_columns(RiskLevel.choices)
    return count_table(CASES_OPENED, scope, rows, cols)


def standards_on_time(scope: Scope) -> Table:
    """The standards clock (cases.selectors.compliance): deadlines that fell due in the period, done or past
    their date by its end, and the share done by their date."""
    p = scope.period
    qs = CaseDeadline.objects.filter(
        scope.case_q("case__"), case__area__path__startswith=scope.path, due_on__range=(p.start, p.end)
    ).filter(
        Q(done_on__isnull=False) | Q(due_on__lt=p.end)
    ).order_by()
    rows = list(qs.values_list("case__area").annotate(  # one pass over a year's deadlines: a million nationally
        due=Count("pk"), met=Count("pk", filter=Q(done_on__lte=F("due_on")))))
    return ratio_table(STANDARDS_ON_TIME, scope, [(a, TOTAL, met) for a, _due, met in rows],
                       [(a, TOTAL, due) for a, due, _met in rows])


def plans_with_child_view(scope: Scope) -> Table:
    p = scope.period
    qs = Plan.objects.filter(
        scope.case_q("case__"), case__area__path__startswith=scope.path, submitted_on__range=(p.start, p.end)
    ).order_by()
    rows = list(qs.values_list("case__area").annotate(sent=Count("pk"), heard=Count("pk", filter=~Q(child_view=""))))
    return ratio_table(PLANS_WITH_CHILD_VIEW, scope, [(a, TOTAL, heard) for a, _sent, heard in rows],
                       [(a, TOTAL, sent) for a, sent, _heard in rows])


OPEN_CASES = Indicator(
    code="open_cases", topic="cases", unit="count", counts_children=True,
    name=_("Open cases"),
    description=_("Cases open on the period's last day (a case is one child's)."),
    formula=_("Cases opened on or before the period's last day and not closed by then."),
    disaggregations=("area", "risk", "sex", "age_group", "organisation_type", "period"), compute=open_cases, scopes=NARROWABLE,
)
CASES_OPENED = Indicator(
    code="cases_opened", topic="cases", unit="count", counts_children=True,
    name=_("Cases opened"),
    description=_("Cases opened in the period, by the risk found at screening."),
    formula=_("Cases whose opening date falls in the period."),
    disaggregations=("area", "risk", "sex", "age_group", "organisation_type", "period"),
    compute=cases_opened, scopes=NARROWABLE,
)
STANDARDS_ON_TIME = Indicator(
    code="standards_met_on_time", topic="cases", unit="percent",
    name=_("Standards met on time"),
    description=_("Of the steps of the minimum standards that fell due in the period, the share done by their "
                  "deadline."),
    formula=_("Deadlines done by their date ÷ deadlines due in the period (done, or past their date) × 100."),
    disaggregations=("area", "period"), compute=standards_on_time, scopes=NARROWABLE,
)
PLANS_WITH_CHILD_VIEW = Indicator(
    code="plans_with_child_view", topic="cases", unit="percent",
    name=_("Plans with the child's view"),
    description=_("Of the case plans sent for approval in the period, the share recording the child's view."),
    formula=_("Plans sent with the child's view ÷ plans sent × 100."),
    disaggregations=("area", "period"), compute=plans_with_child_view, scopes=NARROWABLE,
)

INDICATORS = [OPEN_CASES, CASES_OPENED, STANDARDS_ON_TIME, PLANS_WITH_CHILD_VIEW]
