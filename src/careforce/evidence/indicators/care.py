"""Care-reform indicators (domain.md sections 1 and 4): where children live, who enters and leaves
residential care, reintegrations and how many last, separations prevented."""

from __future__ import annotations

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from careforce.people.models import Sex
from careforce.placements.models import RESIDENTIAL_KINDS, CareSetting, Reintegration, SettingKind
from careforce.placements.selectors import at_home_at_closure

from .base import (
    NARROWABLE,
    TOTAL,
    Indicator,
    Scope,
    Table,
    age_columns,
    age_group_of,
    choice_columns,
    count_table,
    ratio_table,
)

CHILD_DIMENSIONS = ("area", "sex", "age_group", "period")


def _by_child(scope: Scope, qs, area: str, child: str, extra: dict[str, str] | None = None, count: str | None = None):
    """(area id, column, count) rows of `qs`, by the dimension the scope asks for. `child`: the path to the
    child; `area`: to the area counted in; `extra`: other dimension → field; `count`: what is counted
    (distinct children by default; "pk" counts the rows, e.g. cases, so that a child with two cases at two
    risk levels counts the same in the total and in the columns)."""
    by = scope.by
    counted = count or child
    fields = {"sex": f"{child}__sex", **(extra or {})}
    if by == "age_group":
        rows = qs.values_list(area, f"{child}__birth_date").annotate(n=Count(counted, distinct=True))
        on = scope.period.end
        return [(a, age_group_of(b, on), n) for a, b, n in rows], age_columns()
    if by in fields:
        rows = qs.values_list(area, fields[by]).annotate(n=Count(counted, distinct=True))
        from careforce.core.models import OrganisationKind

        choices = {"sex": Sex.choices, "setting": SettingKind.choices,
                   "organisation_type": OrganisationKind.choices}.get(by, [])
        return [(a, str(k), n) for a, k, n in rows], choice_columns(choices)
    rows = qs.values_list(area).annotate(n=Count(counted, distinct=True))
    return [(a, TOTAL, n) for a, n in rows], None


def _settings_on_end(scope: Scope):
    end = scope.period.end
    return CareSetting.objects.filter(child__area__path__startswith=scope.path, start__lte=end).filter(
        Q(end__isnull=True) | Q(end__gte=end)
    ).order_by()


def children_by_setting(scope: Scope) -> Table:
    rows, cols = _by_child(scope, _settings_on_end(scope), "child__area", "child", {"setting": "kind"})
    return count_table(CHILDREN_BY_SETTING, scope, rows, cols)


def children_in_residential_care(scope: Scope) -> Table:
    qs = _settings_on_end(scope).filter(kind__in=RESIDENTIAL_KINDS)
    rows, cols = _by_child(scope, qs, "child__area", "child")
    return count_table(CHILDREN_IN_RESIDENTIAL_CARE, scope, rows, cols)


def _residential(scope: Scope, field: str):
    p = scope.period
    return CareSetting.objects.filter(
        child__area__path__startswith=scope.path, kind__in=RESIDENTIAL_KINDS, **{f"{field}__range": (p.start, p.end)}
    ).order_by()


def residential_entries(scope: Scope) -> Table:
    rows, cols = _by_child(scope, _residential(scope, "start"), "child__area", "child")
    return count_table(RESIDENTIAL_ENTRIES, scope, rows, cols)


def residential_exits(scope: Scope) -> Table:
    rows, cols = _by_child(scope, _residential(scope, "end"), "child__area", "child")
    return count_table(RESIDENTIAL_EXITS, scope, rows, cols)


def reintegrations(scope: Scope) -> Table:
    p = scope.period
    qs = Reintegration.objects.filter(child__area__path__startswith=scope.path, moved_on__range=(p.start, p.end))
    rows, cols = _by_child(scope, qs.order_by(), "child__area", "child")
    return count_table(REINTEGRATIONS, scope, rows, cols)


def reintegrations_sustained(scope: Scope) -> Table:
    """Of the reintegrations whose twelve months ended in the period, the share still in family care."""
    p = scope.period
    qs = Reintegration.objects.with_status().filter(
        child__area__path__startswith=scope.path, sustain_on__range=(p.start, p.end), moved_on__isnull=False
    ).order_by()
    all_rows, cols = _by_child(scope, qs, "child__area", "child")
    kept, _cols = _by_child(scope, qs.filter(broken=False), "child__area", "child")
    return ratio_table(REINTEGRATIONS_SUSTAINED, scope, kept, all_rows, cols)


def separations_prevented(scope: Scope) -> Table:
    from careforce.cases.models import Case, CaseStatus, CaseType

    p = scope.period
    qs = at_home_at_closure(Case.objects.filter(
        scope.case_q(), case_type=CaseType.PREVENTION, status=CaseStatus.CLOSED, closed_on__range=(p.start, p.end),
        area__path__startswith=scope.path,
    )).order_by()
    rows, cols = _by_child(scope, qs, "area", "child", count="pk")
    return count_table(SEPARATIONS_PREVENTED, scope, rows, cols)


CHILDREN_BY_SETTING = Indicator(
    code="children_by_care_setting", topic="care", unit="count", counts_children=True,
    name=_("Children by care setting"),
    description=_("Children whose recorded care setting covers the last day of the period, by setting."),
    formula=_("Children with a care setting running on the period's last day."),
    disaggregations=("area", "setting", "sex", "age_group", "period"),
    compute=children_by_setting,
)
CHILDREN_IN_RESIDENTIAL_CARE = Indicator(
    code="children_in_residential_care", topic="care", unit="count", counts_children=True,
    name=_("Children in residential care"),
    description=_("Children living in a residential institution or a small group home on the period's last day."),
    formula=_("Children whose setting on the period's last day is residential or a small group home."),
    disaggregations=CHILD_DIMENSIONS, compute=children_in_residential_care,
)
RESIDENTIAL_ENTRIES = Indicator(
    code="residential_entries", topic="care", unit="count", counts_children=True,
    name=_("Entries into residential care"),
    description=_("Children who began a stay in residential care in the period."),
    formula=_("Children with a residential setting starting in the period."),
    disaggregations=CHILD_DIMENSIONS, compute=residential_entries,
)
RESIDENTIAL_EXITS = Indicator(
    code="residential_exits", topic="care", unit="count", counts_children=True,
    name=_("Exits from residential care"),
    description=_("Children whose stay in residential care ended in the period."),
    formula=_("Children with a residential setting ending in the period."),
    disaggregations=CHILD_DIMENSIONS, compute=residential_exits,
)
REINTEGRATIONS = Indicator(
    code="reintegrations", topic="care", unit="count", counts_children=True,
    name=_("Reintegrations"),
    description=_("Children who moved from residential care to a family in the period."),
    formula=_("Reintegrations whose move took place in the period."),
    disaggregations=CHILD_DIMENSIONS, compute=reintegrations,
)
REINTEGRATIONS_SUSTAINED = Indicator(
    code="reintegrations_sustained", topic="care", unit="percent", counts_children=True,
    name=_("Reintegrations sustained"),
    description=_("Of the reintegrations whose twelve months after the move ended in the period, the share "
                  "with the child still in family care."),
    formula=_("Sustained ÷ (sustained + broken down) × 100, by the end of the twelve months."),
    disaggregations=CHILD_DIMENSIONS, compute=reintegrations_sustained,
)
SEPARATIONS_PREVENTED = Indicator(
    code="separations_prevented", topic="care", unit="count", counts_children=True,
    name=_("Separations prevented"),
    description=_("Prevention cases closed in the period with the child still at home."),
    formula=_("Prevention cases closed in the period whose child lived with her family or kin on closure."),
    disaggregations=CHILD_DIMENSIONS, compute=separations_prevented, scopes=NARROWABLE,
)

INDICATORS = [
    CHILDREN_BY_SETTING, CHILDREN_IN_RESIDENTIAL_CARE, RESIDENTIAL_ENTRIES, RESIDENTIAL_EXITS, REINTEGRATIONS,
    REINTEGRATIONS_SUSTAINED, SEPARATIONS_PREVENTED,
]
