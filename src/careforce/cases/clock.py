"""The standards clock: every step's deadline for a case, from the standards (data) and the case's events.

- The clock of a step starts at its anchor event and runs the step's days for the case's *current* risk
  level: when the risk changes, every open deadline is recomputed.
- Medium- and low-risk deadlines of a working-day step skip weekends and public holidays; high-risk
  deadlines always count calendar days, because an urgent case does not wait for Monday ("24 hours").
- A repeating step (visits, reviews) is due again its days after each time it is done.
- A reopened case starts its clocks again from the day it was reopened.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from .models import Case, CaseDeadline, CaseEvent, EventKind, PublicHoliday, RiskLevel, StandardStep
from .models.case import CaseStatus

MAX_OCCURRENCES = 240  # twenty years of monthly visits: a guard, never reached in practice


@dataclass(frozen=True)
class Deadline:
    step: StandardStep
    occurrence: int
    due_on: date
    done_on: date | None

    def status(self, today: date) -> str:
        if self.done_on is not None:
            return "on_time" if self.done_on <= self.due_on else "late"
        if self.due_on < today:
            return "overdue"
        if self.due_on <= today + timedelta(days=3):
            return "due_soon"
        return "due"


def add_days(start: date, days: int, *, working: bool, holidays: frozenset[date] = frozenset()) -> date:
    if not working:
        return start + timedelta(days=days)
    current, left = start, days
    while left > 0:
        current += timedelta(days=1)
        if current.weekday() < 5 and current not in holidays:
            left -= 1
    return current


def _epoch(case: Case, events: list[CaseEvent]) -> tuple[date, list[CaseEvent]]:
    reopened = [e for e in events if e.kind == EventKind.REOPENED]
    if not reopened:
        return case.opened_on, events
    last = reopened[-1]
    return last.on, [e for e in events if (e.on, e.at) >= (last.on, last.at)]


def compute(
    case: Case, events: Iterable[CaseEvent], steps: Iterable[StandardStep], holidays: frozenset[date]
) -> list[Deadline]:
    start, events = _epoch(case, sorted(events, key=lambda e: (e.on, e.at)))
    first: dict[str, date] = {EventKind.OPENED: start}
    dates_of: dict[str, list[date]] = {}
    for e in events:
        first.setdefault(e.kind, e.on)
        dates_of.setdefault(e.kind, []).append(e.on)
    closed_on = case.closed_on if case.status == CaseStatus.CLOSED else None
    out: list[Deadline] = []
    for step in steps:
        anchor = first.get(step.anchor)
        if anchor is None:
            continue  # its clock has not started
        days = step.days_for(case.risk_level)
        working = step.working_days and case.risk_level != RiskLevel.HIGH
        done_dates = sorted(d for d in dates_of.get(step.done_by, []) if d >= anchor)
        if not step.repeats:
            due = add_days(anchor, days, working=working, holidays=holidays)
            out.append(Deadline(step, 1, due, done_dates[0] if done_dates else None))
            continue
        previous, n = anchor, 0
        for n in range(1, MAX_OCCURRENCES + 1):
            due = add_days(previous, days, working=working, holidays=holidays)
            done = next((d for d in done_dates if d > previous or (n == 1 and d >= previous)), None)
            if done is None:
                if closed_on is None or due <= closed_on:
                    out.append(Deadline(step, n, due, None))
                break
            out.append(Deadline(step, n, due, done))
            previous = done
    return out


def holidays() -> frozenset[date]:
    return frozenset(PublicHoliday.objects.values_list("date", flat=True))


def active_steps() -> list[StandardStep]:
    return list(StandardStep.objects.filter(active=True).order_by("order", "pk"))


@transaction.atomic
def refresh(
    case: Case, *, steps: list[StandardStep] | None = None, days_off: frozenset[date] | None = None
) -> None:
    """Recompute the case's deadlines and its next due step (called by every service that changes it)."""
    steps = active_steps() if steps is None else steps
    days_off = holidays() if days_off is None else days_off
    deadlines = compute(case, case.events.all(), steps, days_off)
    CaseDeadline.objects.filter(case=case).delete()
    CaseDeadline.objects.bulk_create(
        CaseDeadline(case=case, step=d.step, occurrence=d.occurrence, due_on=d.due_on, done_on=d.done_on)
        for d in deadlines
    )
    pending = sorted((d for d in deadlines if d.done_on is None), key=lambda d: d.due_on)
    if case.status == CaseStatus.CLOSED or not pending:
        case.next_due_on, case.next_due_step = None, ""
    else:
        case.next_due_on, case.next_due_step = pending[0].due_on, pending[0].step.code
    Case.objects.filter(pk=case.pk).update(next_due_on=case.next_due_on, next_due_step=case.next_due_step)


def missing_for_closure(case: Case) -> list[StandardStep]:
    """Steps the standards require before closure that this case has not done."""
    done = set(case.deadlines.filter(done_on__isnull=False).values_list("step_id", flat=True))
    return [s for s in active_steps() if s.required_before_closure and s.pk not in done]


def today() -> date:
    return timezone.localdate()
