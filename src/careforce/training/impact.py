"""The impact of a course on practice and on children (domain.md section 3, Kirkpatrick's levels 3 and 4):
workers who completed it against workers of the same cadres who did not, before and after the training.

- Each trained worker's own training date is the last day of the first session of the course she
  completed (the rule of `completion`); the comparison group takes the trained group's median date, so both
  groups are read over the same calendar.
- "Before" is the twelve months up to the training month, "after" the twelve months after it (up to
  today). Case work is counted in calendar months for the deadlines and plans, by day for the rest.
- Measures, all from the cases the worker carries (`Case.case_manager`): standards met on time (deadlines
  that fell due, done by their date), plans sent with the child's view, the change in protective-factor
  scores between two assessments of the same case, and reintegrations sustained at twelve months.
- Groups are shown with their sizes; a group of fewer than `MIN_WORKERS` workers, or a figure resting on
  fewer than `MIN_UNITS` deadlines, plans, pairs of assessments or reintegrations, is marked too small
  to read anything into. The comparison is not an experiment: who was sent to a course was not random.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from careforce.cases.models import CaseDeadline, Plan
from careforce.cases.models.assessment import Answer, DomainKind
from careforce.core.models import User
from careforce.placements.models import Reintegration
from careforce.workforce.models import Worker

from .completion import completed_of_many
from .models import Course, Participation
from .needs import needs_workers

MIN_WORKERS = 10
MIN_UNITS = 20
WINDOW_MONTHS = 12


def _month(day: dt.date) -> dt.date:
    return day.replace(day=1)


def _add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    return day.replace(year=day.year + month // 12, month=month % 12 + 1, day=1)


@dataclass
class Cell:
    """One group's figure in one window: `hits` of `units` (a share), or a mean over `units`."""

    hits: float = 0
    units: int = 0

    @property
    def value(self) -> float | None:
        return self.hits / self.units if self.units else None

    @property
    def too_small(self) -> bool:
        return self.units < MIN_UNITS


@dataclass
class Measure:
    code: str
    label: str
    unit: str  # "%" for shares, "" for mean changes
    unit_label: str
    cells: dict[tuple[str, str], Cell] = field(default_factory=dict)  # (group, window)

    def cell(self, group: str, window: str) -> Cell:
        return self.cells.setdefault((group, window), Cell())

    def shown(self, group: str, window: str) -> float | None:
        value = self.cell(group, window).value
        if value is None:
            return None
        return value * 100 if self.unit == "%" else value

    def change(self, group: str) -> float | None:
        before, after = self.shown(group, "before"), self.shown(group, "after")
        return None if before is None or after is None else after - before

    @property
    def difference(self) -> float | None:
        """How much more the trained group changed than the comparison group (difference in differences)."""
        a, b = self.change("trained"), self.change("comparison")
        return None if a is None or b is None else a - b

    @property
    def readable(self) -> bool:
        return not any(self.cell(g, w).too_small for g in ("trained", "comparison") for w in ("before", "after"))


@dataclass
class Impact:
    course: Course
    trained: int
    comparison: int
    reference: dt.date | None
    measures: list[Measure]

    @property
    def groups_too_small(self) -> bool:
        return self.trained < MIN_WORKERS or self.comparison < MIN_WORKERS


def training_dates(course: Course, workers: QuerySet[Worker]) -> dict[int, dt.date]:
    """{user id: the last day of the first session of `course` she completed}, for workers with an account.
    Two queries, whatever the number of sessions."""
    parts = Participation.objects.filter(
        session__course=course, session__ends_on__lte=timezone.localdate(),
        worker__in=workers.values("pk"), worker__user__isnull=False,
    )
    out: dict[int, dt.date] = {}
    for ends_on, user_id in sorted(completed_of_many(parts, "worker__user")):
        out.setdefault(user_id, ends_on)
    return out


CACHE_SECONDS = 900
# Above this many participations of the course, the comparison reads so much case work (two years of
# thousands of workers' deadlines, plans and assessments: seconds at national scale) that it runs in the
# background with its progress shown, and the result is kept on the job.
BACKGROUND_ABOVE = 1000
KIND = "training.impact"


def in_background(course: Course) -> bool:
    return Participation.objects.filter(session__course=course).count() > BACKGROUND_ABOVE


def _measures() -> list[Measure]:
    return [
        Measure("on_time", _("Standards met on time"), "%", _("deadlines")),
        Measure("child_view", _("Plans with the child's view"), "%", _("plans")),
        Measure("protective", _("Change in protective-factor scores"), "", _("pairs of assessments")),
        Measure("sustained", _("Reintegrations sustained at 12 months"), "%", _("reintegrations")),
    ]


def as_result(result: Impact) -> dict:
    """What a background job keeps of the comparison (JSON)."""
    return {
        "course": result.course.pk, "trained": result.trained, "comparison": result.comparison,
        "reference": result.reference.isoformat() if result.reference else None,
        "measures": {m.code: [[g, w, c.hits, c.units] for (g, w), c in m.cells.items()] for m in result.measures},
    }


def from_result(course: Course, data: dict) -> Impact:
    measures = _measures()
    for m in measures:
        for g, w, hits, units in data["measures"].get(m.code, []):
            m.cells[(g, w)] = Cell(hits, units)
    reference = dt.date.fromisoformat(data["reference"]) if data.get("reference") else None
    return Impact(course=course, trained=data["trained"], comparison=data["comparison"], reference=reference,
                  measures=measures)


def cached(user: User, *, course: Course) -> Impact | None:
    from django.core.cache import cache

    return cache.get(_key(user, course))


def _key(user: User, course: Course) -> str:
    import hashlib

    digest = hashlib.sha256(str(needs_workers(user).values("pk").query).encode()).hexdigest()[:16]
    return f"cf-impact:{course.pk}:{course.version}:{digest}"


def impact(user: User, *, course: Course) -> Impact:
    """The course's trained and comparison groups and every measure before and after. Kept a quarter of an
    hour in the cache by course and scope: at national scale it reads two years of the case work of
    thousands of workers."""
    from django.core.cache import cache

    key = _key(user, course)
    result = cache.get(key)
    if result is None:
        result = _impact(user, course=course)
        cache.set(key, result, CACHE_SECONDS)
    return result


def _impact(user: User, *, course: Course) -> Impact:
    today = timezone.localdate()
    scope = needs_workers(user).filter(user__isnull=False)
    dates = training_dates(course, scope)
    cadres = set(scope.filter(user__in=list(dates)).values_list("cadre", flat=True))
    comparison = list(
        scope.filter(cadre__in=sorted(cadres), active=True).exclude(user__in=list(dates)).values_list("user", flat=True)
    )
    reference = statistics.median_low(sorted(dates.values())) if dates else None
    windows: dict[int, dt.date] = dict(dates)
    if reference is not None:
        windows.update({uid: reference for uid in comparison})
    group = {uid: "trained" for uid in dates} | {uid: "comparison" for uid in comparison}
    measures = _measures()
    if windows:
        _count(measures, windows, group, today)
    return Impact(course=course, trained=len(dates), comparison=len(comparison) if dates else 0,
                  reference=reference, measures=measures)


def _window(day: dt.date, month_of_training: dt.date, today: dt.date) -> str | None:
    if _add_months(month_of_training, -WINDOW_MONTHS) <= day < month_of_training:
        return "before"
    if _add_months(month_of_training, 1) <= day < _add_months(month_of_training, WINDOW_MONTHS + 1) and day <= today:
        return "after"
    return None


def _count(measures: list[Measure], windows: dict[int, dt.date], group: dict[int, str], today: dt.date) -> None:
    on_time, child_view, protective, sustained = measures
    months = {uid: _month(day) for uid, day in windows.items()}
    start = _add_months(min(months.values()), -WINDOW_MONTHS)
    end = min(_add_months(max(months.values()), WINDOW_MONTHS + 1), today + dt.timedelta(days=1))
    users = list(windows)

    # Deadlines that fell due (done, or past their date), by worker and month.
    for uid, month, due, met in (
        CaseDeadline.objects.filter(case__case_manager__in=users, due_on__gte=start, due_on__lt=end)
        .filter(Q(done_on__isnull=False) | Q(due_on__lt=today))
        .annotate(month=TruncMonth("due_on")).values("case__case_manager", "month")
        .annotate(due=Count("pk"), met=Count("pk", filter=Q(done_on__isnull=False, done_on__lte=F("due_on"))))
        .values_list("case__case_manager", "month", "due", "met")
    ):
        w = _window(_as_date(month), months[uid], today)
        if w:
            cell = on_time.cell(group[uid], w)
            cell.units += due
            cell.hits += met

    # Plans sent, with or without the child's view, by worker and month.
    for uid, month, sent, with_view in (
        Plan.objects.filter(case__case_manager__in=users, submitted_on__gte=start, submitted_on__lt=end)
        .annotate(month=TruncMonth("submitted_on")).values("case__case_manager", "month")
        .annotate(sent=Count("pk"), with_view=Count("pk", filter=~Q(child_view="")))
        .values_list("case__case_manager", "month", "sent", "with_view")
    ):
        w = _window(_as_date(month), months[uid], today)
        if w:
            cell = child_view.cell(group[uid], w)
            cell.units += sent
            cell.hits += with_view

    # Protective factors (the scored domains of the comprehensive assessment and its reviews): the change
    # from one completed assessment of a case to the next, counted in the window of the later one.
    # A pair further apart than a year is not a review of the same plan: look back one year before the window.
    by_case: dict[int, list[tuple[dt.date, int, int]]] = defaultdict(list)
    for case_id, uid, done_on, total in (
        Answer.objects.filter(
            question__domain__kind=DomainKind.PROTECTIVE, score__isnull=False,
            assessment__case__case_manager__in=users, assessment__completed_on__gte=_add_months(start, -12),
            assessment__completed_on__lt=end,
        ).order_by().values("assessment").annotate(total=Sum("score"))
        .values_list("assessment__case", "assessment__case__case_manager", "assessment__completed_on", "total")
        .order_by("assessment__case", "assessment__completed_on", "assessment")
    ):
        by_case[case_id].append((done_on, uid, total))
    for rows in by_case.values():
        for (_d0, _u0, t0), (d1, uid, t1) in zip(rows, rows[1:], strict=False):
            w = _window(d1, months[uid], today)
            if w:
                cell = protective.cell(group[uid], w)
                cell.units += 1
                cell.hits += t1 - t0

    # Reintegrations whose twelve months are over: sustained or broken down, by the month of the move.
    for uid, moved_on, broken in (
        Reintegration.objects.with_status().filter(
            case__case_manager__in=users, moved_on__gte=start, moved_on__lt=end, sustain_on__lte=today
        ).values_list("case__case_manager", "moved_on", "broken")
    ):
        w = _window(moved_on, months[uid], today)
        if w:
            cell = sustained.cell(group[uid], w)
            cell.units += 1
            cell.hits += not broken


def _as_date(value) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value
