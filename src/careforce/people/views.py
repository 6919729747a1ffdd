from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from careforce.core import access, exports
from careforce.core.audit import audit_view
from careforce.core.forms import add_service_errors, posted_version
from careforce.core.pagination import paginate, query_without_page

from . import services
from .forms import MergeForm, PersonForm, PersonSearchForm, RelativeForm
from .models import Person, Relationship
from .names import name_key
from .sections import render_sections

PERSON_FIELDS = [f for f in services.EDITABLE_FIELDS]


def _require_registering_role(user) -> None:
    if user.role not in services.REGISTERING_ROLES:
        raise PermissionDenied


def _visible_people(user):
    return Person.objects.visible_to(user)


def person_list(request):
    _require_registering_role(request.user)
    form = PersonSearchForm(request.GET)
    qs = _visible_people(request.user).filter(merged_into__isnull=True).select_related("area")
    if form.is_valid():
        for word in (form.cleaned_data.get("q") or "").split():
            key = name_key(word)
            if key:
                qs = qs.filter(Q(given_key__startswith=key) | Q(family_key__startswith=key))
        if form.cleaned_data.get("birth_date"):
            qs = qs.filter(birth_date=form.cleaned_data["birth_date"])
    qs = qs.order_by("family_name", "given_name", "pk")
    if fmt := exports.requested_format(request):
        return exports.list_response(request, name="people", rows=qs, columns=PERSON_COLUMNS, fmt=fmt)
    page = paginate(request, qs)
    template = "people/_person_rows.html" if request.htmx else "people/person_list.html"
    return render(request, template, {"form": form, "page": page, "query": query_without_page(request),
                                      **exports.download_context(page)})


# The list's columns, as on the page: nobody's address, phone or health in a file that leaves Careforce.
PERSON_COLUMNS = [
    exports.Column(gettext_lazy("Family name"), lambda p: p.family_name, "family_name"),
    exports.Column(gettext_lazy("Given name"), lambda p: p.given_name, "given_name"),
    exports.Column(gettext_lazy("Date of birth"), lambda p: p.birth_date, "birth_date"),
    exports.Column(gettext_lazy("Sex"), lambda p: p.get_sex_display(), "sex"),
    exports.Column(gettext_lazy("Locality"), lambda p: p.area.display_name if p.area else "", "area"),
]


def _form_data(cleaned: dict) -> dict:
    return {k: v for k, v in cleaned.items() if k in PERSON_FIELDS or k in ("given_name", "family_name")}


def person_register(request):
    _require_registering_role(request.user)
    show_sensitive = access.sees_sensitive(request.user)
    form = PersonForm(request.POST or None, user=request.user, show_sensitive=show_sensitive)
    candidates = None
    status = 200
    if request.method == "POST" and form.is_valid():
        data = _form_data(form.cleaned_data)
        try:
            person = services.person_register(
                actor=request.user, force=request.POST.get("force") == "1", new_household=True, **data
            )
        except services.DuplicateSuspected as exc:
            candidates = services.present_candidates(request.user, exc.candidates)
            status = 409
        except ValidationError as exc:
            add_service_errors(form, exc)
            status = 400
        else:
            messages.success(request, _("%(name)s is registered.") % {"name": person})
            return redirect("people:person-detail", pk=person.pk)
    elif request.method == "POST":
        status = 400
    return render(
        request, "people/person_register.html", {"form": form, "candidates": candidates}, status=status
    )


def person_detail(request, pk: int):
    person = get_object_or_404(
        _visible_people(request.user).select_related(
            "area__parent", "household", "organisation", "registered_by", "merged_into"
        ),
        pk=pk,
    )
    audit_view(request, person)
    relatives = (
        Relationship.objects.filter(child=person)
        .select_related("relative")
        .order_by("-is_caregiver", "kind", "relative__birth_date")
    )
    children_of = (
        Relationship.objects.filter(relative=person).select_related("child").order_by("child__birth_date")
    )
    return render(
        request,
        "people/person_detail.html",
        {
            "person": person,
            "relatives": relatives,
            "children_of": children_of,
            "sees_sensitive": access.may_see_field(request.user, Person, "health_notes"),
            "can_change": Person.objects.changeable_by(request.user).filter(pk=pk).exists(),
            "can_add_relative": request.user.role in services.REGISTERING_ROLES,
            **_cases_of(request.user, person),
            "duplicates": _duplicates_of(request.user, person),
            # Sections added by apps above people (care settings…): people/sections.py.
            "sections": render_sections(request, person),
        },
    )


def _duplicates_of(user, person) -> list[dict] | None:
    """For those who merge: likely duplicates of this record that they may see, to review side by side."""
    if user.role not in services.MERGING_ROLES or person.merged_into_id:
        return None
    from .matching import find_candidates

    found = find_candidates(
        given_name=person.given_name, family_name=person.family_name, birth_date=person.birth_date, sex=person.sex,
        personal_number=person.personal_number, exclude_ids=(person.pk,),
    )
    return [row for row in services.present_candidates(user, found) if row["in_scope"]]


def _cases_of(user, person) -> dict:
    """The person's cases the user may see. Cases sit above people: asked for through the app registry,
    so this module does not import them."""
    from django.apps import apps

    if not apps.is_installed("careforce.cases"):
        return {"cases": None}
    case_model = apps.get_model("cases", "Case")
    cases = list(case_model.objects.visible_to(user).filter(child=person).select_related("case_manager"))
    has_open = case_model.objects.filter(child=person).exclude(status="closed").exists()
    can_open = person.merged_into_id is None and not has_open and user.role in services.REGISTERING_ROLES
    return {"cases": cases, "can_open_case": can_open}


def person_edit(request, pk: int):
    person = get_object_or_404(Person.objects.changeable_by(request.user), pk=pk, merged_into__isnull=True)
    show_sensitive = access.sees_sensitive(request.user)
    initial = {f: getattr(person, f) for f in PERSON_FIELDS}
    form = PersonForm(request.POST or None, user=request.user, initial=initial, show_sensitive=show_sensitive)
    conflict = None
    status = 200
    version = person.version
    if request.method == "POST":
        version = posted_version(request)
        if form.is_valid():
            try:
                services.person_update(
                    actor=request.user, person=person, data=_form_data(form.cleaned_data), version=version
                )
            except services.EditConflict as exc:
                conflict = exc
                status = 409
                version = exc.current.version
            except ValidationError as exc:
                add_service_errors(form, exc)
                status = 400
            else:
                messages.success(request, _("The changes were saved."))
                return redirect("people:person-detail", pk=pk)
        else:
            status = 400
    labels = {name: field.label for name, field in form.fields.items()}
    changed = (
        [(labels.get(k, k), v[0], v[1]) for k, v in conflict.changed.items()]
        if conflict is not None
        else None
    )
    return render(
        request,
        "people/person_edit.html",
        {"form": form, "person": person, "version": version, "conflict": conflict, "changed": changed},
        status=status,
    )


def relative_add(request, pk: int):
    _require_registering_role(request.user)
    child = get_object_or_404(_visible_people(request.user), pk=pk, merged_into__isnull=True)
    form = RelativeForm(
        request.POST or None, user=request.user, show_sensitive=access.sees_sensitive(request.user)
    )
    candidates = None
    status = 200
    if request.method == "POST" and request.POST.get("link_to"):
        relative = get_object_or_404(_visible_people(request.user), pk=request.POST["link_to"])
        if form.is_valid():
            try:
                services.relationship_add(
                    actor=request.user,
                    child=child,
                    relative=relative,
                    kind=form.cleaned_data["kind"],
                    is_caregiver=form.cleaned_data["is_caregiver"],
                    lives_with_child=form.cleaned_data["lives_with_child"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
                status = 400
            else:
                messages.success(request, _("%(name)s is linked.") % {"name": relative})
                return redirect("people:person-detail", pk=child.pk)
    elif request.method == "POST" and form.is_valid():
        data = _form_data(form.cleaned_data)
        if not data.get("area"):
            data["area"] = child.area
        try:
            relative = services.person_register(
                actor=request.user, force=request.POST.get("force") == "1", household=child.household, **data
            )
            services.relationship_add(
                actor=request.user,
                child=child,
                relative=relative,
                kind=form.cleaned_data["kind"],
                is_caregiver=form.cleaned_data["is_caregiver"],
                lives_with_child=form.cleaned_data["lives_with_child"],
            )
        except services.DuplicateSuspected as exc:
            candidates = services.present_candidates(request.user, exc.candidates)
            status = 409
        except ValidationError as exc:
            add_service_errors(form, exc)
            status = 400
        else:
            messages.success(request, _("%(name)s is registered and linked.") % {"name": relative})
            return redirect("people:person-detail", pk=child.pk)
    elif request.method == "POST":
        status = 400
    return render(
        request,
        "people/relative_add.html",
        {"form": form, "child": child, "candidates": candidates},
        status=status,
    )


def person_merge(request, pk: int, other: int):
    if request.user.role not in services.MERGING_ROLES:
        raise PermissionDenied
    visible = (
        _visible_people(request.user).filter(merged_into__isnull=True).select_related("area", "organisation")
    )
    survivor = get_object_or_404(visible, pk=pk)
    duplicate = get_object_or_404(visible, pk=other)
    if survivor.pk == duplicate.pk:
        raise PermissionDenied
    form = MergeForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        take = tuple(f for f in PERSON_FIELDS if request.POST.get(f"take_{f}") == "duplicate")
        try:
            services.person_merge(
                actor=request.user,
                survivor=survivor,
                duplicate=duplicate,
                take_from_duplicate=take,
                not_twins_confirmed=form.cleaned_data["not_twins"],
            )
        except ValidationError as exc:
            form.add_error(None, exc.messages)
            status = 400
        else:
            messages.success(request, _("The records were merged. The duplicate now points to this record."))
            return redirect("people:person-detail", pk=survivor.pk)
    elif request.method == "POST":
        status = 400
    labels = {f: Person._meta.get_field(f).verbose_name for f in PERSON_FIELDS}
    rows = [
        (
            f,
            labels[f],
            getattr(survivor, f),
            getattr(duplicate, f),
            getattr(survivor, f) != getattr(duplicate, f),
        )
        for f in PERSON_FIELDS
        if access.may_see_field(request.user, Person, f)
    ]
    for p in (survivor, duplicate):
        audit_view(request, p, summary="merge review")
    return render(
        request,
        "people/person_merge.html",
        {"form": form, "survivor": survivor, "duplicate": duplicate, "rows": rows},
        status=status,
    )
