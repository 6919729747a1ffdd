"""Standards compliance, computable per worker, team and area for later reports."""

from __future__ import annotations

from datetime import date

from careforce.cases import selectors
from careforce.cases.models import Case
from tests.cases.conftest import complete_assessments


def test_compliance_counts_on_time_late_and_overdue(cast, open_case, make_child):
    on_time = open_case(risk="medium", opened_on=date(2026, 1, 5))  # initial due 8 Jan
    complete_assessments(cast.case_manager, on_time, date(2026, 1, 7), date(2026, 1, 30))
    late = open_case(risk="medium", opened_on=date(2026, 1, 5), child=make_child(given="Ana"))
    complete_assessments(cast.case_manager, late, date(2026, 1, 20), date(2026, 2, 10))
    open_case(
        risk="medium", opened_on=date(2026, 1, 5), child=make_child(given="Vlad")
    )  # nothing done: overdue

    total = selectors.compliance(Case.objects.all(), until=date(2026, 6, 1))
    # Deadlines fallen due by 1 June: case 1: initial, comprehensive (on time), plan (overdue);
    # case 2: initial (late), comprehensive (due 19 Feb, done 10 Feb: on time), plan (overdue);
    # case 3: initial (overdue).
    assert (total["due"], total["on_time"], total["late"], total["overdue"]) == (7, 3, 1, 3)
    assert total["rate"] == 3 / 7

    by_worker = selectors.compliance(Case.objects.all(), until=date(2026, 6, 1), by="case__case_manager")
    assert [(r["case__case_manager"], r["due"]) for r in by_worker] == [(cast.case_manager.pk, 7)]


def test_compliance_of_nothing_is_no_rate(cast):
    assert selectors.compliance(Case.objects.none())["rate"] is None
