"""Writing a checked file: all rows or none, in one transaction, each record with its audit entry.

The rows were checked (full_clean) before; inside the transaction what may have changed since is checked
again with one query each (a worker registered meanwhile, a post filled meanwhile), and any conflict writes
nothing. The records are written in bulk: 5,000 rows must not take 20,000 round trips.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db import transaction
from django.utils.translation import ngettext

from careforce.core.audit import audit_log, diff, object_type_of
from careforce.core.models import AuditAction, AuditEntry, User

from ..models import Assignment, Post, Worker
from ..services import POST_FIELDS, WORKER_FIELDS, snapshot
from .checking import Checked, Problem, WorkerItem, already_registered, post_taken
from .columns import norm

BATCH = 500


class ImportConflict(Exception):
    """The registry changed since the file was checked: nothing was written."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} conflicts")
        self.problems = problems


def _entry(actor: User | None, obj, changes: dict[str, Any]) -> AuditEntry:
    # The same entry audit_log writes for one record, built here to be inserted in bulk.
    return AuditEntry(
        actor=actor,
        actor_username=actor.get_username() if actor else "",
        action=AuditAction.CREATE,
        object_type=object_type_of(obj),
        object_id=str(obj.pk),
        summary=str(obj)[:300],
        changes=changes,
    )


def _recheck_workers(checked: Checked, items: list[WorkerItem]) -> None:
    org_ids = {item.worker.organisation_id for item in items}
    existing = {
        (norm(g), norm(f), y, o)
        for g, f, y, o in Worker.objects.filter(organisation_id__in=org_ids).values_list(
            "given_name", "family_name", "birth_year", "organisation_id"
        )
    }
    problems = [Problem(item.row, "", already_registered()) for item in items if item.key in existing]
    planned = [item for item in items if item.assignment is not None and item.assignment.post_id]
    if planned:
        post_ids = sorted({item.assignment.post_id for item in planned})
        # Lock the posts, as assignment_start does, so that nobody is put in them while this writes.
        list(Post.objects.select_for_update().filter(pk__in=post_ids).values_list("pk", flat=True))
        held = defaultdict(list)
        for post_id, start, end in Assignment.objects.filter(post_id__in=post_ids).values_list(
            "post_id", "start", "end"
        ):
            held[post_id].append((start, end))
        for item in planned:
            a = item.assignment
            if any(a.start <= (e or a.start.max) and s <= (a.end or a.start.max) for s, e in held[a.post_id]):
                problems.append(Problem(item.row, checked.headings.get("post", "post"), post_taken()))
    if problems:
        raise ImportConflict(sorted(problems, key=lambda p: p.row))


def _write_workers(checked: Checked, actor: User | None) -> dict[str, Any]:
    items: list[WorkerItem] = checked.items
    _recheck_workers(checked, items)
    workers = [item.worker for item in items]
    Worker.objects.bulk_create(workers, batch_size=BATCH)
    assignments = []
    for item in items:
        if item.assignment is not None:
            item.assignment.worker = item.worker
            assignments.append(item.assignment)
    Assignment.objects.bulk_create(assignments, batch_size=BATCH)
    entries = [_entry(actor, w, diff({}, snapshot(w, WORKER_FIELDS))) for w in workers]
    entries += [
        _entry(
            actor,
            a,
            {
                "worker": [None, a.worker_id],
                "post": [None, a.post_id],
                "start": [None, str(a.start)],
                **({"end": [None, str(a.end)]} if a.end else {}),
            },
        )
        for a in assignments
    ]
    AuditEntry.objects.bulk_create(entries, batch_size=BATCH)
    return {"created": len(workers), "ids": [w.pk for w in workers], "assignments": len(assignments)}


def _write_posts(checked: Checked, actor: User | None) -> dict[str, Any]:
    posts: list[Post] = checked.items
    Post.objects.bulk_create(posts, batch_size=BATCH)
    entries = [_entry(actor, p, diff({}, snapshot(p, POST_FIELDS))) for p in posts]
    AuditEntry.objects.bulk_create(entries, batch_size=BATCH)
    return {"created": len(posts), "ids": [p.pk for p in posts]}


def write_checked(
    checked: Checked, *, actor: User | None, file_name: str = "", job_id: int | None = None
) -> dict[str, Any]:
    """Write every row of a checked file, or nothing (ImportConflict, or any error rolls back)."""
    if not checked.ok:
        raise ValueError("only a file without errors is written")
    with transaction.atomic():
        if checked.entity == "workers":
            outcome = _write_workers(checked, actor)
            summary = ngettext(
                "Imported %(count)d worker from %(file)s",
                "Imported %(count)d workers from %(file)s",
                outcome["created"],
            )
        else:
            outcome = _write_posts(checked, actor)
            summary = ngettext(
                "Imported %(count)d post from %(file)s",
                "Imported %(count)d posts from %(file)s",
                outcome["created"],
            )
        audit_log(
            actor=actor,
            action=AuditAction.CREATE,
            object_type="core.job" if job_id else "",
            object_id=job_id or "",
            summary=summary % {"count": outcome["created"], "file": file_name or "–"},
            changes={"entity": checked.entity, "created": outcome["created"]},
        )
    return outcome
