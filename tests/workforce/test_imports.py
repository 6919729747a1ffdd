"""Importing a worker register or posts from XLSX or CSV: the checked preview, every problem named by row
and column, nothing written unless every row is right, and the importer's scope."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import Workbook, load_workbook

from careforce.core.models import AuditEntry, Job, JobStatus
from careforce.workforce.imports import check_file, write_checked
from careforce.workforce.imports.columns import COLUMNS, norm
from careforce.workforce.imports.tasks import CHECK_KIND, WRITE_KIND
from careforce.workforce.models import Assignment, Cadre, Post, Worker
from tests.workforce.factories import AssignmentFactory, PostFactory, WorkerFactory

HEAD = ["given_name", "family_name", "sex", "birth_year", "cadre", "organisation"]


def xlsx(rows: list[list]) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def csv_file(rows: list[list], *, delimiter: str = ",", bom: bool = False) -> bytes:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter).writerows(rows)
    return (("\ufeff" if bom else "") + out.getvalue()).encode("utf-8")


def upload(client, data: bytes, name: str, kind: str = "workers"):
    return client.post("/workforce/import/", {"kind": kind, "file": SimpleUploadedFile(name, data)})


def last_check() -> Job:
    return Job.objects.filter(kind=CHECK_KIND).latest("pk")


def errors_of(job: Job) -> list[tuple[int, str, str]]:
    return [(e["row"], e["column"], e["message"]) for e in job.result["errors"]]


# --- A good file, end to end ---------------------------------------------------------------------------


def test_a_good_xlsx_register_is_previewed_then_imported_with_its_audit(cast, client_for):
    post = PostFactory(organisation=cast.directorate, title="Manager de caz", funded_from=dt.date(2015, 1, 1))
    rows = [
        [*HEAD, "post", "assignment_start", "assignment_end", "reason_for_leaving", "fte", "email"],
        [
            "Ana",
            "Rusu",
            "F",
            1980,
            "case_manager",
            "Directorate Bălțeni",
            "Manager de caz",
            dt.date(2020, 3, 1),
            None,
            None,
            None,
            "ana@example.org",
        ],
        [
            "Ion",
            "Ceban",
            "M",
            1975.0,
            "Social worker",
            "Directorate Florești",
            None,
            "2019-01-15",
            "31.12.2023",
            "voluntary",
            "0,5",
            None,
        ],
        [
            "Maria",
            "Lungu",
            "F",
            1990,
            "psychologist",
            "Directorate Bălțeni",
            None,
            None,
            None,
            None,
            None,
            None,
        ],
    ]
    client = client_for("admin")
    response = upload(client, xlsx(rows), "register.xlsx")
    job = last_check()
    assert response.status_code == 302 and response["Location"] == f"/workforce/import/{job.pk}/"
    assert job.status == JobStatus.DONE and job.created_by == cast.admin
    assert job.result["ready"] is True and job.result["rows"] == 3 and job.result["errors"] == []
    assert not Worker.objects.exists()  # checking writes nothing

    page = client.get(response["Location"]).content.decode()
    assert "Import 3 workers" in page
    assert "The first rows, as they would be imported" in page
    assert "Manager de caz" in page and "Directorate Florești" in page

    response = client.post(f"/workforce/import/{job.pk}/confirm/")
    assert response.status_code == 302
    write = Job.objects.get(kind=WRITE_KIND)
    assert write.status == JobStatus.DONE and write.parent == job
    assert write.result["created"] == 3 and write.result["assignments"] == 2

    ana = Worker.objects.get(given_name="Ana")
    assert (ana.sex, ana.birth_year, ana.cadre, ana.organisation, ana.area) == (
        "F",
        1980,
        Cadre.CASE_MANAGER,
        cast.directorate,
        cast.district,
    )
    assert ana.email == "ana@example.org" and ana.active
    held = ana.assignments.get()
    assert (held.post, held.start, held.end, held.fte) == (post, dt.date(2020, 3, 1), None, Decimal("1.0"))
    ion = Worker.objects.get(given_name="Ion")
    assert not ion.active  # his assignment ended: he left
    left = ion.assignments.get()
    assert (left.post, left.end, left.reason_for_leaving, left.fte) == (
        None,
        dt.date(2023, 12, 31),
        "voluntary",
        Decimal("0.5"),
    )
    assert not Worker.objects.get(given_name="Maria").assignments.exists()

    # One entry per worker and per assignment, and one for the import itself.
    created = AuditEntry.objects.filter(action="create", actor=cast.admin)
    assert created.filter(object_type="workforce.worker").count() == 3
    assert created.filter(object_type="workforce.assignment").count() == 2
    summary = created.get(object_type="core.job")
    assert summary.object_id == str(write.pk) and summary.summary == "Imported 3 workers from register.xlsx"
    # The copy of the register is not kept once its rows are in the registry.
    assert Job.objects.filter(pk=job.pk).values_list("upload", flat=True).get() is None

    page = client.get(f"/workforce/import/{job.pk}/").content.decode()
    assert "3 workers were imported." in page
    assert f'href="/workforce/workers/{ana.pk}/"' in page
    assert 'href="/workforce/workers/"' in page


def test_a_semicolon_csv_with_bom_romanian_headings_and_labels_is_imported(cast, client_for):
    rows = [
        ["Prenume", "Nume", "Sex", "Anul nașterii", "Categorie profesională", "Organizație", "Teritoriu"],
        [
            "Elena",
            "Popa",
            "Feminin",
            "1985",
            "Asistent social comunitar",
            "social assistance valea nucilor",
            "",
        ],
        ["Vasile", "Rotaru", "Masculin", "1979", "asistent social", "Directorate Bălțeni", "dm-n-01-001"],
    ]
    client = client_for("regional")
    upload(client, csv_file(rows, delimiter=";", bom=True), "registru.csv")
    job = last_check()
    assert job.result["ready"] is True, job.result
    client.post(f"/workforce/import/{job.pk}/confirm/")
    elena = Worker.objects.get(given_name="Elena")
    assert (elena.sex, elena.cadre, elena.organisation, elena.area) == (
        "F",
        Cadre.COMMUNITY_ASSISTANT,
        cast.municipal,
        cast.locality,
    )
    vasile = Worker.objects.get(given_name="Vasile")
    assert (vasile.sex, vasile.cadre, vasile.area) == ("M", Cadre.SOCIAL_WORKER, cast.locality)


def test_russian_headings_and_labels_and_a_comma_csv_without_bom(cast, client_for):
    rows = [
        ["Имя", "Фамилия", "Пол", "Год рождения", "Категория персонала", "Организация"],
        ["Ольга", "Иванова", "Ж", "1988", "Психолог", "Directorate Bălțeni"],
    ]
    client = client_for("admin")
    upload(client, csv_file(rows), "реестр.csv")
    job = last_check()
    assert job.result["ready"] is True, job.result
    client.post(f"/workforce/import/{job.pk}/confirm/")
    olga = Worker.objects.get()
    assert (olga.given_name, olga.sex, olga.cadre) == ("Ольга", "F", Cadre.PSYCHOLOGIST)


# --- Problems: named by row and column, nothing written --------------------------------------------------


def test_a_bad_row_is_named_by_row_and_column_and_nothing_is_imported(cast, client_for):
    rows = [
        HEAD + ["email"],
        ["Ana", "Rusu", "F", 1980, "case_manager", "Directorate Bălțeni", ""],
        ["Ion", "Ceban", "M", 1890, "case_manager", "Directorate Bălțeni", "not-an-address"],
        ["", "Lungu", "X", "abc", "manager", "Directorate Bălțeni", ""],
    ]
    client = client_for("admin")
    upload(client, xlsx(rows), "register.xlsx")
    job = last_check()
    assert job.result["ready"] is False
    assert errors_of(job) == [
        (3, "birth_year", "1890 is not a plausible year of birth (1930–2015)."),
        (3, "email", "Enter a valid email address."),
        (4, "given_name", "Empty: this column is required."),
        (4, "sex", "“X” is not one of the accepted values (F, M, or their names)."),
        (4, "birth_year", "“abc” is not a year."),
        (
            4,
            "cadre",
            "“manager” is not one of the accepted values (social_worker, community_assistant, "
            "case_manager, psychologist, supervisor, para_professional, volunteer, or their names).",
        ),
    ]
    page = client.get(f"/workforce/import/{job.pk}/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "There are 6 problems to correct" in html
    assert "1890 is not a plausible year of birth" in html
    assert "Import 3 workers" not in html

    # Confirming anyway changes nothing.
    response = client.post(f"/workforce/import/{job.pk}/confirm/")
    assert response.status_code == 302
    assert not Worker.objects.exists()
    assert not Job.objects.filter(kind=WRITE_KIND).exists()


def test_an_unknown_or_missing_column_is_a_file_error_naming_it(cast, client_for):
    rows = [
        ["given_name", "family_name", "sex", "birthday", "cadre", "organisation"],
        ["Ana", "Rusu", "F", 1980, "case_manager", "Directorate Bălțeni"],
    ]
    client = client_for("admin")
    upload(client, xlsx(rows), "register.xlsx")
    job = last_check()
    assert job.result["errors"] == []
    assert job.result["file_errors"][0].startswith("Unknown column “birthday” (column D).")
    assert job.result["file_errors"][1].startswith("Missing column “birth_year”")
    html = client.get(f"/workforce/import/{job.pk}/").content.decode()
    assert "Unknown column “birthday”" in html
    assert "Nothing was changed" in html


def test_two_headings_for_one_column_and_values_without_heading_are_file_errors(cast):
    rows = [
        ["given_name", "Prenume", "family_name", "sex", "birth_year", "cadre", "organisation", ""],
        ["Ana", "Ana", "Rusu", "F", 1980, "case_manager", "Directorate Bălțeni", "stray"],
    ]
    checked = check_file(xlsx(rows), "r.xlsx", entity="workers", actor=cast.admin)
    assert checked.file_errors == [
        "The columns “given_name” and “Prenume” both give given_name: keep only one.",
        "Column H has values but no heading.",
    ]


def test_a_numbering_column_is_ignored(cast):
    rows = [["Nr.", *HEAD], [1, "Ana", "Rusu", "F", 1980, "case_manager", "Directorate Bălțeni"]]
    assert check_file(xlsx(rows), "r.xlsx", entity="workers", actor=cast.admin).ok


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"PK\x03\x04 not really a workbook", "r.xlsx", "cannot be read as an .xlsx workbook"),
        ("given_name;Prenume\nĂna".encode("cp1250"), "r.csv", "not UTF-8 text"),
        (b"\n\n", "r.csv", "The file is empty"),
        (b"given_name,family_name,sex,birth_year,cadre,organisation\n", "r.csv", "headings but no rows"),
    ],
)
def test_an_unreadable_file_is_a_clear_file_error_not_a_server_error(cast, client_for, data, name, message):
    client = client_for("admin")
    upload(client, data, name)
    job = last_check()
    assert job.status == JobStatus.DONE
    assert message in job.result["file_errors"][0]
    response = client.get(f"/workforce/import/{job.pk}/")
    assert response.status_code == 200 and message in response.content.decode()


@pytest.mark.parametrize(
    ("name", "data"), [("register.xls", b"abc"), ("register.pdf", b"abc"), ("e.csv", b"")]
)
def test_the_upload_form_refuses_other_files_and_starts_nothing(cast, client_for, name, data):
    response = upload(client_for("admin"), data, name)
    assert response.status_code == 400
    assert not Job.objects.exists()


def test_the_upload_form_refuses_a_file_over_the_size_limit(cast, client_for, monkeypatch):
    from careforce.workforce.imports import forms

    monkeypatch.setattr(forms, "MAX_BYTES", 10)
    response = upload(client_for("admin"), b"x" * 11, "big.csv")
    assert response.status_code == 400
    assert "larger than" in response.content.decode()
    assert not Job.objects.exists()


# --- Duplicates and posts ------------------------------------------------------------------------------


def test_a_worker_already_registered_or_twice_in_the_file_is_an_error(cast):
    WorkerFactory(given_name="Ana", family_name="Rusu", birth_year=1980, organisation=cast.directorate)
    rows = [
        HEAD,
        ["ana", "RUSU", "F", 1980, "case_manager", "Directorate Bălțeni"],  # already registered
        ["Ion", "Ceban", "M", 1975, "case_manager", "Directorate Bălțeni"],
        ["Ion", "Ceban", "M", 1975, "case_manager", "Directorate Bălțeni"],  # row 3 again
        ["Ion", "Ceban", "M", 1975, "case_manager", "Directorate Florești"],  # another organisation: fine
    ]
    checked = check_file(xlsx(rows), "r.xlsx", entity="workers", actor=cast.admin)
    assert [(p.row, p.column, p.message) for p in checked.errors] == [
        (2, "", "A worker with this name, year of birth and organisation is already in the registry."),
        (4, "", "Repeats row 3 (same name, year of birth and organisation)."),
    ]


def test_a_post_is_found_by_title_and_one_holder_at_a_time_is_kept(cast):
    first = PostFactory(organisation=cast.directorate, title="Psiholog", funded_from=dt.date(2010, 1, 1))
    second = PostFactory(organisation=cast.directorate, title="Psiholog", funded_from=dt.date(2010, 1, 1))
    AssignmentFactory(
        post=first, worker=WorkerFactory(organisation=cast.directorate), start=dt.date(2018, 1, 1)
    )
    rows = [
        [*HEAD, "post", "assignment_start", "assignment_end", "reason_for_leaving"],
        # The first post is held: the second one, free, is taken.
        [
            "Ana",
            "Rusu",
            "F",
            1980,
            "psychologist",
            "Directorate Bălțeni",
            "psiholog",
            "2021-01-01",
            None,
            None,
        ],
        # Both are held now.
        [
            "Ion",
            "Ceban",
            "M",
            1975,
            "psychologist",
            "Directorate Bălțeni",
            "Psiholog",
            "2022-01-01",
            None,
            None,
        ],
        [
            "Eva",
            "Lupu",
            "F",
            1985,
            "psychologist",
            "Directorate Bălțeni",
            "Director",
            "2022-01-01",
            None,
            None,
        ],
        [
            "Dan",
            "Lupu",
            "M",
            1985,
            "psychologist",
            "Directorate Bălțeni",
            "Psiholog",
            "2009-01-01",
            None,
            None,
        ],
        ["Vlad", "Lupu", "M", 1985, "psychologist", "Directorate Bălțeni", "Psiholog", None, None, None],
        [
            "Olga",
            "Lupu",
            "F",
            1985,
            "psychologist",
            "Directorate Bălțeni",
            None,
            "2021-01-01",
            "2022-01-01",
            None,
        ],
    ]
    checked = check_file(xlsx(rows), "r.xlsx", entity="workers", actor=cast.admin)
    assert [(p.row, p.column, p.message) for p in checked.errors] == [
        (
            3,
            "post",
            "Every post titled “Psiholog” at Directorate Bălțeni has a holder for part of these dates.",
        ),
        (4, "post", "No post titled “Director” at Directorate Bălțeni."),
        (5, "assignment_start", "The post is not funded on this date."),
        (6, "post", "Give the assignment start as well."),
        (7, "reason_for_leaving", "Give the reason for leaving when the assignment ends."),
    ]
    assert checked.items[0].assignment.post == second


def test_posts_are_imported_and_a_bad_row_names_its_field(cast, client_for):
    rows = [
        ["title", "organisation", "area", "cadre", "fte", "funded_from", "funded_until"],
        ["Manager de caz", "Directorate Bălțeni", None, "Manager de caz", 1, "2020-01-01", None],
        ["Psiholog", "Directorate Florești", "DM-N-02", "psychologist", "0.5", "01.01.2021", "31.12.2027"],
        ["Asistent social", "Directorate Bălțeni", None, "social_worker", "1.5", "2020-01-01", "2019-01-01"],
    ]
    client = client_for("regional")
    upload(client, xlsx(rows), "posts.xlsx", kind="posts")
    job = last_check()
    assert errors_of(job) == [
        (4, "fte", "Ensure this value is less than or equal to 1.0."),
        (4, "funded_until", "Funding cannot end before it starts."),
    ]
    client.post(f"/workforce/import/{job.pk}/confirm/")
    assert not Post.objects.exists()

    upload(client, xlsx(rows[:3]), "posts.xlsx", kind="posts")
    job = last_check()
    assert job.result["ready"] is True
    client.post(f"/workforce/import/{job.pk}/confirm/")
    posts = {p.title: p for p in Post.objects.all()}
    assert (posts["Manager de caz"].cadre, posts["Manager de caz"].area, posts["Manager de caz"].fte) == (
        Cadre.CASE_MANAGER,
        cast.district,
        Decimal("1.00"),
    )
    assert (posts["Psiholog"].fte, posts["Psiholog"].funded_until) == (Decimal("0.50"), dt.date(2027, 12, 31))
    assert AuditEntry.objects.filter(object_type="workforce.post", action="create").count() == 2
    html = client.get(f"/workforce/import/{job.pk}/").content.decode()
    assert "2 posts were imported." in html

    # The same file again: a note, not an error (organisations have several posts of one title).
    upload(client, xlsx(rows[:3]), "posts.xlsx", kind="posts")
    job = last_check()
    assert job.result["ready"] is True
    assert [w["row"] for w in job.result["warnings"]] == [2, 3]


# --- The regional manager's scope ----------------------------------------------------------------------


def test_a_regional_manager_cannot_name_an_organisation_or_area_outside_her_region(cast):
    rows = [
        [*HEAD, "area"],
        ["Ana", "Rusu", "F", 1980, "case_manager", "Directorate Cahul", None],  # exists, in the south
        ["Ion", "Ceban", "M", 1975, "case_manager", "Directorate Nowhere", None],  # does not exist
        ["Eva", "Lupu", "F", 1985, "case_manager", "Directorate Bălțeni", "DM-S-01"],  # area in the south
        ["Dan", "Lupu", "M", 1985, "case_manager", str(cast.far_directorate.pk), None],  # by number
    ]
    checked = check_file(xlsx(rows), "r.xlsx", entity="workers", actor=cast.regional)
    assert [(p.row, p.column, p.message) for p in checked.errors] == [
        (2, "organisation", "“Directorate Cahul”: organisation not found in your scope."),
        (3, "organisation", "“Directorate Nowhere”: organisation not found in your scope."),
        (4, "area", "“DM-S-01”: area not found in your scope."),
        (5, "organisation", f"“{cast.far_directorate.pk}”: organisation not found in your scope."),
    ]
    # The national administrator may name them all.
    assert check_file(xlsx(rows[:2] + rows[3:]), "r.xlsx", entity="workers", actor=cast.admin).ok


# --- Re-checked when written, all or nothing -----------------------------------------------------------


def test_the_import_checks_again_and_writes_nothing_if_the_registry_changed(cast, client_for):
    rows = [
        HEAD,
        ["Ana", "Rusu", "F", 1980, "case_manager", "Directorate Bălțeni"],
        ["Ion", "Ceban", "M", 1975, "case_manager", "Directorate Bălțeni"],
    ]
    client = client_for("admin")
    upload(client, xlsx(rows), "r.xlsx")
    job = last_check()
    assert job.result["ready"]
    WorkerFactory(given_name="Ion", family_name="Ceban", birth_year=1975, organisation=cast.directorate)
    client.post(f"/workforce/import/{job.pk}/confirm/")
    write = Job.objects.get(kind=WRITE_KIND)
    assert write.status == JobStatus.DONE and write.result["created"] == 0
    assert [e["row"] for e in write.result["errors"]] == [3]
    assert Worker.objects.count() == 1
    html = client.get(f"/workforce/import/{job.pk}/").content.decode()
    assert "the registry changed since the file was checked" in html
    # It cannot be confirmed again: the file must be corrected.
    client.post(f"/workforce/import/{job.pk}/confirm/")
    assert Job.objects.filter(kind=WRITE_KIND).count() == 1


def test_an_error_while_writing_leaves_nothing_written(cast, client_for, monkeypatch):
    rows = [
        HEAD,
        ["Ana", "Rusu", "F", 1980, "case_manager", "Directorate Bălțeni"],
        ["Ion", "Ceban", "M", 1975, "case_manager", "Directorate Bălțeni"],
    ]
    client = client_for("admin")
    upload(client, xlsx(rows), "r.xlsx")
    job = last_check()

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(AuditEntry.objects, "bulk_create", broken)
    client.post(f"/workforce/import/{job.pk}/confirm/")
    write = Job.objects.get(kind=WRITE_KIND)
    assert write.status == JobStatus.FAILED
    assert not Worker.objects.exists()
    html = client.get(f"/workforce/import/{job.pk}/").content.decode()
    assert "Nothing was changed" in html
    assert "Import 2 workers" in html  # a write stopped by an error may be tried again
    monkeypatch.undo()
    client.post(f"/workforce/import/{job.pk}/confirm/")
    assert Worker.objects.count() == 2


def test_confirming_twice_imports_once(cast, client_for):
    client = client_for("admin")
    upload(client, xlsx([HEAD, ["Ana", "Rusu", "F", 1980, "case_manager", "Directorate Bălțeni"]]), "r.xlsx")
    job = last_check()
    client.post(f"/workforce/import/{job.pk}/confirm/")
    client.post(f"/workforce/import/{job.pk}/confirm/")
    assert Job.objects.filter(kind=WRITE_KIND).count() == 1
    assert Worker.objects.count() == 1


# --- Progress on the page ------------------------------------------------------------------------------


def test_the_page_polls_with_a_progress_bar_while_the_check_runs(cast, client_for):
    job = Job.objects.create(
        kind=CHECK_KIND,
        title="Workers from r.xlsx",
        created_by=cast.regional,
        status=JobStatus.RUNNING,
        message="checking",
        progress_done=1200,
        progress_total=5000,
        params={"entity": "workers"},
    )
    client = client_for("regional")
    html = client.get(f"/workforce/import/{job.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert html.startswith('<div id="import-status" hx-get=')
    assert 'hx-trigger="every 1s"' in html
    assert '<progress max="5000" value="1200"' in html and "1,200 of 5,000 (24%)" in html
    Job.objects.filter(pk=job.pk).update(
        status=JobStatus.DONE, result={"rows": 1, "errors": [], "ready": True}
    )
    html = client.get(f"/workforce/import/{job.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert "hx-trigger" not in html and "<progress" not in html


def test_the_upload_page_lists_the_users_own_imports(cast, client_for):
    client = client_for("regional")
    upload(
        client, xlsx([HEAD, ["Ana", "Rusu", "F", 1980, "case_manager", "Directorate Bălțeni"]]), "mine.xlsx"
    )
    Job.objects.create(kind=CHECK_KIND, title="Workers from theirs.xlsx", created_by=cast.admin)
    html = client.get("/workforce/import/").content.decode()
    assert "Workers from mine.xlsx" in html and "Ready to import" in html
    assert "theirs.xlsx" not in html


# --- Templates -------------------------------------------------------------------------------------------


def test_the_xlsx_template_lists_the_columns_values_and_the_scope(cast, client_for):
    response = client_for("regional").get("/workforce/import/template/workers.xlsx")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="careforce-workers.xlsx"'
    book = load_workbook(io.BytesIO(response.content))
    first = book.worksheets[0]
    assert [c.value for c in first[1]] == [c.key for c in COLUMNS["workers"]]
    orgs = {row[1] for row in book["Organisations"].iter_rows(min_row=2, values_only=True)}
    assert orgs == {
        "Directorate Nord",
        "Directorate Bălțeni",
        "Social assistance Valea Nucilor",
        "Directorate Florești",
    }
    values = {
        (row[0], row[1], row[3]) for row in book["Accepted values"].iter_rows(min_row=2, values_only=True)
    }
    assert ("cadre", "community_assistant", "Asistent social comunitar") in values


def test_a_filled_in_template_imports(cast, client_for):
    client = client_for("admin")
    book = load_workbook(io.BytesIO(client.get("/workforce/import/template/posts.xlsx").content))
    book.worksheets[0].append(
        ["Psiholog", "Directorate Bălțeni", None, "psychologist", 1, dt.date(2024, 1, 1)]
    )
    out = io.BytesIO()
    book.save(out)
    upload(client, out.getvalue(), "filled.xlsx", kind="posts")
    assert last_check().result["ready"] is True


def test_the_csv_template_is_utf8_with_bom_and_reads_back(cast, client_for):
    response = client_for("admin").get("/workforce/import/template/workers.csv")
    assert response.status_code == 200 and response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith(b"\xef\xbb\xbfgiven_name,family_name,sex,birth_year,cadre,")
    checked = check_file(response.content, "t.csv", entity="workers", actor=cast.admin)
    assert checked.file_errors == ["The file has headings but no rows."]


def test_each_heading_means_one_column():
    for entity, columns in COLUMNS.items():
        seen: dict[str, str] = {}
        for column in columns:
            for heading in column.headings():
                assert seen.setdefault(heading, column.key) == column.key, (entity, heading)


def test_headings_and_values_ignore_case_accents_and_spacing():
    assert norm("Anul nașterii") == norm("ANUL_NAŞTERII") == norm("anul  nasterii") == "anul nasterii"
    assert norm(" Given-Name ") == "given name"


# --- Speed: look-ups are loaded once, not per row ------------------------------------------------------


def _rows(n: int) -> list[list]:
    return [HEAD] + [
        [f"Given{i}", f"Family{i}", "F", 1980, "case_manager", "Directorate Bălțeni"] for i in range(n)
    ]


def test_checking_takes_the_same_queries_for_more_rows(cast):
    few = xlsx(_rows(3))
    many = xlsx(_rows(60))
    with CaptureQueriesContext(connection) as small:
        assert check_file(few, "r.xlsx", entity="workers", actor=cast.admin).ok
    with CaptureQueriesContext(connection) as large:
        assert check_file(many, "r.xlsx", entity="workers", actor=cast.admin).ok
    assert len(large.captured_queries) == len(small.captured_queries)


# --- The command line ----------------------------------------------------------------------------------


def test_the_command_imports_a_file_as_a_user(cast, tmp_path, capsys):
    path = tmp_path / "register.csv"
    path.write_bytes(csv_file(_rows(4)))
    call_command("import_registry", str(path), kind="workers", username="regional", no_progress=True)
    assert Worker.objects.count() == 4
    assert "Imported 4 workers from register.csv." in capsys.readouterr().out
    assert AuditEntry.objects.filter(object_type="workforce.worker", actor=cast.regional).count() == 4


def test_the_command_prints_row_errors_exits_1_and_writes_nothing(cast, tmp_path, capsys):
    rows = _rows(3)
    rows[2][3] = 1890
    path = tmp_path / "register.xlsx"
    path.write_bytes(xlsx(rows))
    with pytest.raises(CommandError, match="Nothing was imported: 1 problem to correct."):
        call_command("import_registry", str(path), kind="workers", username="admin", no_progress=True)
    assert "Row 3, birth_year: 1890 is not a plausible year of birth (1930–2015)." in capsys.readouterr().err
    assert not Worker.objects.exists()


def test_the_command_refuses_a_user_who_may_not_import(cast, tmp_path):
    path = tmp_path / "register.csv"
    path.write_bytes(csv_file(_rows(1)))
    with pytest.raises(CommandError, match="not an active national administrator or regional manager"):
        call_command("import_registry", str(path), kind="workers", username="casemanager", no_progress=True)


def test_the_command_exits_with_status_1(cast, tmp_path):
    from careforce.cli import main

    path = tmp_path / "register.csv"
    path.write_bytes(b"nonsense\n1\n")
    with pytest.raises(SystemExit) as exit_info:
        main(["import_registry", str(path), "--kind", "workers", "--as", "admin", "--no-progress"])
    assert exit_info.value.code == 1


def test_a_checked_file_written_directly_links_each_assignment_to_its_worker(cast):
    post = PostFactory(organisation=cast.directorate, title="Psiholog", funded_from=dt.date(2010, 1, 1))
    rows = [
        [*HEAD, "post", "assignment_start"],
        ["Ana", "Rusu", "F", 1980, "psychologist", "Directorate Bălțeni", "Psiholog", "2020-01-01"],
    ]
    checked = check_file(xlsx(rows), "r.xlsx", entity="workers", actor=cast.admin)
    assert checked.ok
    write_checked(checked, actor=cast.admin)
    assignment = Assignment.objects.get()
    assert (assignment.post, assignment.worker.given_name) == (post, "Ana")


def test_a_stalled_import_may_be_confirmed_again(cast, client_for):
    from datetime import timedelta

    from django.utils import timezone

    client = client_for("admin")
    upload(client, xlsx([HEAD, ["Ana", "Rusu", "F", 1980, "case_manager", "Directorate Bălțeni"]]), "r.xlsx")
    job = last_check()
    long_ago = timezone.now() - Job.STALL_AFTER - timedelta(minutes=1)
    # A write whose worker was killed: still "running", no news for long, nothing written.
    Job.objects.create(
        kind=WRITE_KIND,
        title="Importing",
        created_by=cast.admin,
        parent=job,
        status=JobStatus.RUNNING,
        created_at=long_ago,
        heartbeat_at=long_ago,
    )
    html = client.get(f"/workforce/import/{job.pk}/").content.decode()
    assert "stopped without finishing" in html and "hx-trigger" not in html
    client.post(f"/workforce/import/{job.pk}/confirm/")
    assert Worker.objects.count() == 1


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_the_pages_take_the_same_number_of_queries_for_more_rows(cast, client_for):
    client = client_for("admin")
    upload(client, xlsx(_rows(3)), "few.xlsx")
    few_job = last_check()
    client.post(f"/workforce/import/{few_job.pk}/confirm/")
    few = (_queries(client, "/workforce/import/"), _queries(client, f"/workforce/import/{few_job.pk}/"))
    for i in range(4):
        rows = [HEAD] + [
            [f"G{i}x{j}", "F", "F", 1980, "case_manager", "Directorate Florești"] for j in range(30)
        ]
        upload(client, xlsx(rows), f"more{i}.xlsx")
        client.post(f"/workforce/import/{last_check().pk}/confirm/")
    many_job = last_check()
    assert Worker.objects.count() == 3 + 4 * 30
    many = (_queries(client, "/workforce/import/"), _queries(client, f"/workforce/import/{many_job.pk}/"))
    assert many == few
