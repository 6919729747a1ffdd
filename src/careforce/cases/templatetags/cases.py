from __future__ import annotations

import time
from datetime import date

from django import template
from django.utils import timezone

from ..models import StandardStep

register = template.Library()


@register.filter
def days_from_today(value: date | None) -> int | None:
    if value is None:
        return None
    return (value - timezone.localdate()).days


@register.filter
def absolute(value: int) -> int:
    return abs(value)


@register.filter
def step_label(code: str) -> str:
    """The standard step's name in the user's language (steps are few: cached per process)."""
    labels = _labels()
    step = labels.get(code)
    return step.label if step else code


_cache: dict[str, StandardStep] = {}
_loaded_at = [0.0]
TTL_SECONDS = 60  # an administrator's renaming of a step shows within a minute


def _labels() -> dict[str, StandardStep]:
    now = time.monotonic()
    if not _cache or now - _loaded_at[0] > TTL_SECONDS:
        _cache.clear()
        _cache.update({s.code: s for s in StandardStep.objects.all()})
        _loaded_at[0] = now
    return _cache
