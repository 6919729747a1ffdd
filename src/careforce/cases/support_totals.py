"""Totals of the Family Support Service over a period: per family (household), organisation and area.

Amounts are summed per currency, never across currencies (lei are not added to euros). Each table is one
grouped query; cancelled records count in no total. Figures come from the household, organisation and
locality copied on each payment when it was made.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, OuterRef, QuerySet, Sum

from careforce.core.models import Area, AreaLevel, Organisation, User
from careforce.core.roles import Role

from .models import Case, PrimarySupport, SupportPayment

# Supervisors read their organisation, regional managers their region, the national administrator and the
# analyst the country (aggregates only: analysts get no per-family table).
TOTALS_ROLES = frozenset({Role.SUPERVISOR, Role.REGIONAL_MANAGER, Role.NATIONAL_ADMIN, Role.ANALYST})
FAMILY_ROLES = TOTALS_ROLES - {Role.ANALYST}


@dataclass
class Row:
    key: object  # an Area, an Organisation or a household id
    label: str
    amounts: dict[str, Decimal] = field(default_factory=dict)  # currency → total
    payments: int = 0
    households: int = 0
    sessions: int = 0  # primary support given


@dataclass
class Totals:
    area: Area
    organisation: Organisation | None
    start: date
    end: date
    overall: Row
    by_area: list[Row]
    by_organisation: list[Row]
    currencies: list[str]


CENT = Decimal("0.01")


def _money(value) -> Decimal:
    # SQLite sums decimals as floats: bring each total back to cents.
    return Decimal(str(value or 0)).quantize(CENT)


def totals_scope(user: User) -> tuple[Area, Organisation | None]:
    """The root area and (for a supervisor) the organisation the user may read totals of; 403 for others."""
    if not user.is_authenticated or user.role not in TOTALS_ROLES:
        raise PermissionDenied
    if user.role == Role.REGIONAL_MANAGER:
        if user.scope_area is None:
            raise PermissionDenied
        return user.scope_area, None
    country = Area.objects.filter(level=AreaLevel.COUNTRY).order_by("pk").first()
    if country is None:
        raise PermissionDenied
    if user.role == Role.SUPERVISOR:
        return country, user.organisation
    return country, None


def _payments(area: Area, organisation: Organisation | None, start: date, end: date) -> QuerySet:
    qs = SupportPayment.objects.filter(
        cancelled_at__isnull=True, paid_on__gte=start, paid_on__lte=end, area__path__startswith=area.path
    )
    return qs.filter(organisation=organisation) if organisation is not None else qs


def _sessions(area: Area, organisation: Organisation | None, start: date, end: date) -> QuerySet:
    qs = PrimarySupport.objects.filter(
        cancelled_at__isnull=True, on__gte=start, on__lte=end, area__path__startswith=area.path
    )
    return qs.filter(organisation=organisation) if organisation is not None else qs


def _branch(path: str, root: Area) -> str:
    """The path of the child of `root` that `path` lies under (or root's own path)."""
    if path == root.path:
        return path
    cut = path.find("/", len(root.path))
    return path[: cut + 1] if cut >= 0 else path


def compute(*, area: Area, organisation: Organisation | None, start: date, end: date) -> Totals:
    """Seven queries whatever the size of the country."""
    payments = _payments(area, organisation, start, end)
    sessions = _sessions(area, organisation, start, end)

    overall = Row(area, area.display_name)
    for r in payments.values("currency").annotate(total=Sum("amount"), n=Count("pk")).order_by("currency"):
        overall.amounts[r["currency"]] = _money(r["total"])
        overall.payments += r["n"]
    counts = payments.aggregate(households=Count("household", distinct=True))
    overall.households = counts["households"]
    overall.sessions = sessions.count()

    # By area: sums by locality (path), folded onto the children of the chosen area.
    children = {a.path: a for a in Area.objects.filter(parent=area)}
    rows: dict[str, Row] = {p: Row(a, a.display_name) for p, a in children.items()}
    own = Row(area, area.display_name)
    by_path = (
        payments.values("area__path", "currency").annotate(total=Sum("amount"), n=Count("pk"))
        .order_by("area__path", "currency")
    )
    for r in by_path:
        branch = _branch(r["area__path"], area)
        row = rows.get(branch, own)
        row.amounts[r["currency"]] = row.amounts.get(r["currency"], Decimal(0)) + _money(r["total"])
        row.payments += r["n"]
    for r in sessions.values("area__path").annotate(n=Count("pk")).order_by("area__path"):
        rows.get(_branch(r["area__path"], area), own).sessions += r["n"]
    by_area = sorted(rows.values(), key=lambda x: x.label)
    if own.payments or own.sessions:
        by_area.insert(0, own)

    by_org: dict[int, Row] = {}
    for r in (
        payments.values("organisation", "organisation__name", "currency")
        .annotate(total=Sum("amount"), n=Count("pk"), h=Count("household", distinct=True))
        .order_by("organisation__name", "organisation", "currency")
    ):
        row = by_org.setdefault(r["organisation"], Row(r["organisation"], r["organisation__name"]))
        row.amounts[r["currency"]] = _money(r["total"])
        row.payments += r["n"]
        row.households = max(row.households, r["h"])
    currencies = sorted(overall.amounts)
    return Totals(area, organisation, start, end, overall, by_area, list(by_org.values()), currencies)


def household_totals(*, area: Area, organisation: Organisation | None, start: date, end: date) -> list[Row]:
    """Per family: one grouped query, the most supported families first (paginate the list)."""
    payments = _payments(area, organisation, start, end).filter(household__isnull=False)
    rows: dict[int, Row] = {}
    for r in (
        payments.values("household", "household__area__name", "currency")
        .annotate(total=Sum("amount"), n=Count("pk"))
        .order_by("household", "currency")
    ):
        row = rows.setdefault(r["household"], Row(r["household"], r["household__area__name"]))
        row.amounts[r["currency"]] = _money(r["total"])
        row.payments += r["n"]
    return sorted(rows.values(), key=lambda x: (-x.payments, x.key))


def household_ranking(*, area: Area, organisation: Organisation | None, start: date, end: date) -> QuerySet:
    """The families supported, most payments first, one row per family ({"household", "n"}): a grouped
    query to paginate in the database (a country has tens of thousands of families); `household_rows`
    then reads the amounts of one page."""
    return (
        _payments(area, organisation, start, end).filter(household__isnull=False)
        .values("household").annotate(n=Count("pk")).order_by("-n", "household")
    )


def household_rows(ranked: Iterable[dict], *, area: Area, organisation: Organisation | None, start: date,
                   end: date) -> list[Row]:
    """The totals of the families of one page of `household_ranking`, in its order: one query."""
    keys = [r["household"] for r in ranked]
    rows = {k: Row(k, "") for k in keys}
    for r in (
        _payments(area, organisation, start, end).filter(household__in=keys)
        .values("household", "household__area__name", "currency")
        .annotate(total=Sum("amount"), n=Count("pk"))
        .order_by("household", "currency")
    ):
        row = rows[r["household"]]
        row.label = r["household__area__name"]
        row.amounts[r["currency"]] = _money(r["total"])
        row.payments += r["n"]
    return [rows[k] for k in keys]


def case_totals(case: Case) -> dict[str, Decimal]:
    """This case's payments per currency, cancelled ones left out: one query."""
    out: dict[str, Decimal] = {}
    for r in (
        SupportPayment.objects.filter(case=case, cancelled_at__isnull=True)
        .values("currency").annotate(total=Sum("amount")).order_by("currency")
    ):
        out[r["currency"]] = _money(r["total"])
    return out


def areas_for(root: Area) -> QuerySet:
    """Areas offered in the filter: the user's subtree down to districts."""
    return Area.objects.filter(path__startswith=root.path, level__lte=max(root.level, AreaLevel.DISTRICT))


def organisations_for(root: Area, organisation: Organisation | None) -> QuerySet:
    """Organisations offered in the filter: those of the area that recorded support. The schools, health
    centres and police of a country never do, and one <select> of every organisation (thousands at national
    scale) cost most of the page's time."""
    if organisation is not None:
        return Organisation.objects.filter(pk=organisation.pk)
    recorded = Exists(SupportPayment.objects.filter(organisation=OuterRef("pk"))) | Exists(
        PrimarySupport.objects.filter(organisation=OuterRef("pk"))
    )
    return Organisation.objects.filter(recorded, area__path__startswith=root.path).order_by("name")
