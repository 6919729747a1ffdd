"""Sections that apps above people add to a person's page (care settings, referrals…).

People may not import those apps, so each registers a section here from its AppConfig.ready(), as on the
case page (cases/sections.py):

    from careforce.people.sections import register_section

    register_section("placements/_person_section.html", person_context, order=40)

The context function takes (request, person) and returns a dict for the template, or None to leave the
section out. It must be cheap: a few queries, never one per row.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

SectionContext = Callable[..., dict | None]


@dataclass(frozen=True)
class PersonSection:
    template: str
    context: SectionContext
    order: int = 100


PERSON_SECTIONS: list[PersonSection] = []


def register_section(template: str, context: SectionContext, order: int = 100) -> PersonSection:
    section = PersonSection(template, context, order)
    if not any(s.template == template for s in PERSON_SECTIONS):
        PERSON_SECTIONS.append(section)
        PERSON_SECTIONS.sort(key=lambda s: s.order)
    return section


def render_sections(request, person) -> list[str]:
    """The HTML of each section with something to show, in order."""
    from django.template.loader import render_to_string

    out = []
    for section in PERSON_SECTIONS:
        extra = section.context(request, person)
        if extra is None:
            continue
        out.append(render_to_string(section.template, {"person": person, **extra}, request=request))
    return out
