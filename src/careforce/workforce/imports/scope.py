"""The organisations and areas an importer may name, loaded once into dicts (no query per row).

The national administrator names any; a regional manager those within her region. A name outside the scope
gets the same answer as a name that does not exist, so a row never reveals what lies outside it.
"""

from __future__ import annotations

from collections import defaultdict

from django.utils.translation import gettext as _

from careforce.core.models import Area, Organisation, User

from ..services import REGISTRY_EDITORS, editable_areas, editable_organisations
from .cells import CellError, text
from .columns import norm
from .reading import Cell

# The same people who keep the registry by hand, with the same scope.
IMPORT_ROLES = REGISTRY_EDITORS


def may_import(user: User) -> bool:
    return bool(user and user.is_authenticated and user.is_active and user.role in IMPORT_ROLES)


def scoped_organisations(user: User):
    return editable_organisations(user)


def scoped_areas(user: User):
    return editable_areas(user)


def _number(value: Cell) -> int | None:
    raw = text(value).lstrip("#")
    return int(raw) if raw.isdigit() else None


class Scope:
    def __init__(self, user: User) -> None:
        self.organisations: dict[int, Organisation] = {}
        self._org_names: dict[str, list[Organisation]] = defaultdict(list)
        for org in scoped_organisations(user).only("pk", "name", "area_id").order_by("pk"):
            self.organisations[org.pk] = org
            self._org_names[norm(org.name)].append(org)
        self.areas: dict[int, Area] = {}
        self._area_codes: dict[str, Area] = {}
        self._area_names: dict[str, list[Area]] = defaultdict(list)
        for area in scoped_areas(user).only("pk", "code", "name", "name_ru", "path").order_by("path"):
            self.areas[area.pk] = area
            self._area_codes[norm(area.code)] = area
            self._area_names[norm(area.name)].append(area)
            if area.name_ru:
                self._area_names[norm(area.name_ru)].append(area)

    def organisation(self, value: Cell) -> Organisation:
        number = _number(value)
        if number is not None and number in self.organisations:
            return self.organisations[number]
        found = self._org_names.get(norm(text(value)), [])
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            raise CellError(
                _(
                    "Several organisations in your scope are called “%(value)s”: write the number of the one "
                    "you mean (%(numbers)s)."
                )
                % {"value": text(value), "numbers": ", ".join(str(o.pk) for o in found)}
            )
        raise CellError(_("“%(value)s”: organisation not found in your scope.") % {"value": text(value)})

    def area(self, value: Cell) -> Area:
        key = norm(text(value))
        if key in self._area_codes:
            return self._area_codes[key]
        found = self._area_names.get(key, [])
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            raise CellError(
                _(
                    "Several areas in your scope are called “%(value)s”: write the code of the one you mean "
                    "(%(codes)s)."
                )
                % {"value": text(value), "codes": ", ".join(a.code for a in found[:10])}
            )
        raise CellError(_("“%(value)s”: area not found in your scope.") % {"value": text(value)})
