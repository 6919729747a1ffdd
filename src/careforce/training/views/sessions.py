"""Training pages (domain.md section 3).

Who reaches what: the competency framework and the courses, everyone signed in; keeping courses and
running sessions, the national administrator and trainers; the sessions and their cascades, those who
organise, oversee or give training (national administrator, regional manager, supervisor, trainer: see
selectors.SESSION_ROLES), each within `TrainingSession.objects.visible_to`; every worker, her own record
at /training/my/. Analysts read no one's scores (403). A session outside the user's scope answers 404.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from careforce.core.audit import audit_view
from careforce.core.forms import add_service_errors
from careforce.core.pagination import paginate
from careforce.core.roles import Role
from careforce.workforce.models import Cadre, Worker

from .. import selectors, services
from ..cascade import cascade_of
from ..forms import CourseForm, ParticipantsForm, SessionForm
from ..gain import session_gain
from ..models import Course, Participation, TrainingSession
from ..needs import NEEDS_ROLES
from ..tree import cascade_svg


def _require(user, roles) -> None:
    if user.role not in roles:
        raise PermissionDenied


def competencies(request):
    cadres = selectors.required_cadres()
    ctx = {
        "framework": selectors.framework(),
        "cadres": [(c, Cadre(c).label) for c in Cadre.values if c in cadres],
    }
    return render(request, "training/competencies.html", ctx)


def course_list(request):
    qs = Course.objects.annotate(session_count=Count("sessions")).order_by("-active", "title", "pk")
    ctx = {"page": paginate(request, qs), "may_manage": request.user.role in services.MANAGE_ROLES}
    return render(request, "training/course_list.html", ctx)


def course_detail(request, pk: int):
    course = get_object_or_404(Course.objects.prefetch_related("competencies", "materials"), pk=pk)
    ctx = {
        "course": course,
        "may_manage": request.user.role in services.MANAGE_ROLES,
        "may_read_impact": request.user.role in NEEDS_ROLES,
    }
    return render(request, "training/course_detail.html", ctx)


def course_edit(request, pk: int | None = None):
    _require(request.user, services.MANAGE_ROLES)
    course = get_object_or_404(Course, pk=pk) if pk else None
    form = CourseForm(request.POST or None, instance=course,
                      initial={"competencies": list(course.competencies.all())} if course else None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = dict(form.cleaned_data)
            comps = data.pop("competencies")
            try:
                course = services.course_save(actor=request.user, course=course, competencies=comps, **data)
            except ValidationError as exc:
                add_service_errors(form, exc)
                status = 400
            else:
                messages.success(request, _("The course is saved."))
                return redirect("training:course-detail", pk=course.pk)
        else:
            status = 400
    return render(request, "training/course_form.html", {"form": form, "course": course}, status=status)


def session_list(request):
    user = request.user
    _require(user, selectors.SESSION_ROLES)
    qs = selectors.session_list(user)
    tot = request.GET.get("trains_trainers") == "true"
    if tot:
        qs = qs.filter(course__trains_trainers=True)
    ctx = {"page": paginate(request, qs), "tot": tot, "may_manage": user.role in services.MANAGE_ROLES}
    return render(request, "training/session_list.html", ctx)


def _session_form(user, data=None, initial=None, session=None) -> SessionForm:
    trainers = Worker.objects.visible_to(user).filter(active=True).order_by("family_name", "given_name", "pk")
    if session is not None:
        trainers = trainers | Worker.objects.filter(pk__in=session.trainers.values("pk"))
    parents = selectors.sessions(user).filter(course__trains_trainers=True).select_related("course")
    if session is not None:
        parents = parents.exclude(pk=session.pk)
    return SessionForm(data, initial=initial, trainers=trainers.distinct(), parents=parents)


def session_edit(request, pk: int | None = None):
    user = request.user
    _require(user, services.MANAGE_ROLES)
    session = None
    initial = {"organiser": user.organisation_id}
    if pk is not None:
        session = get_object_or_404(selectors.sessions(user), pk=pk)
        if not services.may_change_session(user, session):
            raise PermissionDenied
        initial = {
            "course": session.course_id, "starts_on": session.starts_on, "ends_on": session.ends_on,
            "venue": session.venue, "organiser": session.organiser_id,
            "trainers": list(session.trainers.values_list("pk", flat=True)), "cascades_from": session.cascades_from_id,
        }
    elif request.GET.get("cascades_from", "").isdigit():
        initial["cascades_from"] = int(request.GET["cascades_from"])
    form = _session_form(user, request.POST or None, initial, session)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                session = services.session_save(actor=user, session=session, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
                status = 400
            else:
                messages.success(request, _("The session is saved."))
                return redirect("training:session-detail", pk=session.pk)
        else:
            status = 400
    return render(request, "training/session_form.html", {"form": form, "session": session}, status=status)


def _session_for(request, pk: int) -> TrainingSession:
    _require(request.user, selectors.SESSION_ROLES)
    return get_object_or_404(
        selectors.sessions(request.user).select_related("course", "organiser", "area", "cascades_from__course"),
        pk=pk,
    )


def session_detail(request, pk: int):
    session = _session_for(request, pk)
    user = request.user
    audit_view(request, session)
    trainers = list(session.trainers.select_related("organisation").order_by("family_name", "pk"))
    may_change = services.may_change_session(user, session, {w.user_id for w in trainers if w.user_id})
    # Everyone who may read the session reads its participants' names, organisations and scores.
    parts = list(
        Participation.objects.visible_to(user).filter(session=session)
        .select_related("worker__organisation")
        .prefetch_related("attendance")
        .order_by("worker__family_name", "worker__given_name", "pk")
    )
    days = session.days
    maximum = session.course.test_max
    rows = []
    for p in parts:
        present = {a.day for a in p.attendance.all()}
        p.session = session  # normalised_gain reads the course's maximum
        rows.append({"p": p, "present": [d in present for d in days], "days_present": len(present)})
    ctx = {
        "session": session,
        "trainers": trainers,
        "rows": rows,
        "days": days,
        "gain": session_gain([(p.pre_score, p.post_score) for p in parts], maximum),
        "ratings": [p.feedback_rating for p in parts if p.feedback_rating],
        "feedback": [p.feedback for p in parts if p.feedback],
        "may_change": may_change,
        "participants_form": ParticipantsForm() if may_change else None,
        "cascade_count": session.cascades.count(),
    }
    ratings = ctx["ratings"]
    ctx["mean_rating"] = sum(ratings) / len(ratings) if ratings else None
    return render(request, "training/session_detail.html", ctx)


def participants_add(request, pk: int):
    session = _session_for(request, pk)
    if request.method != "POST":
        return redirect("training:session-detail", pk=pk)
    if not services.may_change_session(request.user, session):
        raise PermissionDenied
    form = ParticipantsForm(request.POST)
    if form.is_valid():
        try:
            added = services.participants_add(actor=request.user, session=session, worker_ids=form.cleaned_data["workers"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("%(n)d participants added.") % {"n": len(added)})
            return redirect("training:session-detail", pk=pk)
    messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
    return redirect("training:session-detail", pk=pk)


def _decimal(raw: str):
    raw = (raw or "").strip().replace(",", ".")
    if not raw:
        return None
    try:
        return Decimal(raw)
    except InvalidOperation:
        raise ValidationError(_("“%(value)s” is not a number.") % {"value": raw}) from None


def session_scores(request, pk: int):
    """Scores, feedback and attendance of every participant, in one form."""
    session = _session_for(request, pk)
    if not services.may_change_session(request.user, session):
        raise PermissionDenied
    parts = list(
        session.participations.select_related("worker").prefetch_related("attendance")
        .order_by("worker__family_name", "worker__given_name", "pk")
    )
    days = session.days
    errors: list[str] = []
    status = 200
    if request.method == "POST":
        scores, present = {}, {}
        try:
            for p in parts:
                rating = request.POST.get(f"rating_{p.pk}", "").strip()
                if rating and not rating.isdigit():
                    raise ValidationError(_("A rating is from 1 to 5."))
                scores[p.pk] = {
                    "pre_score": _decimal(request.POST.get(f"pre_{p.pk}", "")),
                    "post_score": _decimal(request.POST.get(f"post_{p.pk}", "")),
                    "feedback_rating": int(rating) if rating else None,
                    "feedback": request.POST.get(f"feedback_{p.pk}", "")[:2000],
                }
                present[p.pk] = {
                    d for d in (parse_date(v) for v in request.POST.getlist(f"day_{p.pk}")) if d is not None
                }
            services.scores_record(actor=request.user, session=session, scores=scores)
            services.attendance_record(actor=request.user, session=session, present=present)
        except ValidationError as exc:
            errors = [m for ms in (exc.message_dict.values() if hasattr(exc, "error_dict") else [exc.messages])
                      for m in ms]
            status = 400
        else:
            messages.success(request, _("Scores and attendance are recorded."))
            return redirect("training:session-detail", pk=pk)
    rows = []
    for p in parts:
        present_days = {a.day for a in p.attendance.all()}
        if request.method == "POST":  # a refused form shows what was typed
            post = request.POST
            present_days = {parse_date(v) for v in post.getlist(f"day_{p.pk}")}
            values = [post.get(f"pre_{p.pk}", ""), post.get(f"post_{p.pk}", ""),
                      post.get(f"rating_{p.pk}", ""), post.get(f"feedback_{p.pk}", "")]
        else:
            values = [p.pre_score if p.pre_score is not None else "",
                      p.post_score if p.post_score is not None else "",
                      p.feedback_rating or "", p.feedback]
        rows.append({"p": p, "days": [(d, d in present_days) for d in days], "values": values})
    ctx = {"session": session, "rows": rows, "days": days, "errors": errors}
    return render(request, "training/session_scores.html", ctx, status=status)


def session_cascade(request, pk: int):
    session = _session_for(request, pk)
    c = cascade_of(session)
    ctx = {"session": session, "cascade": c, "svg": cascade_svg(c)}
    return render(request, "training/cascade.html", ctx)


def my_training(request):
    user = request.user
    parts = list(selectors.own_participations(user))
    for p in parts:
        p.days_total = (p.session.ends_on - p.session.starts_on).days + 1
    trained = (
        TrainingSession.objects.filter(trainers__user=user.pk).select_related("course")
        .annotate(participant_count=Count("participations", distinct=True)).order_by("-starts_on", "-pk")
    )
    ctx = {
        "participations": parts,
        "trained": list(trained[:50]),
        "is_trainer": user.role == Role.TRAINER,
    }
    return render(request, "training/my.html", ctx)
