from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from careforce.core import access
from careforce.core.audit import audit_view
from careforce.core.forms import posted_version

from .. import services
from ..forms import AssessmentStartForm, AssessmentTextForm, CompleteForm
from ..models import AssessmentKind
from .common import add_errors, visible_case


def _require_sensitive(request) -> None:
    # Assessment narratives are need-to-know: volunteers and analysts never open them.
    if not access.sees_sensitive(request.user):
        raise PermissionDenied


@require_POST
def assessment_start(request, pk: int):
    case = visible_case(request, pk)
    _require_sensitive(request)
    form = AssessmentStartForm(request.POST, kinds=AssessmentKind.choices)
    if not form.is_valid():
        messages.error(request, _("Choose the assessment and a valid date."))
        return redirect("cases:case-detail", pk=case.pk)
    try:
        assessment = services.assessment_start(actor=request.user, case=case, **form.cleaned_data)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("cases:case-detail", pk=case.pk)
    return redirect("cases:assessment", pk=case.pk, assessment_pk=assessment.pk)


def _questions(assessment):
    if assessment.instrument is None:
        return []
    answers = {a.question_id: a for a in assessment.answers.all()}
    domains = []
    for domain in assessment.instrument.domains.prefetch_related("questions"):
        rows = [(q, answers.get(q.pk)) for q in domain.questions.all()]
        domains.append({"domain": domain, "rows": rows})
    return domains


def assessment_detail(request, pk: int, assessment_pk: int):
    case = visible_case(request, pk)
    _require_sensitive(request)
    assessment = get_object_or_404(case.assessments.select_related("instrument", "by"), pk=assessment_pk)
    audit_view(request, case, summary=f"assessment {assessment.pk}")
    editable = assessment.completed_on is None and services.can_work(request.user, case)
    initial = {f: getattr(assessment, f) for f in services.assessments.TEXT_FIELDS}
    form = AssessmentTextForm(request.POST or None, initial=initial)
    conflict = None
    status = 200
    version = assessment.version
    if request.method == "POST":
        if not editable:
            raise PermissionDenied
        version = posted_version(request)
        scores, bad = _scores_from(request.POST, assessment)
        if bad:
            form.add_error(
                None,
                _("Scores go from %(min)s to %(max)s.")
                % {"min": assessment.instrument.scale_min, "max": assessment.instrument.scale_max},
            )
        if form.is_valid() and not bad:
            try:
                services.assessment_save(
                    actor=request.user,
                    assessment=assessment,
                    version=version,
                    data=form.cleaned_data,
                    scores=scores,
                )
            except services.EditConflict as exc:
                conflict, status, version = exc, 409, exc.current.version
            except ValidationError as exc:
                add_errors(form, exc)
                status = 400
            else:
                messages.success(request, _("The assessment is saved."))
                return redirect("cases:assessment", pk=case.pk, assessment_pk=assessment.pk)
        else:
            status = 400
    labels = {name: f.label for name, f in form.fields.items()}
    return render(
        request,
        "cases/assessment.html",
        {
            "case": case,
            "assessment": assessment,
            "form": form,
            "domains": _questions(assessment),
            "editable": editable,
            "version": version,
            "conflict": conflict,
            "complete_form": CompleteForm(),
            "changed": [(labels.get(k, k), v[0], v[1]) for k, v in conflict.changed.items()]
            if conflict
            else None,
            "scale": range(assessment.instrument.scale_min, assessment.instrument.scale_max + 1)
            if assessment.instrument
            else [],
            "posted": request.POST if status != 200 else None,
        },
        status=status,
    )


def _scores_from(post, assessment) -> tuple[dict[int, tuple[int | None, str]], bool]:
    scores: dict[int, tuple[int | None, str]] = {}
    if assessment.instrument is None:
        return scores, False
    bad = False
    lo, hi = assessment.instrument.scale_min, assessment.instrument.scale_max
    for key, value in post.items():
        if not key.startswith("score_"):
            continue
        try:
            qid = int(key.removeprefix("score_"))
            score = int(value) if value else None
        except ValueError:
            bad = True
            continue
        if score is not None and not lo <= score <= hi:
            bad = True
            continue
        scores[qid] = (score, post.get(f"note_{qid}", "").strip())
    return scores, bad


@require_POST
def assessment_complete(request, pk: int, assessment_pk: int):
    case = visible_case(request, pk)
    _require_sensitive(request)
    assessment = get_object_or_404(case.assessments, pk=assessment_pk)
    form = CompleteForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Give the date the assessment was completed."))
        services.assessment_complete(actor=request.user, assessment=assessment, **form.cleaned_data)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("cases:assessment", pk=case.pk, assessment_pk=assessment.pk)
    messages.success(request, _("The assessment is completed."))
    return redirect("cases:case-detail", pk=case.pk)
