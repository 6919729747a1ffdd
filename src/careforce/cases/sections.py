"""Sections that apps above cases add to the case page (referrals, placements, family support…).

Cases may not import those apps, so each registers a section here from its AppConfig.ready():

    from careforce.cases.sections import register_section

    register_section("referrals/_case_section.html", referrals_context, order=50)

The context function takes (request, case) and returns a dict for the template, or None to leave the
section out (e.g. the user's role may not see it). It must be cheap: a few queries, never one per row.
case_detail renders the sections in `order` after its own panels; each template gets `case`, the
request's context (user, csrf…) and the returned dict.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

SectionContext = Callable[..., dict | None]


@dataclass(frozen=True)
class CaseSection:
    template: str
    context: SectionContext
    order: int = 100


CASE_SECTIONS: list[CaseSection] = []


def register_section(template: str, context: SectionContext, order: int = 100) -> CaseSection:
    section = CaseSection(template, context, order)
    # Registered once per process, even if ready() runs twice (tests may reload apps).
    if not any(s.template == template for s in CASE_SECTIONS):
        CASE_SECTIONS.append(section)
        CASE_SECTIONS.sort(key=lambda s: s.order)
    return section


def render_sections(request, case) -> list[str]:
    """The HTML of each section with something to show, in order."""
    from django.template.loader import render_to_string

    out = []
    for section in CASE_SECTIONS:
        extra = section.context(request, case)
        if extra is None:
            continue
        out.append(render_to_string(section.template, {"case": case, **extra}, request=request))
    return out
