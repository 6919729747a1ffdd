"""Sections that higher apps add to a lower app's page, which may not import them (the case page gets
referrals, care settings and family support; the child's page gets care settings).

A page owns one `Sections` registry; each higher app registers a section from its AppConfig.ready():

    from careforce.cases.sections import register_section

    register_section("referrals/_case_section.html", referrals_context, order=50)

The context function takes (request, obj) and returns a dict for the template, or None to leave the
section out (e.g. the user's role may not see it). It must be cheap: a few queries, never one per row.
The page renders the sections in `order` after its own panels; each template gets the object under the
registry's name (`case`, `person`), the request's context (user, csrf…) and the returned dict.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

SectionContext = Callable[..., dict | None]


@dataclass(frozen=True)
class Section:
    template: str
    context: SectionContext
    order: int = 100


class Sections:
    def __init__(self, name: str) -> None:
        self.name = name  # the object's name in the section templates
        self.sections: list[Section] = []

    def register(self, template: str, context: SectionContext, order: int = 100) -> Section:
        section = Section(template, context, order)
        # Registered once per process, even if ready() runs twice (tests may reload apps).
        if not any(s.template == template for s in self.sections):
            self.sections.append(section)
            self.sections.sort(key=lambda s: s.order)
        return section

    def render(self, request, obj) -> list[str]:
        """The HTML of each section with something to show, in order."""
        from django.template.loader import render_to_string

        out = []
        for section in self.sections:
            extra = section.context(request, obj)
            if extra is None:
                continue
            out.append(render_to_string(section.template, {self.name: obj, **extra}, request=request))
        return out
