"""The care-setting sections on the person page and the case page (registered in apps.py)."""

from __future__ import annotations

from . import services
from .models import RESIDENTIAL_KINDS, CareSetting, Reintegration


def person_context(request, person) -> dict | None:
    """The child's timeline of care settings, the current one first. Three queries."""
    history = list(
        CareSetting.objects.visible_to(request.user).filter(child=person)
        .select_related("institution").order_by("-start", "-pk")[:50]
    )
    if not history and not person.is_child:
        return None
    current = next((s for s in history if s.end is None), None)
    reintegrations = list(
        Reintegration.objects.visible_to(request.user).with_status().filter(child=person).order_by("-pk")[:5]
    )
    can_write = services.may_write(request.user) and person.merged_into_id is None
    can_start = bool(
        can_write and current and current.kind in RESIDENTIAL_KINDS
        and not any(r.from_setting_id == current.pk for r in reintegrations)
    )
    return {"history": history, "current": current, "reintegrations": reintegrations,
            "can_write": can_write, "can_start_reintegration": can_start}


def case_context(request, case) -> dict | None:
    # Whoever sees the case sees its child (cases/grants.py): the case page needs no second access check.
    current = (
        CareSetting.objects.filter(child_id=case.child_id, end__isnull=True)
        .select_related("institution").first()
    )
    return {"current": current, "can_write": services.may_write(request.user)}
