"""The values a new staffing study starts from.

These are starting points for a country to replace with its own: WISN expects each country to set its
activity standards with experienced staff (WHO, *WISN user's manual*), timing the work as it is done there.
They are plausible figures for case management in a child-protection service, not a standard anyone set.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from careforce.cases.workload import Activity

# Hours one unit of each recorded activity takes, travel and recording of that unit included.
ACTIVITY_STANDARDS: dict[str, Decimal] = {
    Activity.REGISTRATION: Decimal("1"),
    Activity.INITIAL_ASSESSMENT: Decimal("3"),
    Activity.COMPREHENSIVE_ASSESSMENT: Decimal("8"),
    Activity.PLAN: Decimal("3"),
    Activity.HOME_VISIT: Decimal("2.5"),
    Activity.OTHER_CONTACT: Decimal("0.75"),
    Activity.REVIEW: Decimal("2"),
    Activity.CLOSURE: Decimal("1.5"),
}

# Support work the whole cadre does, in percent of working time.
CATEGORY_ALLOWANCES = [(_("Recording and reports"), Decimal("15")), (_("Team meetings"), Decimal("5"))]

# Work only some do, in hours per year for each area's team.
INDIVIDUAL_ALLOWANCES = [(_("Supervising colleagues"), Decimal("200"))]

# A working year in the region: 5 days a week, 8 hours a day.
WORKING_TIME = {
    "working_days": Decimal("260"),
    "public_holidays": Decimal("12"),
    "annual_leave_days": Decimal("28"),
    "sick_leave_days": Decimal("7"),
    "other_leave_days": Decimal("3"),
    "hours_per_day": Decimal("8"),
}
