"""Services offered by the demo country's organisations, and referrals from its cases in every state.

Proportions (a plausible picture, not a statistic): about one case in six has a referral; of those,
most services are delivered, some declined or closed, and a few still wait for an answer, some of them
past their date. One in twenty goes without consent on a supervisor's decision. Rows go in through
`bulk.insert` (COPY on PostgreSQL), so the national scale stays fast.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, time, timedelta

from django.db.models import Q
from django.utils import timezone

from careforce.cases.models import Case
from careforce.core.models import OrganisationKind, User
from careforce.referrals.grants import RECEIVING_ROLES
from careforce.referrals.models import (
    Referral,
    ReferralEvent,
    ReferralMode,
    ReferralStatus,
    Service,
    ServiceType,
    respond_by,
)

from .bulk import insert
from .context import Context

T = ServiceType
# What each kind of organisation offers: (type, name, places or None).
OFFERS: dict[str, list[tuple[str, str, int | None]]] = {
    OrganisationKind.CHILD_PROTECTION_DIRECTORATE: [
        (T.FOSTER_CARE, "Serviciul de asistență parentală profesionistă", 12),
        (T.MATERIAL, "Ajutor bănesc pentru familii", None),
        (T.COUNSELLING, "Consiliere psihologică", 25),
    ],
    OrganisationKind.MUNICIPAL_SOCIAL_ASSISTANCE: [(T.MATERIAL, "Ajutor în natură de urgență", None)],
    OrganisationKind.NGO: [
        (T.PARENTING, "Grup de abilități parentale", 15),
        (T.MEDIATION, "Mediere familială", 10),
        (T.DAY_CARE, "Centru de zi pentru copii", 30),
        (T.LEGAL_AID, "Consultanță juridică pentru familii", None),
    ],
    OrganisationKind.HEALTH_CENTRE: [(T.HEALTH, "Controale medicale pentru copii", None)],
    OrganisationKind.SCHOOL: [(T.EDUCATION, "Sprijin la învățătură", 20)],
    OrganisationKind.RESIDENTIAL_INSTITUTION: [(T.RESIDENTIAL, "Plasament temporar", 40)],
    OrganisationKind.FAMILY_TYPE_HOME: [(T.FAMILY_HOME, "Casă de copii de tip familial", 7)],
}
SHARE_REFERRED = 1 / 6
# (final status, weight)
STATES = [
    (ReferralStatus.SENT, 14),
    (ReferralStatus.ACCEPTED, 20),
    (ReferralStatus.DECLINED, 10),
    (ReferralStatus.DELIVERED, 44),
    (ReferralStatus.CLOSED, 12),
]
REASONS = [
    "Părinții au nevoie de ajutor cu comportamentul și rutina copilului.",
    "Conflictul dintre părinți îl afectează pe copil.",
    "Familia nu are venituri în această iarnă.",
    "Copilul rămâne în urmă la școală și lipsește de la ore.",
    "Copilul are nevoie de un control medical și de urmărire.",
]
FEEDBACK = ["Ședințele au avut loc conform planului; familia a participat.", "Copilul frecventează regulat.", "Sprijinul a fost acordat."]
DECLINES = ["Nu sunt locuri până în semestrul următor.", "În afara zonei deservite de noi.", "Familia nu întrunește criteriile."]


def build_referrals(ctx: Context) -> None:
    if ctx.country is None:
        return
    rng = ctx.rng("referrals")
    district_of = {loc.pk: d_pk for d_pk, locs in ctx.localities_of.items() for loc in locs}
    district_of.update({d.pk: d.pk for d in ctx.districts})

    services_rows = []
    for org in ctx.organisations:
        for service_type, name, places in OFFERS.get(org.kind, []):
            services_rows.append({
                "organisation_id": org.pk, "area_id": org.area_id, "service_type": service_type,
                "name": name, "eligibility": "Copii de 0–17 ani și familiile lor.",
                "capacity": places, "contact": org.phone or org.email or "", "active": rng.random() > 0.03,
            })
    insert(Service, services_rows)
    ctx.counts["services"] += len(services_rows)

    by_district: dict[int, list[dict]] = defaultdict(list)
    for row in services_rows:
        if row["active"]:
            by_district[district_of.get(row["area_id"], row["area_id"])].append(row)
    receivers = set(
        User.objects.filter(role__in=RECEIVING_ROLES, is_active=True, organisation__isnull=False)
        .values_list("organisation_id", flat=True)
        .distinct()
    )
    supervisors = dict(User.objects.filter(supervisor__isnull=False).values_list("pk", "supervisor_id"))

    today = timezone.localdate()
    cases = list(
        Case.objects.filter(area__path__startswith=ctx.country.path)
        .filter(Q(closed_on__isnull=True) | Q(closed_on__gte=today - timedelta(days=400)))
        .values("id", "organisation_id", "area_id", "case_manager_id", "opened_on", "closed_on")
        .order_by("id")
    )
    focus = ctx.logins.get("casemanager")
    # The fixed community assistant refers to her supervisor's directorate, so that the demo supervisor
    # finds referrals in her receiving tray.
    assistant, supervisor = ctx.logins.get("assistant"), ctx.logins.get("supervisor")
    weights = [w for _status, w in STATES]
    referrals, plans = [], []
    for case in cases:
        mine = focus is not None and case["case_manager_id"] == focus.pk
        theirs = assistant is not None and supervisor is not None and case["case_manager_id"] == assistant.pk
        if not (mine or theirs) and rng.random() > SHARE_REFERRED:
            continue
        choices = [s for s in by_district.get(district_of.get(case["area_id"]), []) if
                   s["organisation_id"] != case["organisation_id"]]
        if theirs:
            choices = [s for s in choices if s["organisation_id"] == supervisor.organisation_id] or choices
        if not choices:
            continue
        service = rng.choice(choices)
        end = case["closed_on"] or today
        span = max((end - case["opened_on"]).days, 1)
        sent_on = case["opened_on"] + timedelta(days=rng.randint(0, span))
        final = rng.choices([s for s, _weight in STATES], weights)[0]
        if case["closed_on"] and final in (ReferralStatus.SENT, ReferralStatus.ACCEPTED):
            final = ReferralStatus.DELIVERED
        urgency = rng.choices(["routine", "urgent", "emergency"], [75, 20, 5])[0]
        override = rng.random() < 0.05 and case["case_manager_id"] in supervisors
        by = case["case_manager_id"]
        consent_on = sent_on - timedelta(days=rng.randint(0, 5))
        referrals.append({
            "case_id": case["id"], "service_id": service["id"], "from_organisation_id": case["organisation_id"],
            "to_organisation_id": service["organisation_id"], "referred_by_id": by,
            "reason": rng.choice(REASONS), "urgency": urgency,
            "mode": ReferralMode.SYSTEM if service["organisation_id"] in receivers else ReferralMode.MANUAL,
            "sent_on": sent_on, "respond_by": respond_by(sent_on, urgency),
            "consent_by": "" if override else rng.choice(["parent", "parent", "caregiver", "guardian", "child"]),
            "consent_to": "" if override else "Transmiterea numelui, vârstei și nevoilor copilului către serviciu.",
            "consent_on": None if override else consent_on,
            "override_by_id": supervisors.get(by) if override else None,
            "override_reason": "Copilul era în pericol, iar părinții nu au putut fi contactați." if override else "",
            "status": final, "created_at": _at(sent_on),
        })
        plans.append((final, sent_on, by, service["organisation_id"]))

    answerer = dict(
        User.objects.filter(role__in=RECEIVING_ROLES, is_active=True).order_by("pk")
        .values_list("organisation_id", "pk")
    )
    events = []
    for row, (final, sent_on, by, to_org) in zip(referrals, plans, strict=True):
        answered = min(sent_on + timedelta(days=rng.randint(0, 12)), today)
        receiver = answerer.get(to_org) if row["mode"] == ReferralMode.SYSTEM else by
        chain = [("", ReferralStatus.SENT, by, sent_on, "")]
        if final in (ReferralStatus.ACCEPTED, ReferralStatus.DELIVERED):
            chain.append((ReferralStatus.SENT, ReferralStatus.ACCEPTED, receiver, answered, ""))
            row["answered_on"] = answered
        if final == ReferralStatus.DELIVERED:
            row["feedback"] = rng.choice(FEEDBACK)
            done = min(answered + timedelta(days=rng.randint(14, 90)), today)
            chain.append((ReferralStatus.ACCEPTED, ReferralStatus.DELIVERED, receiver, done, row["feedback"]))
        if final == ReferralStatus.DECLINED:
            row["decline_reason"] = rng.choice(DECLINES)
            row["answered_on"] = answered
            chain.append((ReferralStatus.SENT, ReferralStatus.DECLINED, receiver, answered, row["decline_reason"]))
        if final == ReferralStatus.CLOSED:
            chain.append((ReferralStatus.SENT, ReferralStatus.CLOSED, by, answered, "The family moved away."))
        row["_chain"] = chain
    chains = [row.pop("_chain") for row in referrals]
    insert(Referral, referrals)
    for row, chain in zip(referrals, chains, strict=True):
        for from_status, to_status, who, on, note in chain:
            events.append({"referral_id": row["id"], "from_status": from_status, "to_status": to_status,
                           "by_id": who, "at": _at(on), "note": note})
    insert(ReferralEvent, events)
    ctx.counts["referrals"] += len(referrals)


def _at(day) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(10, 0)))


def reset_referrals(country) -> None:
    """Referrals and services go before the organisations and cases they point at."""
    Referral.objects.filter(
        Q(to_organisation__area__path__startswith=country.path) | Q(case__area__path__startswith=country.path)
    ).delete()
    Service.objects.filter(organisation__area__path__startswith=country.path).delete()
