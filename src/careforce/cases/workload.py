"""The case work recorded in Careforce, counted per area: the annual workload a WISN staffing study uses.

WHO's WISN method (domain.md section 2) needs, for each case activity, how many times it was done in a
year. Careforce does not ask anyone to estimate it: every activity leaves an event on the case's timeline
(cases.models.CaseEvent), written by the service that records it, so the workload is counted from those
events. One activity is one kind of event:

- registration and screening: the case was opened (EventKind.OPENED);
- initial and comprehensive assessment: the assessment was completed;
- plan: the plan was submitted for approval (PLAN_SUBMITTED). Writing the plan is the case worker's work;
  the approval is her supervisor's, so PLAN_APPROVED would count nothing for the case workers. A plan
  returned and submitted again counts twice: rework is work;
- home visit and other contact: every recorded contact writes HOME_VISIT for a home visit and CONTACT for
  any other kind (cases.services.work.contact_record), so the events count every visit;
- review: a review assessment completed;
- closure: closure requested (CLOSURE_REQUESTED), the case worker's closing work; CLOSED is the
  supervisor's approval, as for plans.

An event counts for a cadre when its actor's role (copied onto the event when it is written) is that
cadre's (a case manager's events for the case manager cadre...). Cadres without a Careforce role that records case work (psychologists, social
workers, supervisors, para-professionals) have no recorded volume: a study of them enters its volumes by
hand. An event counts in the area where the child lived when it happened (the case's locality, copied onto
the event), whoever did it: the counts read the events alone, with no join to cases or users.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date

from django.db import models
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from careforce.core.models import Area
from careforce.core.roles import Role
from careforce.workforce.models import Cadre

from .models import CaseEvent, EventKind


class Activity(models.TextChoices):
    REGISTRATION = "registration", _("Registration and screening")
    INITIAL_ASSESSMENT = "initial_assessment", _("Initial assessment")
    COMPREHENSIVE_ASSESSMENT = "comprehensive_assessment", _("Comprehensive assessment")
    PLAN = "plan", _("Case plan")
    HOME_VISIT = "home_visit", _("Home visit")
    OTHER_CONTACT = "other_contact", _("Other contact")
    REVIEW = "review", _("Review")
    CLOSURE = "closure", _("Closure")


EVENT_OF_ACTIVITY: dict[str, str] = {
    Activity.REGISTRATION: EventKind.OPENED,
    Activity.INITIAL_ASSESSMENT: EventKind.INITIAL_ASSESSMENT,
    Activity.COMPREHENSIVE_ASSESSMENT: EventKind.COMPREHENSIVE_ASSESSMENT,
    Activity.PLAN: EventKind.PLAN_SUBMITTED,
    Activity.HOME_VISIT: EventKind.HOME_VISIT,
    Activity.OTHER_CONTACT: EventKind.CONTACT,
    Activity.REVIEW: EventKind.REVIEW,
    Activity.CLOSURE: EventKind.CLOSURE_REQUESTED,
}
ACTIVITY_OF_EVENT = {kind: activity for activity, kind in EVENT_OF_ACTIVITY.items()}

# The role whose recorded events are a cadre's work. Supervisors are left out on purpose: their own
# events are approvals of other people's plans and closures, which no activity above describes.
ROLE_OF_CADRE: dict[str, str] = {
    Cadre.CASE_MANAGER: Role.CASE_MANAGER,
    Cadre.COMMUNITY_ASSISTANT: Role.COMMUNITY_ASSISTANT,
    Cadre.VOLUNTEER: Role.VOLUNTEER,
}


def records_activity(cadre: str) -> bool:
    """Does Careforce record case work done by this cadre?"""
    return cadre in ROLE_OF_CADRE


def year_span(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year, 12, 31)


def child_areas(area: Area) -> list[Area]:
    """The areas one level below `area`, by name: the rows of a study of `area`."""
    return list(Area.objects.filter(parent=area).order_by("name", "pk"))


def fold_key(path: str, area: Area, child_by_path: dict[str, int]) -> int | None:
    """The child of `area` whose subtree holds the area of `path` (`area`'s own pk for `area` itself)."""
    rest = path[len(area.path) :]
    if not rest:
        return area.pk
    return child_by_path.get(area.path + rest.split("/", 1)[0] + "/")


def recorded_activity(
    *, area: Area, start: date, end: date, cadre: str, children: Sequence[Area] | None = None
) -> dict[int, dict[str, int]]:
    """Activities done by the cadre's workers from `start` to `end` (both included), per child area.

    Keys are the pks of the children of `area` (or `children`, when the caller has them already), and
    `area`'s own pk for cases located at `area` itself (a study of a locality). Areas with no activity
    are absent; so are activities never done. One grouped query (two without `children`), however many
    areas: the counts are grouped by the case's area path and folded into the children here.
    """
    role = ROLE_OF_CADRE.get(cadre)
    if role is None:
        return {}
    if children is None:
        children = child_areas(area)
    child_by_path = {child.path: child.pk for child in children}
    rows = (
        CaseEvent.objects.filter(
            on__gte=start,
            on__lte=end,
            kind__in=list(ACTIVITY_OF_EVENT),
            actor_role=role,
            area__path__startswith=area.path,
        )
        .values_list("area__path", "kind")
        .annotate(n=Count("*"))  # COUNT(*): the index alone answers, no row is read
        .order_by()
    )
    out: dict[int, dict[str, int]] = defaultdict(dict)
    for path, kind, n in rows:
        key = fold_key(path, area, child_by_path)
        if key is None:  # an area added under `area` since `children` was read: not a row of the study
            continue
        activity = ACTIVITY_OF_EVENT[kind]
        out[key][activity] = out[key].get(activity, 0) + n
    return dict(out)


def recorded_activity_everywhere(
    *, area: Area, start: date, end: date, cadres: Sequence[str]
) -> dict[str, dict[int, dict[str, int]]]:
    """`recorded_activity` for every area of `area`'s subtree at once (each area counting its whole
    subtree), for several cadres: {cadre: {area pk: {activity: count}}}.

    One grouped query by the actor's role and the case's area, added up the tree in Python: what a
    national planner needs to see staffing pressure at every level (the benchmark's "every area × cadre").
    """
    cadre_of_role = {ROLE_OF_CADRE[c]: c for c in cadres if c in ROLE_OF_CADRE}
    out: dict[str, dict[int, dict[str, int]]] = {c: {} for c in cadres}
    if not cadre_of_role:
        return out
    parents = dict(Area.objects.filter(path__startswith=area.path).values_list("pk", "parent_id"))
    rows = (
        CaseEvent.objects.filter(on__gte=start, on__lte=end, kind__in=list(ACTIVITY_OF_EVENT),
                                 actor_role__in=list(cadre_of_role))
        # The whole country needs no filter by area (and the index alone answers); a part of it does.
        .filter(Q() if area.parent_id is None else Q(area__path__startswith=area.path))
        .values_list("actor_role", "area_id", "kind")
        .annotate(n=Count("*"))  # COUNT(*): the index alone answers, no row is read
        .order_by()
    )
    for role, area_id, kind, n in rows:
        by_area = out[cadre_of_role[role]]
        activity = ACTIVITY_OF_EVENT[kind]
        cursor = area_id
        while cursor is not None and cursor in parents:
            counts = by_area.setdefault(cursor, {})
            counts[activity] = counts.get(activity, 0) + n
            cursor = parents[cursor] if cursor != area.pk else None
    return out
