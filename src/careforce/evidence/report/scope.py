"""Who may read the State of the Social Service Workforce report of an area, for which years, in which
language, and whether it is built in the background."""

from __future__ import annotations

import datetime as dt

from django.db.models import Min
from django.http import Http404
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from careforce.core import access
from careforce.core.models import Area, AreaLevel, AreaPopulation, User

KIND = "evidence.report"  # the background job's kind
MIN_YEAR = 2000
MAX_ID = 2**63 - 1  # the largest key either database stores: a bigger one is not sent to it
YEARS_OFFERED = 15

# The country's report always runs in the background: it is the largest and the one printed most, and the
# demo country's already takes several seconds, most of them drawing the PDF. Below the country the work
# grows with the records of the subtree, which follow its areas: a district, or a region of the national
# seed (3 or 4 districts of 34 to 63 localities: about 100 to 250 areas), builds in the request; only an
# area whose subtree holds more areas than this goes to the background as well.
BACKGROUND_ABOVE_AREAS = 400


def in_scope(user: User, area: Area) -> bool:
    return access.may_read_aggregates_of(user, area)


def report_years(today: dt.date | None = None) -> list[int]:
    """The years a report may be built for, latest first: from the first year with population figures
    (density needs them; at most YEARS_OFFERED years back) to this year (figures to today)."""
    this = (today or timezone.localdate()).year
    first = AreaPopulation.objects.aggregate(first=Min("year"))["first"] or this
    first = min(this, max(first, MIN_YEAR, this - YEARS_OFFERED + 1))
    return list(range(this, first - 1, -1))


def default_year(today: dt.date | None = None) -> int:
    # From July on, this year's figures (to today) hold half a year of work; before, last year's full year.
    today = today or timezone.localdate()
    year = today.year if today.month >= 7 else today.year - 1
    years = report_years(today)
    return year if year in years else years[0]


def year_problem(year: int, today: dt.date | None = None) -> str | None:
    """Why no report can be built for `year`, or None if one can."""
    years = report_years(today)
    if year in years:
        return None
    return _("There is no report for %(year)s: choose a year from %(first)s to %(last)s.") % {
        "year": year, "first": years[-1], "last": years[0]}


def area_in_scope(user: User, area_id: int) -> Area:
    """The area asked for, if the user reads its aggregates; otherwise 404, whether or not it exists."""
    area = Area.objects.filter(pk=area_id).first() if 0 < area_id <= MAX_ID else None
    if area is None or not in_scope(user, area):
        raise Http404
    return area


def in_background(area: Area) -> bool:
    if area.level == AreaLevel.COUNTRY:
        return True
    return area.subtree().count() > BACKGROUND_ABOVE_AREAS


def report_language(user: User) -> str:
    """The user's own language, else the request's (an API call with a token has no page language of its
    own: the account's choice still applies)."""
    return getattr(user, "language", "") or translation.get_language() or "en"
