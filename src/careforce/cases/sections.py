"""Sections that apps above cases add to the case page (referrals, care settings, family support…): see
core/sections.py. `register_section(template, context(request, case), order)` from an AppConfig.ready()."""

from __future__ import annotations

from careforce.core.sections import Sections

CASE_SECTIONS = Sections("case")
register_section = CASE_SECTIONS.register
render_sections = CASE_SECTIONS.render
