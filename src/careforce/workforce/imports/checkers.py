"""Checking an import file row by row with the same rules as the registry's forms (each row's model is
`full_clean`ed), the look-ups (organisations, areas, posts, the workers already registered) loaded once.

Every problem is collected, not just the first: a person correcting a register wants the whole list.
Duplicates block the import: a worker with the same given name, family name, year of birth and organisation
already in the registry, or twice in the file, is an error on that row (importing a register twice must not
double the workforce).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from careforce.core.models import User

from ..models import Assignment, Cadre, LeavingReason, Post, Qualification, Sex, Worker
from . import cells
from .checking import (
    Checked,
    Checker,
    NoProgress,
    Problem,
    Progress,
    Row,
    WorkerItem,
    already_registered,
)
from .columns import norm
from .reading import FileProblem, Table, read_table


def _year_bounds() -> tuple[int, int]:
    validators = Worker._meta.get_field("birth_year").validators
    low = next(v.limit_value for v in validators if isinstance(v, MinValueValidator))
    high = next(v.limit_value for v in validators if isinstance(v, MaxValueValidator))
    return low, high


def _overlaps(start: dt.date, end: dt.date | None, other_start: dt.date, other_end: dt.date | None) -> bool:
    return start <= (other_end or dt.date.max) and other_start <= (end or dt.date.max)


def _date(value: dt.date | None) -> str:
    return formats.date_format(value, "SHORT_DATE_FORMAT") if value else ""


def _fte(value: Decimal | None) -> str:
    return formats.number_format(value.normalize()) if value is not None else ""


class WorkerChecker(Checker):
    entity = "workers"
    columns = {
        "given_name": "given_name",
        "family_name": "family_name",
        "sex": "sex",
        "birth_year": "birth_year",
        "cadre": "cadre",
        "qualification": "qualification",
        "organisation": "organisation",
        "area": "area",
        "professional_registration": "professional_registration",
        "email": "email",
        "phone": "phone",
    }
    assignment_columns = {
        "start": "assignment_start",
        "end": "assignment_end",
        "fte": "fte",
        "reason_for_leaving": "reason_for_leaving",
        "post": "post",
        "organisation": "organisation",
    }

    def load(self) -> None:
        org_ids = self.organisation_ids()
        self.existing = {
            (norm(g), norm(f), y, o)
            for g, f, y, o in Worker.objects.filter(organisation_id__in=org_ids).values_list(
                "given_name", "family_name", "birth_year", "organisation_id"
            )
        }
        self.seen: dict[tuple, int] = {}
        self.posts: dict[tuple[int, str], list[Post]] = defaultdict(list)
        self.posts_by_id: dict[int, Post] = {}
        for post in (
            Post.objects.filter(organisation_id__in=org_ids)
            .only("pk", "title", "organisation_id", "fte", "funded_from", "funded_until")
            .order_by("pk")
        ):
            self.posts[(post.organisation_id, norm(post.title))].append(post)
            self.posts_by_id[post.pk] = post
        self.holders: dict[int, list[tuple[dt.date, dt.date | None]]] = defaultdict(list)
        for post_id, start, end in Assignment.objects.filter(post_id__in=list(self.posts_by_id)).values_list(
            "post_id", "start", "end"
        ):
            self.holders[post_id].append((start, end))
        self.years = _year_bounds()
        self.out.preview_headings = [
            _("Name"),
            _("Sex"),
            _("Year of birth"),
            _("Cadre"),
            _("Qualification"),
            _("Organisation"),
            _("Area"),
            _("Post"),
            _("Start"),
            _("End"),
            _("FTE"),
        ]

    def choose_post(self, row: Row, org, start: dt.date, end: dt.date | None) -> Post | None:
        value = row.raw("post")
        found = self.posts.get((org.pk, norm(cells.text(value))), [])
        number = cells.text(value).lstrip("#")
        if not found and number.isdigit():
            post = self.posts_by_id.get(int(number))
            found = [post] if post is not None and post.organisation_id == org.pk else []
        if not found:
            row.error(
                "post",
                _("No post titled “%(value)s” at %(organisation)s.")
                % {"value": cells.text(value), "organisation": org.name},
            )
            return None
        # As assignment_start: nobody starts in a post that is not funded on that day.
        funded = [
            p for p in found if p.funded_from <= start and (p.funded_until is None or start <= p.funded_until)
        ]
        if not funded:
            row.error("assignment_start", _("The post is not funded on this date."))
            return None
        for post in funded:
            if not any(_overlaps(start, end, s, e) for s, e in self.holders[post.pk]):
                self.holders[post.pk].append((start, end))
                return post
        row.error(
            "post",
            _("Every post titled “%(value)s” at %(organisation)s has a holder for part of these dates.")
            % {"value": cells.text(value), "organisation": org.name},
        )
        return None

    def check_row(self, row: Row) -> tuple[Any, list[str]]:
        given = row.text("given_name", required=True)
        family = row.text("family_name", required=True)
        sex = row.read("sex", cells.choice, Sex, required=True)
        birth_year = row.read("birth_year", cells.whole_number, what="year", required=True)
        low, high = self.years
        if birth_year is not None and not low <= birth_year <= high:
            row.error(
                "birth_year",
                _("%(year)d is not a plausible year of birth (%(low)d–%(high)d).")
                % {"year": birth_year, "low": low, "high": high},
            )
        cadre = row.read("cadre", cells.choice, Cadre, required=True)
        qualification = row.read("qualification", cells.choice, Qualification) or Qualification.SECONDARY
        org, area = self.organisation_and_area(row)
        start = row.read("assignment_start", cells.date)
        end = row.read("assignment_end", cells.date)
        reason = row.read("reason_for_leaving", cells.choice, LeavingReason) or ""
        fte = row.read("fte", cells.decimal)
        worker = Worker(
            given_name=given,
            family_name=family,
            sex=sex or "",
            birth_year=birth_year,
            cadre=cadre or "",
            qualification=qualification,
            professional_registration=row.text("professional_registration"),
            organisation=org,
            area=area,
            email=row.text("email"),
            phone=row.text("phone"),
            # A worker whose assignment has ended has left the workforce (attrition counts her exit).
            active=end is None or end >= self.today,
        )
        skip = {f for f, key in self.columns.items() if key in row.errors} | {"organisation", "area", "user"}
        try:
            worker.full_clean(exclude=skip)
        except ValidationError as exc:
            row.validation(exc, self.columns)

        key = (norm(given), norm(family), birth_year, org.pk if org else None)
        if given and family and birth_year and org:
            if key in self.existing:
                row.error("", already_registered())
            elif key in self.seen:
                row.error(
                    "",
                    _("Repeats row %(row)d (same name, year of birth and organisation).")
                    % {"row": self.seen[key]},
                )
            else:
                self.seen[key] = row.number

        assignment = None
        post = None
        if start is None:
            if "assignment_start" not in row.errors:
                for other in ("post", "assignment_end", "reason_for_leaving", "fte"):
                    if row.raw(other) is not None:
                        row.error(other, _("Give the assignment start as well."))
        elif org is not None:
            if row.raw("post") is not None:
                post = self.choose_post(row, org, start, end)
            assignment = Assignment(
                organisation=org,
                start=start,
                end=end,
                reason_for_leaving=reason,
                fte=fte if fte is not None else (post.fte if post else Decimal("1.0")),
            )
            skip = {f for f, k in self.assignment_columns.items() if k in row.errors}
            try:
                # The post is set after the check: whether it is free was decided above, against the
                # registry's holders and the rows before this one, without a query per row.
                assignment.full_clean(exclude=skip | {"worker", "post", "organisation"})
            except ValidationError as exc:
                row.validation(exc, self.assignment_columns)
            assignment.post = post

        preview = [
            f"{given} {family}".strip(),
            Sex(sex).label if sex else "",
            str(birth_year or ""),
            Cadre(cadre).label if cadre else "",
            Qualification(qualification).label,
            org.name if org else "",
            area.display_name if area else "",
            post.title if post else "",
            _date(start),
            _date(end),
            _fte(assignment.fte if assignment else None),
        ]
        return WorkerItem(row.number, worker, assignment, key), [str(c) for c in preview]


class PostChecker(Checker):
    entity = "posts"
    columns = {
        "title": "title",
        "organisation": "organisation",
        "area": "area",
        "cadre": "cadre",
        "fte": "fte",
        "funded_from": "funded_from",
        "funded_until": "funded_until",
    }

    def load(self) -> None:
        org_ids = self.organisation_ids()
        self.existing: dict[tuple[int, str], int] = defaultdict(int)
        for org_id, title in Post.objects.filter(organisation_id__in=org_ids).values_list(
            "organisation_id", "title"
        ):
            self.existing[(org_id, norm(title))] += 1
        self.out.preview_headings = [
            _("Title"),
            _("Organisation"),
            _("Area"),
            _("Cadre"),
            _("FTE"),
            _("Funded from"),
            _("Funded until"),
        ]

    def check_row(self, row: Row) -> tuple[Any, list[str]]:
        title = row.text("title", required=True)
        org, area = self.organisation_and_area(row)
        cadre = row.read("cadre", cells.choice, Cadre, required=True)
        fte = row.read("fte", cells.decimal)
        funded_from = row.read("funded_from", cells.date, required=True)
        funded_until = row.read("funded_until", cells.date)
        post = Post(
            title=title,
            organisation=org,
            area=area,
            cadre=cadre or "",
            fte=fte if fte is not None else Decimal("1.0"),
            funded_from=funded_from,
            funded_until=funded_until,
        )
        skip = {f for f, key in self.columns.items() if key in row.errors} | {"organisation", "area"}
        try:
            post.full_clean(exclude=skip)
        except ValidationError as exc:
            row.validation(exc, self.columns)
        if org is not None and title and not row.errors:
            already = self.existing.get((org.pk, norm(title)), 0)
            if already:
                # Not an error: an organisation often has several posts of one title. Said so that a file
                # imported twice is noticed before it is confirmed.
                self.out.warnings.append(
                    Problem(
                        row.number,
                        self.heading("title"),
                        ngettext(
                            "The registry already has %(count)d post with this title at this organisation; "
                            "this row adds another.",
                            "The registry already has %(count)d posts with this title at this organisation; "
                            "this row adds another.",
                            already,
                        )
                        % {"count": already},
                    )
                )
        preview = [
            title,
            org.name if org else "",
            area.display_name if area else "",
            Cadre(cadre).label if cadre else "",
            _fte(post.fte),
            _date(funded_from),
            _date(funded_until),
        ]
        return post, [str(c) for c in preview]


CHECKERS = {"workers": WorkerChecker, "posts": PostChecker}


def check_table(table: Table, *, entity: str, actor: User, progress: Progress | None = None) -> Checked:
    return CHECKERS[entity](table, actor, progress or NoProgress()).run()


def check_file(
    data: bytes, name: str, *, entity: str, actor: User, progress: Progress | None = None
) -> Checked:
    progress = progress or NoProgress()
    progress.step("reading")
    try:
        table = read_table(data, name)
    except FileProblem as exc:
        return Checked(entity=entity, file_errors=[str(exc)])
    return check_table(table, entity=entity, actor=actor, progress=progress)
