"""The State of the Social Service Workforce report (domain.md section 4, issue 7): for a country or an area
and a year, the workforce profile, its distribution and gaps by area, staffing need, training and CPD,
supervision, care reform and case management, each figure with its chart, its table and a method note.

Every figure is read from its one definition in `indicators.REGISTRY` and published: each table goes
through `suppress`, and the report says where cells were hidden. The only figure that is not an indicator
is the age profile of the workers in post, read from the workforce app's own definition
(`workforce.indicators.compute`, the one the indicator "workers in post" counts from).

The report is built here as plain content (`Report`); the page, the PDF, the background job and the API
render the same content with the same templates.
"""

from __future__ import annotations

import base64
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import number_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from careforce.core.charts import Bar, bar_chart, line_chart
from careforce.core.jobs import OUTPUT
from careforce.core.models import Area
from careforce.workforce import indicators as wf

from .. import figures
from ..indicators import DIMENSIONS, REGISTRY, TOTAL, Cell, Indicator, Period, Table, suppress
from .scope import (  # noqa: F401  (the report's who, what and when, read as report.<name>)
    BACKGROUND_ABOVE_AREAS,
    KIND,
    MAX_ID,
    MIN_YEAR,
    YEARS_OFFERED,
    area_in_scope,
    default_year,
    in_background,
    in_scope,
    report_language,
    report_years,
    year_problem,
)

# WeasyPrint styles an inline SVG only from a <style> inside it (the page's stylesheet does the same for the
# browser, where an inline <style> would break the Content-Security-Policy): the PDF's charts carry this one.
# The charts size their labels for 13px of a browser's sans-serif; the shipped DejaVu Sans is wider.
PDF_CHART_STYLE = (
    "<style>text { font-family: CF, sans-serif; } .chart-label { font-size: 11px; fill: #1d2630; } "
    ".chart-value, .chart-tick { font-size: 10.5px; fill: #5a6773; } .chart-axis { stroke: #9aa7b2; } "
    ".chart-grid { stroke: #e8ecef; }</style>"
)

TREND_YEARS = 5
HIDDEN = "*"
MISSING = "–"


# --- The content -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Shown:
    """A cell as published: its text, the counts behind a rate, and whether it was hidden."""

    cell: Cell
    text: str
    detail: str = ""

    @property
    def suppressed(self) -> bool:
        return self.cell.suppressed


@dataclass(frozen=True)
class Spec:
    code: str
    by: str | None = None
    chart: str = "areas"  # "areas": the areas below; "columns": the scope's own row across the columns
    trend: bool = False  # drawn year by year, too
    title_by: bool = True  # "… by cadre"; False where the indicator's name says it already


@dataclass
class Note:
    """The method note under a figure, from the indicator's own definition."""

    description: str
    formula: str
    unit: str
    code: str
    by: str = ""
    suppression: bool = False
    hidden: int = 0


@dataclass
class Figure:
    anchor: str
    title: str
    indicator: Indicator | None
    columns: list[tuple[str, str]]
    rows: list[tuple[Area, list[Shown]]]  # the areas below the report's area
    total: tuple[Area, list[Shown]]  # the report's area itself
    note: Note
    chart: SafeString | None = None
    chart_missing: bool = False  # some bars left out: hidden or without a value
    trend: list[tuple[int, Shown]] = field(default_factory=list)
    trend_chart: SafeString | None = None
    table: Table | None = None  # the published (suppressed) table the rows were read from

    @property
    def pdf_chart(self) -> SafeString | None:
        return _pdf_styled(self.chart)

    @property
    def pdf_trend_chart(self) -> SafeString | None:
        return _pdf_styled(self.trend_chart)

    @property
    def trend_hidden(self) -> int:
        return sum(1 for _year, s in self.trend if s.suppressed)

    @property
    def hidden(self) -> int:
        return self.note.hidden + self.trend_hidden

    @property
    def wide(self) -> bool:
        return len(self.columns) > 5

    @property
    def details_shown(self) -> bool:
        return not self.wide and any(s.detail for _area, row in [*self.rows, self.total] for s in row)


def _pdf_styled(chart: SafeString | None) -> SafeString | None:
    if not chart:
        return chart
    head, sep, rest = str(chart).partition(">")  # the end of the opening <svg …> tag
    return mark_safe(head + sep + PDF_CHART_STYLE + rest)


@dataclass
class Section:
    key: str
    title: str
    intro: str
    figures: list[Figure]


@dataclass
class Report:
    area: Area
    year: int
    period: Period
    built_at: dt.datetime
    language: str
    sections: list[Section]

    @property
    def title(self) -> str:
        return _("State of the Social Service Workforce")

    @property
    def figures(self) -> list[Figure]:
        return [f for s in self.sections for f in s.figures]

    @property
    def suppressed_figures(self) -> list[Figure]:
        return [f for f in self.figures if f.hidden]

    @property
    def filename(self) -> str:
        return f"state-of-the-workforce-{self.area.code}-{self.year}"

    def figure(self, code: str, by: str | None = None) -> Figure:
        return next(f for f in self.figures if f.indicator and f.indicator.code == code and f.note.by == (by or ""))


# (key, title, introduction, figures)
SECTIONS: list[tuple[str, object, object, list[Spec]]] = [
    ("profile", gettext_lazy("Workforce profile"),
     gettext_lazy("Who the workers in post are on the last day of the period: their cadres, sex and age, and "
                  "how many there are for the children they serve."),
     [Spec("workers_in_post", "cadre", "columns"), Spec("workers_in_post", "sex", "columns"),
      Spec("ages", chart="columns"), Spec("workers_in_post", "organisation_type", "columns"),
      Spec("workforce_density", "cadre", "columns")]),
    ("distribution", gettext_lazy("Distribution and gaps by area"),
     gettext_lazy("How the workforce is spread over the areas one level below, the posts left empty and the "
                  "workers who left."),
     [Spec("workforce_density"), Spec("vacancy_rate"), Spec("attrition_rate")]),
    ("staffing", gettext_lazy("Staffing need"),
     gettext_lazy("Staff in post against the staff the recorded workload needs, from the year's staffing "
                  "studies (WHO's WISN method)."),
     [Spec("wisn_ratio", "cadre")]),
    ("training", gettext_lazy("Training and continuing professional development"),
     gettext_lazy("Training sessions held, the workers who completed them, the reach of the training of "
                  "trainers, and who did the CPD their cadre requires."),
     [Spec("training_sessions"), Spec("people_trained", "cadre", "columns"), Spec("cascade_reach"),
      Spec("cpd_compliance", "cadre")]),
    ("supervision", gettext_lazy("Supervision"),
     gettext_lazy("Workers supervised as often as the standard asks for their career stage."),
     [Spec("supervision_coverage")]),
    ("care", gettext_lazy("Care reform"),
     gettext_lazy("Where children live, who enters and leaves residential care, reintegrations in families and "
                  "how many last, and separations prevented."),
     [Spec("children_by_care_setting", "setting", "columns", title_by=False),
      Spec("children_in_residential_care", trend=True),
      Spec("residential_entries"), Spec("residential_exits"), Spec("reintegrations"),
      Spec("reintegrations_sustained"), Spec("separations_prevented")]),
    ("cases", gettext_lazy("Case management"),
     gettext_lazy("Cases open at the end of the period, the steps of the minimum standards done on time, and "
                  "the plans that record the child's view."),
     [Spec("open_cases", "risk", "columns"), Spec("standards_met_on_time"), Spec("plans_with_child_view")]),
]


def _number(value: float, decimals: int) -> str:
    if float(value).is_integer():
        return number_format(int(value), force_grouping=True)
    return number_format(round(value, decimals), decimal_pos=decimals, force_grouping=True)


def value_text(value: float | None, unit: str) -> str:
    if value is None:
        return MISSING
    if unit == "count":
        return number_format(round(value), force_grouping=True)
    decimals = 2 if unit == "ratio" else 1
    text = number_format(round(value, decimals), decimal_pos=decimals, force_grouping=True)
    return f"{text} %" if unit == "percent" else text


def shown(cell: Cell, unit: str) -> Shown:
    if cell.suppressed:
        return Shown(cell, HIDDEN)
    detail = ""
    if unit != "count" and cell.value is not None and cell.numerator is not None and cell.denominator is not None:
        detail = _("%(numerator)s of %(denominator)s") % {
            "numerator": _number(cell.numerator, 1), "denominator": _number(cell.denominator, 1),
        }
    return Shown(cell, value_text(cell.value, unit), detail)


def _unit_suffix(unit: str) -> str:
    return "%" if unit == "percent" else ""


def _figure_title(indicator: Indicator, spec: Spec) -> str:
    if spec.by is None or not spec.title_by:
        return str(indicator.name)
    return _("%(indicator)s by %(dimension)s") % {"indicator": indicator.name,
                                                   "dimension": str(DIMENSIONS[spec.by]).lower()}


def _chart(spec: Spec, indicator: Indicator, figure: Figure) -> tuple[SafeString | None, bool]:
    """Bars for the areas below (the total column, or the first one where there is no total) or for the
    columns of the report's area. Hidden cells and cells without a value are left out, and said so."""
    if not figure.columns:
        return None, False
    keys = [k for k, _label in figure.columns]
    unit = indicator.unit
    decimals = 2 if unit == "ratio" else 1
    if spec.chart == "columns":
        cells = [(label, s) for (key, label), s in zip(figure.columns, figure.total[1], strict=True) if key != TOTAL]
        title = _("%(figure)s in %(area)s (%(unit)s)")
    else:
        index = keys.index(TOTAL) if TOTAL in keys else 0
        cells = [(area.display_name, row[index]) for area, row in figure.rows]
        title = _("%(figure)s by area (%(unit)s)")
        if TOTAL not in keys:  # the WISN ratio: one column per cadre studied, the first one drawn
            title = _("%(figure)s by area, %(column)s (%(unit)s)")
    title = title % {"figure": figure.title if spec.chart == "columns" else indicator.name,
                     "area": figure.total[0].display_name, "unit": indicator.unit_label,
                     "column": figure.columns[0][1]}
    bars = [
        Bar(label, round(s.cell.value, decimals), highlight=unit == "ratio" and s.cell.value < 1)
        for label, s in cells if not s.suppressed and s.cell.value is not None
    ]
    missing = len(bars) < len(cells)
    if not bars:
        return None, missing
    if unit == "ratio":
        chart = bar_chart(bars, title=title, decimals=2, reference=1.0, reference_label=_("balanced"))
    else:
        chart = bar_chart(bars, title=title, unit=_unit_suffix(unit), decimals=decimals)
    return chart, missing


def _note(indicator: Indicator, by: str | None, table: Table) -> Note:
    return Note(
        description=str(indicator.description), formula=str(indicator.formula), unit=indicator.unit_label,
        code=indicator.code, by=by or "", suppression=indicator.counts_children,
        hidden=sum(1 for c in table.cells.values() if c.suppressed),
    )


def _trend_periods(period: Period, today: dt.date) -> list[Period]:
    return [Period.year(y, today) for y in range(period.end.year - TREND_YEARS + 1, period.end.year + 1)]


def asks(area: Area, year: int, *, today: dt.date | None = None) -> list[figures.Ask]:
    """The indicator tables the report of `area` for `year` reads (figures.py), its trends included."""
    today = today or timezone.localdate()
    period = Period.year(year, today)
    out = []
    for _key, _title, _intro, specs in SECTIONS:
        for spec in specs:
            if spec.code == "ages":
                continue
            out.append(figures.ask(spec.code, area, period, spec.by))
            if spec.trend:
                out += [figures.ask(spec.code, area, p) for p in _trend_periods(period, today)]
    return out


def indicator_figure(spec: Spec, area: Area, period: Period, *, today: dt.date,
                     tables: dict[str, Table] | None = None) -> Figure:
    """One figure; `tables` holds the tables read already (by `figures.Ask.key`)."""
    indicator = REGISTRY[spec.code]
    tables = tables or {}

    def read(p: Period, by: str | None) -> Table:
        a = figures.ask(indicator, area, p, by)
        return tables.get(a.key) or figures.tables([a])[0]

    table = suppress(read(period, spec.by))
    unit = indicator.unit
    rows = [(a, [shown(c, unit) for c in cells]) for a, cells in table.rows()]
    figure = Figure(
        anchor=f"fig-{spec.code}" + (f"-{spec.by}" if spec.by else ""),
        title=_figure_title(indicator, spec),
        indicator=indicator,
        columns=list(table.columns),
        rows=rows[1:],
        total=rows[0],
        note=_note(indicator, spec.by, table),
        table=table,
    )
    figure.chart, figure.chart_missing = _chart(spec, indicator, figure)
    if spec.trend:
        for p in _trend_periods(period, today):
            cell = suppress(read(p, None)).cell(area.pk)
            figure.trend.append((p.end.year, shown(cell, unit)))
        points = [(str(y), s.cell.value) for y, s in figure.trend if not s.suppressed and s.cell.value is not None]
        if len(points) > 1:
            figure.trend_chart = line_chart(
                points, title=_("%(figure)s in %(area)s, year by year") % {
                    "figure": indicator.name, "area": area.display_name})
    return figure


def age_figure(area: Area, period: Period) -> Figure:
    """Workers in post by age band, as the workforce registry defines age (the year of the date minus the
    year of birth): counts of workers, not of children, so nothing is hidden."""
    workforce = wf.compute(root=area, on=period.end, period_from=period.start)
    areas = [area, *workforce.children_of(area)]
    columns = [(str(i), str(label)) for i, (_lowest, label) in enumerate(wf.AGE_BANDS)] + [(TOTAL, _("Total"))]

    def row(a: Area) -> list[Shown]:
        f = workforce.get(a.pk)
        return [shown(Cell(n, numerator=n), "count") for n in [*f.ages, f.headcount]]

    rows = [(a, row(a)) for a in areas]
    total = workforce.get(area.pk)
    share = total.share_55_and_over
    figure = Figure(
        anchor="fig-ages",
        title=_("Workers in post by age"),
        indicator=None,
        columns=columns,
        rows=rows[1:],
        total=rows[0],
        note=Note(
            description=_("Workers with an assignment running on the period's last day, by age; %(share)s are "
                          "aged 55 and over, the retirement risk.") % {
                "share": MISSING if share is None else value_text(100 * share, "percent")},
            formula=_("Age on the period's last day: its year minus the year of birth. The total is the "
                      "indicator workers_in_post."),
            unit=_("number"), code="",
        ),
    )
    bars = [Bar(label, s.cell.value or 0) for (key, label), s in zip(columns, rows[0][1], strict=True) if key != TOTAL]
    if total.headcount:
        figure.chart = bar_chart(bars, title=_("Workers in post in %(area)s by age") % {"area": area.display_name})
    return figure


def build(
    *, area: Area, year: int, today: dt.date | None = None, progress: Callable[[int, int], None] | None = None
) -> Report:
    """The report's content, section by section (`progress(done, total)` after each)."""
    today = today or timezone.localdate()
    period = Period.year(year, today)
    wanted = asks(area, year, today=today)
    tables = dict(zip((a.key for a in wanted), figures.tables(wanted), strict=True))  # one read for them all
    sections = []
    for done, (key, title, intro, specs) in enumerate(SECTIONS, start=1):
        shown_figures = [
            age_figure(area, period) if spec.code == "ages"
            else indicator_figure(spec, area, period, today=today, tables=tables)
            for spec in specs
        ]
        sections.append(Section(key, str(title), str(intro), shown_figures))
        if progress is not None:
            progress(done, len(SECTIONS))
    return Report(area=area, year=year, period=period, built_at=timezone.now(),
                  language=translation.get_language() or "en", sections=sections)


# --- Rendering: the page's body, the PDF -------------------------------------------------------------------


def render_body(report: Report) -> SafeString:
    """The report as HTML for the page (also what a background build stores)."""
    return mark_safe(render_to_string("evidence/report_body.html", {"report": report}))


def render_pdf_bytes(report: Report) -> bytes:
    from careforce.core.pdf import render_pdf

    response = render_pdf(None, "evidence/pdf/report.html", {"report": report}, filename=report.filename)
    return response.content


def pdf_response(pdf: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}.pdf"'
    return response


def stored_result(report: Report, *, progress: Callable[[], None] | None = None) -> dict:
    """What a background build keeps on its job: the page's HTML and the PDF, rendered once."""
    html = str(render_body(report))
    if progress is not None:
        progress()
    pdf = render_pdf_bytes(report)
    return {
        "area": report.area.pk,
        "year": report.year,
        "built_at": report.built_at.isoformat(),
        "language": report.language,
        "filename": report.filename,
        "hidden": sum(f.hidden for f in report.figures),
        "html": html,
        "pdf_size": len(pdf),
        OUTPUT: pdf,  # kept as bytes on the job (Job.output)
    }


def stored_pdf(job) -> bytes:
    """The PDF a background build kept on its job (older builds kept it base64 in the result)."""
    if job.output:
        return bytes(job.output)
    return base64.b64decode(job.result.get("pdf") or b"")
