"""Reads: the catalogue, the receiving tray, the outgoing list, a case's referrals. All scoped."""

from __future__ import annotations

from django.db.models import Case as When_
from django.db.models import Exists, IntegerField, OuterRef, Q, QuerySet, Value, When
from django.utils import timezone

from careforce.cases.models import Action, Case
from careforce.cases.services import can_work_on_page
from careforce.core.models import Area
from careforce.core.roles import Role

from .grants import RECEIVING_ROLES, receiving_q, referring_q
from .models import Referral, ReferralStatus, Service

# Roles that read referrals at all; trainers and analysts see no child's record.
REFERRAL_ROLES = frozenset(Role) - {Role.TRAINER, Role.ANALYST}
INCOMING_ROLES = RECEIVING_ROLES | {Role.REGIONAL_MANAGER, Role.NATIONAL_ADMIN}
OUTGOING_ROLES = INCOMING_ROLES


def catalogue(*, area: Area | None = None, service_type: str = "", q: str = "", active_only: bool = True):
    qs = Service.objects.select_related("organisation", "area")
    if active_only:
        qs = qs.filter(active=True)
    if area is not None:
        # A service serves an area's subtree; one offered for a whole district serves its villages too.
        qs = qs.filter(_area_q(area))
    if service_type:
        qs = qs.filter(service_type=service_type)
    if q:
        qs = qs.filter(name__icontains=q)
    return qs.order_by("name", "pk")


def _area_q(area: Area) -> Q:
    # Services within the area, and those offered for an area that contains it (a district's
    # service serves its villages too).
    return Q(area__path__startswith=area.path) | Q(area__in=[a.pk for a in area.ancestors()])


def _ordered(qs: QuerySet) -> QuerySet:
    """Overdue first (no answer past the deadline), then the open ones by deadline, then the rest."""
    today = timezone.localdate()
    return qs.annotate(
        rank=When_(
            When(status=ReferralStatus.SENT, respond_by__lt=today, then=Value(0)),
            When(status__in=[ReferralStatus.SENT, ReferralStatus.ACCEPTED], then=Value(1)),
            default=Value(2),
            output_field=IntegerField(),
        )
    ).order_by("rank", "respond_by", "-pk")


def _with_rows(qs: QuerySet) -> QuerySet:
    return qs.select_related(
        "case__child", "service", "from_organisation", "to_organisation__area", "referred_by"
    )


def overdue_q() -> Q:
    """Sent, and no answer by the date the urgency gave the receiving organisation."""
    return Q(status=ReferralStatus.SENT, respond_by__lt=timezone.localdate())


def _filtered(qs: QuerySet, *, status: str, overdue: bool | None) -> QuerySet:
    if status:
        qs = qs.filter(status=status)
    if overdue is not None:
        qs = qs.filter(overdue_q()) if overdue else qs.exclude(overdue_q())
    return qs


def incoming(user, *, status: str = "", overdue: bool | None = None) -> QuerySet:
    """Referrals sent to the user's organisation (or, for a regional manager, to her region's)."""
    qs = Referral.objects.visible_to(user)
    if user.role != Role.NATIONAL_ADMIN:
        qs = qs.filter(receiving_q(user))
    return _ordered(_with_rows(_filtered(qs, status=status, overdue=overdue)))


def outgoing(user, *, status: str = "", overdue: bool | None = None) -> QuerySet:
    """Referrals from the cases the user sees."""
    qs = Referral.objects.visible_to(user)
    if user.role != Role.NATIONAL_ADMIN:
        qs = qs.filter(referring_q(user))
    return _ordered(_with_rows(_filtered(qs, status=status, overdue=overdue)))


def with_case_seen(user, qs: QuerySet) -> QuerySet:
    """Each referral marked `sees_case`: whether the user sees its case through the case's own door. The
    receiving side sees the referral only, never the case (grants.py), as the referral's page decides it."""
    return qs.annotate(sees_case=Exists(Case.objects.visible_to(user).filter(pk=OuterRef("case_id"))))


def overdue_outgoing_count(user) -> int:
    return outgoing(user).filter(overdue_q()).count()


def waiting_incoming_count(user) -> int:
    if user.role not in INCOMING_ROLES or user.role == Role.NATIONAL_ADMIN:
        return 0
    return Referral.objects.filter(receiving_q(user), status=ReferralStatus.SENT).count()


def case_section(request, case) -> dict | None:
    """The "Referrals" section of the case page (cases/sections.py)."""
    user = request.user
    if user.role not in REFERRAL_ROLES:
        return None
    referrals = list(
        case.referrals.select_related("service", "to_organisation").order_by("-sent_on", "-pk")[:50]
    )
    may_refer = case.is_open and user.role != Role.VOLUNTEER and can_work_on_page(request, case)
    # Plan actions another institution is responsible for, not done and not referred yet: each can become
    # a referral in one click (one query).
    to_refer = []
    if may_refer:
        to_refer = list(
            Action.objects.filter(goal__plan__case=case, done_on__isnull=True, responsible_organisation__isnull=False,
                                  referrals__isnull=True)
            .exclude(responsible_organisation=case.organisation_id)
            .select_related("responsible_organisation")
            .order_by("due_on", "pk")[:20]
        )
    return {"referrals": referrals, "may_refer": may_refer, "to_refer": to_refer}
