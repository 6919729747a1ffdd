"""Sections that apps above people add to a child's page (care settings…): see core/sections.py.
`register_section(template, context(request, person), order)` from an AppConfig.ready()."""

from __future__ import annotations

from careforce.core.sections import Sections

PERSON_SECTIONS = Sections("person")
register_section = PERSON_SECTIONS.register
render_sections = PERSON_SECTIONS.render
