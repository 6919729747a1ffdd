"""Family support for the demo country: counselling and mediation sessions, decisions granting cash or goods,
and the payments made on them, for a share of the prevention cases (the Family Support Service's families).

Amounts follow the Moldovan practice of one-off family support: a few thousand lei at a time, firewood and
food parcels in kind, now and then a donor project paying in euros.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from careforce.cases.models import Case, CaseType, PrimarySupport, SupportDecision, SupportPayment

from .bulk import insert
from .context import Context

CHUNK = 5_000
SHARE = 0.6  # of prevention cases whose family received support
PRIMARY_KINDS = (["counselling"] * 5 + ["mediation"] * 2 + ["referral"] * 2 + ["parenting", "information"])
DECIDERS = (
    "Comisia pentru protecția copilului aflat în dificultate",
    "Direcția raională de asistență socială",
    "Primăria (decizia primarului)",
)
# (purpose, form, low, high, step) in MDL; in kind: the value of the goods.
GRANTS = [
    ("Procurarea lemnelor de foc pentru iarnă", "in_kind", 3000, 7000, 500),
    ("Pachete alimentare", "in_kind", 600, 1500, 100),
    ("Rechizite și îmbrăcăminte pentru școală", "in_kind", 800, 2500, 100),
    ("Achitarea facturilor la energie", "cash", 1000, 3000, 100),
    ("Sprijin bănesc unic pentru familie", "cash", 2000, 8000, 500),
    ("Medicamente și tratament", "cash", 500, 2500, 100),
]
IN_KIND = {
    "Procurarea lemnelor de foc pentru iarnă": "Lemne de foc",
    "Pachete alimentare": "Pachet alimentar",
    "Rechizite și îmbrăcăminte pentru școală": "Rechizite, haine",
}


def _day(rng, start: date, end: date) -> date:
    return start + timedelta(days=rng.randint(0, max(0, (end - start).days)))


def build_support(ctx: Context) -> None:
    if ctx.country is None:
        return
    rng = ctx.rng("support")
    today = timezone.localdate()
    cases = list(
        Case.objects.filter(case_type=CaseType.PREVENTION, area__path__startswith=ctx.country.path)
        .values("id", "area_id", "organisation_id", "case_manager_id", "case_manager__supervisor_id",
                "child__household_id", "opened_on", "closed_on")
        .order_by("id")
    )
    cases = [c for c in cases if rng.random() < SHARE]
    for start in ctx.bar(range(0, len(cases), CHUNK), _("Family support"), total=-(-len(cases) // CHUNK)):
        primary, decisions, planned = [], [], []
        for c in cases[start:start + CHUNK]:
            end = min(c["closed_on"] or today, today)
            if end < c["opened_on"]:
                continue
            copied = {"case_id": c["id"], "area_id": c["area_id"], "organisation_id": c["organisation_id"],
                      "household_id": c["child__household_id"]}
            for _i in range(rng.randint(1, 4)):
                on = _day(rng, c["opened_on"], end)
                primary.append({**copied, "kind": rng.choice(PRIMARY_KINDS), "on": on,
                                "duration_minutes": rng.choice([30, 45, 60, 60, 90]), "given_by": "",
                                "notes": "", "recorded_by_id": c["case_manager_id"]})
            for n in range(rng.choice([0, 1, 1, 1, 2])):
                decided_on = _day(rng, c["opened_on"], end)
                decision = {**copied, "number": f"{decided_on.year}/{c['id']}-{n + 1}", "decided_on": decided_on,
                            "decided_by": rng.choice(DECIDERS), "notes": "",
                            "recorded_by_id": c["case_manager__supervisor_id"] or c["case_manager_id"]}
                decisions.append(decision)
                grants = []
                for _p in range(rng.choice([1, 1, 2, 3])):
                    purpose, form, low, high, step = rng.choice(GRANTS)
                    currency, amount = "MDL", Decimal(rng.randrange(low, high + 1, step))
                    if rng.random() < 0.03:  # a donor project paying in euros
                        currency, amount = "EUR", Decimal(rng.randrange(100, 401, 50))
                    grants.append({**copied, "form": form, "amount": amount, "currency": currency,
                                   "paid_on": _day(rng, decided_on, min(end, decided_on + timedelta(days=60))),
                                   "purpose": purpose, "in_kind_description": IN_KIND.get(purpose, ""),
                                   "recorded_by_id": c["case_manager_id"]})
                planned.append((decision, grants))
        insert(PrimarySupport, primary)
        insert(SupportDecision, decisions)
        payments = [{**p, "decision_id": d["id"]} for d, grants in planned for p in grants]
        insert(SupportPayment, payments)
        ctx.counts["primary support sessions"] += len(primary)
        ctx.counts["support payments"] += len(payments)


def reset_support(country) -> None:
    """Support records go before the cases and people they belong to."""
    for model in (SupportPayment, SupportDecision, PrimarySupport):
        model.objects.filter(area__path__startswith=country.path).delete()
