"""Keeping the registry: record and edit workers and posts, start and end assignments.

The national administrator keeps the whole country's registry, a regional manager her region's; nobody
else changes it (a worker's own account shows her record, read-only).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from careforce.core.forms import add_service_errors, posted_version

from .. import selectors, services
from ..forms import AssignmentEndForm, AssignmentStartForm, PostForm, WorkerForm
from ..models import Post, Worker


def _require_editor(user) -> None:
    if user.role not in services.REGISTRY_EDITORS:
        raise PermissionDenied


def _conflict_rows(form, conflict) -> list | None:
    if conflict is None:
        return None
    labels = {name: field.label for name, field in form.fields.items()}
    return [(labels.get(k, k), v[0], v[1]) for k, v in conflict.changed.items()]


def _worker_form(request, worker: Worker | None) -> WorkerForm:
    user = request.user
    return WorkerForm(
        request.POST or None, instance=worker,
        organisations=services.editable_organisations(user), areas=services.editable_areas(user),
        accounts=selectors.linkable_accounts(user, worker),
    )


def _fields(form, names) -> dict:
    return {name: form.cleaned_data[name] for name in names if name in form.cleaned_data}


def worker_new(request):
    _require_editor(request.user)
    form = _worker_form(request, None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                worker = services.worker_create(actor=request.user, **_fields(form, services.WORKER_FIELDS))
            except ValidationError as exc:
                add_service_errors(form, exc)
                status = 400
            else:
                messages.success(request, _("The worker was recorded."))
                return redirect("workforce:worker-detail", pk=worker.pk)
        else:
            status = 400
    return render(request, "workforce/worker_form.html", {"form": form, "worker": None}, status=status)


def _edit(request, *, obj, form, update, fields, template: str, name: str, done):
    """An edit begun at the record's version: saved, refused with errors, or told of a conflict (409)."""
    conflict, status, version = None, 200, obj.version
    if request.method == "POST":
        version = posted_version(request)
        if form.is_valid():
            try:
                update(actor=request.user, version=version, **_fields(form, fields))
            except services.EditConflict as exc:
                conflict, status, version = exc, 409, exc.current.version
            except ValidationError as exc:
                add_service_errors(form, exc)
                status = 400
            else:
                messages.success(request, _("The changes were saved."))
                return done
        else:
            status = 400
    ctx = {"form": form, name: obj, "version": version, "conflict": conflict,
           "changed": _conflict_rows(form, conflict)}
    return render(request, template, ctx, status=status)


def worker_edit(request, pk: int):
    _require_editor(request.user)
    worker = get_object_or_404(selectors.workers(request.user), pk=pk)
    if not Worker.objects.changeable_by(request.user).filter(pk=pk).exists():
        raise PermissionDenied
    # The form edits a copy: after a conflict the page still shows what the other person saved.
    form = _worker_form(request, Worker.objects.get(pk=pk))
    return _edit(request, obj=worker, form=form, fields=services.WORKER_FIELDS, name="worker",
                 update=lambda **kw: services.worker_update(worker=worker, **kw),
                 template="workforce/worker_form.html", done=redirect("workforce:worker-detail", pk=pk))


def assignment_new(request, pk: int):
    _require_editor(request.user)
    worker = get_object_or_404(selectors.workers(request.user).select_related("organisation"), pk=pk)
    if not Worker.objects.changeable_by(request.user).filter(pk=pk).exists():
        raise PermissionDenied
    today = timezone.localdate()
    posts = selectors.with_vacancy(
        selectors.funded_on(Post.objects.filter(organisation=worker.organisation_id), today), today
    ).filter(held=False).order_by("cadre", "title")
    form = AssignmentStartForm(request.POST or None, posts=posts)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.assignment_start(actor=request.user, worker=worker, post=data["post"], start=data["start"],
                                          fte=data["fte"], note=data["note"])
            except ValidationError as exc:
                add_service_errors(form, exc)
                status = 400
            else:
                messages.success(request, _("The assignment was recorded."))
                return redirect("workforce:worker-detail", pk=pk)
        else:
            status = 400
    return render(request, "workforce/assignment_form.html", {"form": form, "worker": worker}, status=status)


def assignment_end(request, pk: int):
    _require_editor(request.user)
    assignment = get_object_or_404(selectors.open_assignments(request.user), pk=pk)
    if not Worker.objects.changeable_by(request.user).filter(pk=assignment.worker_id).exists():
        raise PermissionDenied
    form = AssignmentEndForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.assignment_end(actor=request.user, assignment=assignment, end=form.cleaned_data["end"],
                                        reason=form.cleaned_data["reason_for_leaving"])
            except ValidationError as exc:
                add_service_errors(form, exc)
                status = 400
            else:
                messages.success(request, _("The end of the assignment was recorded."))
                return redirect("workforce:worker-detail", pk=assignment.worker_id)
        else:
            status = 400
    ctx = {"form": form, "worker": assignment.worker, "assignment": assignment}
    return render(request, "workforce/assignment_end.html", ctx, status=status)


def _post_form(request, post: Post | None) -> PostForm:
    user = request.user
    return PostForm(request.POST or None, instance=post, organisations=services.editable_organisations(user),
                    areas=services.editable_areas(user))


def post_new(request):
    _require_editor(request.user)
    form = _post_form(request, None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.post_create(actor=request.user, **_fields(form, services.POST_FIELDS))
            except ValidationError as exc:
                add_service_errors(form, exc)
                status = 400
            else:
                messages.success(request, _("The post was recorded."))
                return redirect("workforce:post-list")
        else:
            status = 400
    return render(request, "workforce/post_form.html", {"form": form, "post": None}, status=status)


def post_edit(request, pk: int):
    _require_editor(request.user)
    post = get_object_or_404(selectors.posts(request.user), pk=pk)
    form = _post_form(request, Post.objects.get(pk=pk))
    return _edit(request, obj=post, form=form, fields=services.POST_FIELDS, name="post",
                 update=lambda **kw: services.post_update(post=post, **kw),
                 template="workforce/post_form.html", done=redirect("workforce:post-list"))
