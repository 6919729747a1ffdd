"""Figures for people: rates as percentages, missing values as a dash, numbers in the user's locale."""

from __future__ import annotations

from django import template
from django.template.defaultfilters import floatformat

register = template.Library()

MISSING = "–"


@register.filter
def percent(value: float | None, digits: int = 1) -> str:
    """0.1234 → "12.3 %"; None (a rate with nothing to divide by) → "–"."""
    if value is None or value == "":
        return MISSING
    return f"{floatformat(100 * value, digits)} %"


@register.filter
def figure(value: float | None, digits: int = 1) -> str:
    """A number rounded for display, or "–" where there is none."""
    if value is None or value == "":
        return MISSING
    return floatformat(value, digits)
