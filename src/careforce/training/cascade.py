"""The training-of-trainers cascade (domain.md section 3): a ToT session, the sessions its trainers went on
to deliver, theirs in turn, and whom they reached.

Definitions (one place, used by the page, the API and bench/training.py):
- a node is a session; its children are the sessions that cascade from it;
- professionals reached = distinct workers who took part in any session of the tree (the trainers trained
  at the top included); per level, the distinct participants of that level's sessions;
- children reached = distinct children in the open cases carried by those professionals today;
- a trainer trained in a ToT node who delivered no session cascading from it is a branch that stopped
  ("trickle"); a ToT node none of whose trainees delivered anything is drawn as stopped;
- a trainer is active if she delivered a session of the tree that ended in the last six months.

Queries: the tree (1, via cascade_root), trainers (1), participants (1), open cases (1): four whatever
its size.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone

from careforce.cases.models.case import OPEN_STATUSES, Case

from .models import Participation, TrainingSession

ACTIVE_DAYS = 183  # six months


@dataclass
class Node:
    session: TrainingSession
    depth: int
    trainers: list = field(default_factory=list)  # Worker rows
    participant_ids: set[int] = field(default_factory=set)
    children: list[Node] = field(default_factory=list)
    stopped_trainees: list = field(default_factory=list)  # Worker rows trained here who delivered nothing
    children_reached: int = 0  # distinct children of this session's participants

    @property
    def id(self) -> int:
        return self.session.pk

    @property
    def trains_trainers(self) -> bool:
        return self.session.course.trains_trainers

    @property
    def stopped(self) -> bool:
        return self.trains_trainers and not self.children


@dataclass
class Level:
    depth: int
    sessions: int
    professionals: int
    children: int


@dataclass
class Cascade:
    root: Node
    nodes: list[Node]
    levels: list[Level]
    professionals_reached: int
    children_reached: int
    trainers_trained: int
    trainers_delivering: int
    trainers_active: int
    stopped_trainees: list  # (worker, node) pairs


def cascade_of(session: TrainingSession, *, today: dt.date | None = None) -> Cascade:
    today = today or timezone.localdate()
    top = session.cascade_root_id or session.pk
    sessions = {
        s.pk: s
        for s in TrainingSession.objects.filter(Q(pk=top) | Q(cascade_root=top) | Q(pk=session.pk))
        .select_related("course")
        .prefetch_related("trainers")
    }
    kids: dict[int, list[int]] = defaultdict(list)
    for s in sessions.values():
        if s.cascades_from_id in sessions:
            kids[s.cascades_from_id].append(s.pk)

    # Walk down from the session asked for; a row seen twice (bad data) is not followed again.
    nodes: list[Node] = []
    seen: set[int] = set()

    def build(pk: int, depth: int) -> Node:
        seen.add(pk)
        s = sessions[pk]
        node = Node(session=s, depth=depth, trainers=sorted(s.trainers.all(), key=lambda w: (w.family_name, w.pk)))
        nodes.append(node)
        for child in sorted(kids[pk], key=lambda c: (sessions[c].starts_on, c)):
            if child not in seen:
                node.children.append(build(child, depth + 1))
        return node

    root = build(session.pk, 0)
    ids = [n.id for n in nodes]
    by_session: dict[int, set[int]] = defaultdict(set)
    workers = {}
    for p in Participation.objects.filter(session__in=ids).select_related("worker"):
        by_session[p.session_id].add(p.worker_id)
        workers[p.worker_id] = p.worker
    for n in nodes:
        n.participant_ids = by_session[n.id]
    everyone = set(workers)

    children_of: dict[int, set[int]] = defaultdict(set)
    for worker_id, child_id in (
        Case.objects.filter(status__in=OPEN_STATUSES, case_manager__worker__in=everyone)
        .values_list("case_manager__worker", "child")
        .distinct()
    ):
        children_of[worker_id].add(child_id)

    for n in nodes:
        n.children_reached = len(set().union(*[children_of[w] for w in n.participant_ids]))

    # Trainers: who delivered what, and when last.
    delivered: dict[int, set[int]] = defaultdict(set)  # worker → sessions she trained
    last: dict[int, dt.date] = {}
    for n in nodes:
        for w in n.trainers:
            delivered[w.pk].add(n.id)
            last[w.pk] = max(last.get(w.pk, n.session.ends_on), n.session.ends_on)
    trained: set[int] = set()
    stopped: list = []
    for n in nodes:
        if not n.trains_trainers:
            continue
        child_trainers = {w.pk for c in n.children for w in c.trainers}
        trained |= n.participant_ids
        n.stopped_trainees = sorted(
            (workers[w] for w in n.participant_ids - child_trainers), key=lambda w: (w.family_name, w.pk)
        )
        stopped.extend((w, n) for w in n.stopped_trainees)
    since = today - dt.timedelta(days=ACTIVE_DAYS)

    levels = []
    for depth in sorted({n.depth for n in nodes}):
        at = [n for n in nodes if n.depth == depth]
        people = set().union(*[n.participant_ids for n in at])
        levels.append(
            Level(depth, len(at), len(people), len(set().union(*[children_of[w] for w in people])))
        )
    return Cascade(
        root=root,
        nodes=nodes,
        levels=levels,
        professionals_reached=len(everyone),
        children_reached=len(set().union(*children_of.values())) if children_of else 0,
        trainers_trained=len(trained),
        trainers_delivering=len(trained & set(delivered)),
        trainers_active=len({w for w in delivered if since <= last[w] <= today}),
        stopped_trainees=stopped,
    )


def as_json(c: Cascade) -> dict:
    def node(n: Node) -> dict:
        return {
            "id": n.id,
            "course": n.session.course.title,
            "starts_on": n.session.starts_on.isoformat(),
            "ends_on": n.session.ends_on.isoformat(),
            "trains_trainers": n.trains_trainers,
            "trainers": [{"id": w.pk, "name": str(w)} for w in n.trainers],
            "participants": len(n.participant_ids),
            "children_reached": n.children_reached,
            "stopped": n.stopped,
            "stopped_trainees": len(n.stopped_trainees),
            "children": [node(k) for k in n.children],
        }

    return {
        "root": node(c.root),
        "professionals_reached": c.professionals_reached,
        "children_reached": c.children_reached,
        "trainers_trained": c.trainers_trained,
        "trainers_delivering": c.trainers_delivering,
        "trainers_active": c.trainers_active,
        "levels": [
            {"depth": lv.depth, "sessions": lv.sessions, "professionals": lv.professionals, "children": lv.children}
            for lv in c.levels
        ],
    }
