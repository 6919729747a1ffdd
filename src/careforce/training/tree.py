"""The cascade as a picture: a server-rendered SVG tree (no JavaScript), each box a session.

Leaves take the next free column; a parent sits centred over its children. Boxes of a training of trainers
whose trainees delivered nothing are drawn dashed ("stopped").
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .cascade import Cascade, Node

BOX_W, BOX_H, GAP_X, GAP_Y, PAD = 168, 62, 14, 44, 8


def _fit(text: str, room: int = 24) -> str:
    return text if len(text) <= room else text[: room - 1].rstrip() + "…"


def _layout(node: Node, depth: int, next_col: list[float], pos: dict[int, tuple[float, float]]) -> float:
    if not node.children:
        x = next_col[0]
        next_col[0] += 1
    else:
        xs = [_layout(c, depth + 1, next_col, pos) for c in node.children]
        x = (xs[0] + xs[-1]) / 2
    pos[node.id] = (x, depth)
    return x


def cascade_svg(cascade: Cascade) -> SafeString:
    pos: dict[int, tuple[float, float]] = {}
    cols = [0.0]
    _layout(cascade.root, 0, cols, pos)
    depth = max(d for _x, d in pos.values())
    width = PAD * 2 + cols[0] * (BOX_W + GAP_X) - GAP_X
    height = PAD * 2 + (depth + 1) * (BOX_H + GAP_Y) - GAP_Y

    def xy(n: Node) -> tuple[float, float]:
        col, d = pos[n.id]
        return PAD + col * (BOX_W + GAP_X), PAD + d * (BOX_H + GAP_Y)

    title = _("Training cascade")
    desc = _("%(sessions)d sessions; %(people)d professionals reached; %(children)d children in their caseloads.")
    desc = desc % {
        "sessions": len(cascade.nodes), "people": cascade.professionals_reached, "children": cascade.children_reached,
    }
    parts = [
        f'<svg class="cascade-tree" role="img" aria-labelledby="cascade-title cascade-desc" '
        f'viewBox="0 0 {width:.0f} {height:.0f}" width="{width:.0f}" height="{height:.0f}" '
        f'xmlns="http://www.w3.org/2000/svg"><title id="cascade-title">{escape(title)}</title>'
        f'<desc id="cascade-desc">{escape(desc)}</desc>'
    ]
    for n in cascade.nodes:
        x, y = xy(n)
        for c in n.children:
            cx, cy = xy(c)
            mid = y + BOX_H + GAP_Y / 2
            parts.append(
                f'<path class="tree-edge" d="M{x + BOX_W / 2:.0f} {y + BOX_H:.0f} V{mid:.0f} '
                f'H{cx + BOX_W / 2:.0f} V{cy:.0f}"/>'
            )
    for n in cascade.nodes:
        x, y = xy(n)
        kind = "tree-stopped" if n.stopped else ("tree-tot" if n.trains_trainers else "tree-session")
        trainers = ", ".join(w.family_name for w in n.trainers) or "–"
        people = ngettext("%(n)d participant", "%(n)d participants", len(n.participant_ids)) % {
            "n": len(n.participant_ids)
        }
        third = _("stopped") if n.stopped else (
            ngettext("%(n)d child reached", "%(n)d children reached", n.children_reached) % {"n": n.children_reached}
        )
        first = f"{date_format(n.session.starts_on, 'SHORT_DATE_FORMAT')} · {trainers}"
        label = f"{n.session.course.title} · {date_format(n.session.starts_on)} · {trainers} · {people}"
        parts.append(
            f'<a href="{reverse("training:session-detail", args=[n.id])}"><g class="tree-node {kind}"><title>{escape(label)}</title>'
            f'<rect x="{x:.0f}" y="{y:.0f}" width="{BOX_W}" height="{BOX_H}" rx="6"/>'
            f'<text x="{x + 8:.0f}" y="{y + 17:.0f}" class="tree-strong">{escape(_fit(first))}</text>'
            f'<text x="{x + 8:.0f}" y="{y + 35:.0f}">{escape(_fit(people))}</text>'
            f'<text x="{x + 8:.0f}" y="{y + 52:.0f}" class="tree-muted">{escape(_fit(third))}</text></g></a>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))
