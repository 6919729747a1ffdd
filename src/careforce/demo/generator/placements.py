"""Care settings for the demo country: every child with a case gets a history of where she lived.

Most children live in their biological family; some spent years in a residential institution or a
family-type home; about one in eight institutionalised children was reintegrated into a family, and of those
about 4 in 5 stayed (sustained) while the rest returned to residential care (broken down).
"""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from careforce.cases.models import Case
from careforce.core.models import Organisation, OrganisationKind
from careforce.placements.models import (
    SUSTAINED_AFTER_MONTHS,
    CareSetting,
    InstitutionCapacity,
    MonitoringStep,
    MonitoringVisit,
    Reintegration,
    add_months,
)

from .bulk import insert
from .context import Context

CHUNK = 5_000


def build_placements(ctx: Context) -> None:
    if ctx.country is None:
        return
    rng = ctx.rng("placements")
    today = timezone.localdate()
    homes = list(Organisation.objects.filter(
        kind__in=[OrganisationKind.RESIDENTIAL_INSTITUTION, OrganisationKind.FAMILY_TYPE_HOME],
        area__path__startswith=ctx.country.path,
    ).values_list("pk", "kind"))
    insert(InstitutionCapacity, [
        {"organisation_id": pk, "places": rng.choice([30, 40, 50, 60, 80]) if kind == "residential" else rng.randint(5, 10),
         "updated": today}
        for pk, kind in homes
    ])
    institutions = [pk for pk, kind in homes if kind == "residential"] or [pk for pk, _k in homes]
    steps = list(MonitoringStep.objects.values_list("pk", "months"))
    rows = list(
        Case.objects.filter(area__path__startswith=ctx.country.path)
        .values("child_id", "case_manager_id", "opened_on", "child__birth_date", "case_type")
        .order_by("child_id", "opened_on").distinct()
    )
    seen: set[int] = set()
    children = [r for r in rows if not (r["child_id"] in seen or seen.add(r["child_id"]))]
    for start in ctx.bar(range(0, len(children), CHUNK), _("Care settings"), total=-(-len(children) // CHUNK)):
        settings_rows, plans = [], []
        for c in children[start:start + CHUNK]:
            born, by = c["child__birth_date"], c["case_manager_id"]
            base = {"child_id": c["child_id"], "recorded_by_id": by}
            family = {**base, "kind": "family", "start": born, "carer": "Părinții", "reason": ""}
            roll = rng.random()
            if (today - born).days < 400:  # a baby stays with her parents in this demo: no history to draw
                settings_rows.append(family)
                continue
            if not institutions or roll < 0.75 or c["case_type"] == "prevention":
                if roll < 0.1:  # relatives took over when the parents left to work abroad
                    moved = min(born + timedelta(days=rng.randint(365, max(366, (today - born).days - 30))), today)
                    settings_rows += [{**family, "end": moved - timedelta(days=1)},
                                      {**base, "kind": "kinship", "start": moved, "carer": "Bunica",
                                       "reason": "Părinții plecați peste hotare", "decision": "Autoritatea tutelară"}]
                else:
                    settings_rows.append(family)
                continue
            placed = min(born + timedelta(days=rng.randint(365, max(366, (today - born).days - 400))),
                         today - timedelta(days=30))
            inst = {**base, "kind": "residential", "start": placed, "institution_id": rng.choice(institutions),
                    "planned_end": add_months(placed, rng.choice([12, 24, 36])),
                    "reason": "Neglijare în familie", "decision": "Comisia pentru protecția copilului"}
            settings_rows.append({**family, "end": placed - timedelta(days=1)})
            if rng.random() < 0.5 and (today - placed).days > 200:
                moved = placed + timedelta(days=rng.randint(150, (today - placed).days - 30))
                left = {**inst, "end": moved - timedelta(days=1)}
                settings_rows.append(left)
                back = None
                if rng.random() < 0.2 and (today - moved).days > 90:  # broken down
                    back = moved + timedelta(days=rng.randint(60, min(330, (today - moved).days - 10)))
                home = {**base, "kind": "family", "start": moved, "carer": "Mama",
                        "reason": "Reintegrare în familie", "end": back - timedelta(days=1) if back else None}
                settings_rows.append(home)
                if back:
                    settings_rows.append({**inst, "start": back, "planned_end": add_months(back, 12),
                                          "reason": "Reintegrarea nu a reușit"})
                plans.append((left, home, moved, by))
            else:
                settings_rows.append(inst)
        insert(CareSetting, settings_rows)
        reintegrations = []
        for inst, home, moved, by in plans:
            reintegrations.append({
                "child_id": inst["child_id"], "from_setting_id": inst["id"], "family_setting_id": home["id"],
                "readiness_on": moved - timedelta(days=90), "preparation_on": moved - timedelta(days=30),
                "moved_on": moved, "sustain_on": add_months(moved, SUSTAINED_AFTER_MONTHS), "recorded_by_id": by,
            })
        insert(Reintegration, reintegrations)
        visits = []
        for r in reintegrations:
            for step_pk, months in steps:
                due = add_months(r["moved_on"], months)
                if due < today - timedelta(days=10) and rng.random() < 0.85:
                    visits.append({"reintegration_id": r["id"], "step_id": step_pk, "recorded_by_id": r["recorded_by_id"],
                                   "visited_on": due + timedelta(days=rng.randint(0, 10)), "notes": "",
                                   "child_in_family": True})
        insert(MonitoringVisit, visits)
        ctx.counts["care settings"] += len(settings_rows)
        ctx.counts["reintegrations"] += len(reintegrations)


def reset_placements(country) -> None:
    """Placements go before the people and organisations they point at."""
    in_country = Q(child__area__path__startswith=country.path) | Q(child__area__isnull=True)
    MonitoringVisit.objects.filter(reintegration__child__area__path__startswith=country.path).delete()
    Reintegration.objects.filter(in_country).delete()
    CareSetting.objects.filter(in_country).delete()
    InstitutionCapacity.objects.filter(organisation__area__path__startswith=country.path).delete()


__all__ = ["build_placements", "reset_placements"]
