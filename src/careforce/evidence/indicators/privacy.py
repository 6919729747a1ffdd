"""Small-cell suppression of published figures (domain.md section 4: no child can be identified).

Primary suppression hides every count of 1 to 4 children, and every rate whose numerator or denominator
is such a count. Secondary suppression then hides, wherever a hidden cell could be recovered by
subtraction from a total shown beside it, the next smallest cell of the same row (the columns of one area
add up to its total) or of the same column (the area and the areas below it, which add up to it): repeated
until no hidden cell stands alone.

Tables of nested areas are published one by one (a region's, then a district's), so they must agree: an
area whose figure the table of the area above it hides is hidden as the total of its own table too (and
the rule above then hides a second cell below it). Otherwise a figure hidden as a second cell in one table
would be printed in the next, and the small one worked out from it.

Suppression works on a copy; the table computed stays whole for those who may read it whole.
"""

from __future__ import annotations

import copy

from .base import SMALL_CELL, TOTAL, Cell, Table


def _small(n: float | None) -> bool:
    return n is not None and 0 < n < SMALL_CELL


def _hide(cell: Cell) -> Cell:
    return Cell(None, None, None, suppressed=True)


def _hidden_above(table: Table) -> set[str]:
    """The columns in which the table of the area above hides this table's area."""
    scope = table.scope
    area = scope.area
    if scope.kind != "area" or area.parent_id is None:
        return set()
    from careforce.evidence import figures  # the store reads the indicators: imported when first needed

    parent = suppress(figures.table(table.indicator, area.parent, scope.period, scope.by))
    return {key for key, _label in table.columns if parent.cell(area.pk, key).suppressed}


def suppress(table: Table) -> Table:
    if not table.indicator.counts_children:
        return table
    out = copy.copy(table)
    out.cells = dict(table.cells)
    for key in _hidden_above(table):
        cell = out.cells.get((table.scope.area.pk, key))
        if cell is not None:
            out.cells[(table.scope.area.pk, key)] = _hide(cell)
    for key, cell in out.cells.items():
        if _small(cell.numerator) or _small(cell.denominator) or (
            table.indicator.unit == "count" and _small(cell.value)
        ):
            out.cells[key] = _hide(cell)
    columns = [k for k, _label in out.columns if k != TOTAL]
    children = [a.pk for a in out.scope.children]
    groups: list[list[tuple[int, str]]] = []
    if columns:  # each area's columns add up to its total
        groups += [[(a.pk, c) for c in [*columns, TOTAL]] for a in out.areas]
    if children:  # the area and the areas below it (which add up to it), in every column
        root = out.scope.area.pk
        groups += [[(root, c), *[(a, c) for a in children]] for c in [*columns, TOTAL]]
    changed = True
    while changed:
        changed = False
        for group in groups:
            hidden = [k for k in group if k in out.cells and out.cells[k].suppressed]
            if len(hidden) != 1:
                continue
            shown = [k for k in group if k in out.cells and not out.cells[k].suppressed
                     and (out.cells[k].numerator or 0) > 0]
            if not shown:
                continue
            smallest = min(shown, key=lambda k: (out.cells[k].numerator or 0, k))
            out.cells[smallest] = _hide(out.cells[smallest])
            changed = True
    out.suppressed_any = any(c.suppressed for c in out.cells.values())
    return out
