"""The columns of an import file: English headings, the Romanian and Russian headings also accepted, and the
values accepted for each choice (the code, or its label in any of the three languages)."""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

from django.db import models
from django.utils import translation
from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from ..models import Cadre, LeavingReason, Post, Qualification, Sex, Worker

LANGUAGES = ("en", "ro", "ru")


def norm(value: object) -> str:
    """A heading or value as compared: case, accents, spacing and punctuation do not matter.

    "Anul nașterii", "anul nasterii" and "ANUL_NAȘTERII" are one heading; ş (cedilla) and ș (comma) too.
    """
    text = unicodedata.normalize("NFKD", str(value)).casefold()
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"[\s_\-./:,;()]+", " ", text).strip()


@dataclass(frozen=True)
class Column:
    key: str  # the heading written in the templates
    help: Promise  # what to write, shown on the import page
    required: bool = False
    aliases: tuple[str, ...] = ()  # other headings accepted: English words, Romanian, Russian
    model: type[models.Model] | None = None  # the model field whose translated name is accepted too
    field: str = ""
    choices: type[models.TextChoices] | None = None

    def headings(self) -> set[str]:
        names = {self.key, self.key.replace("_", " "), *self.aliases}
        if self.model is not None and self.field:
            verbose = self.model._meta.get_field(self.field).verbose_name
            for lang in LANGUAGES:
                with translation.override(lang):
                    names.add(str(verbose))
        return {norm(n) for n in names}

    @property
    def example_aliases(self) -> list[str]:
        return list(self.aliases)


# A numbering column ("Nr.", "№ п/п") is common in registers kept in spreadsheets: it is ignored.
IGNORED_HEADINGS = {norm(h) for h in ("no", "nr", "nr crt", "#", "№", "n", "№ п/п", "п/п", "n/o", "row")}

ORGANISATION_HELP = _(
    "The organisation's exact name as Careforce has it (see the list in the XLSX template), or its number."
)
AREA_HELP = _("Optional: the code of the area, e.g. MD-N-03. Left empty, the organisation's area.")
FTE_HELP = _("Optional: between 0.1 and 1 (a comma is accepted: 0,5). Left empty, 1 or the post's.")
DATE_HELP = _("A date: 2024-03-01, 01.03.2024 or 01/03/2024 (day first).")

WORKER_COLUMNS: tuple[Column, ...] = (
    Column(
        "given_name",
        _("Given name."),
        True,
        ("first name", "prenume", "prenumele", "имя"),
        Worker,
        "given_name",
    ),
    Column(
        "family_name",
        _("Family name."),
        True,
        ("last name", "surname", "nume", "numele", "nume de familie", "фамилия"),
        Worker,
        "family_name",
    ),
    Column(
        "sex",
        _("F or M (or Female, Male in any of the three languages)."),
        True,
        ("gender", "sexul", "gen", "пол"),
        Worker,
        "sex",
        Sex,
    ),
    Column(
        "birth_year",
        _("Year of birth, e.g. 1984."),
        True,
        ("year of birth", "anul nașterii", "an naștere", "год рождения"),
        Worker,
        "birth_year",
    ),
    Column(
        "cadre",
        _("The cadre: its code or its name (see the list below)."),
        True,
        ("categorie", "categoria", "categorie profesională", "категория", "категория персонала"),
        Worker,
        "cadre",
        Cadre,
    ),
    Column(
        "qualification",
        _("Optional: the highest qualification (see the list below)."),
        False,
        ("calificare", "calificarea", "studii", "квалификация", "образование"),
        Worker,
        "qualification",
        Qualification,
    ),
    Column(
        "professional_registration",
        _("Optional: the professional registration number."),
        False,
        (
            "registration",
            "înregistrare profesională",
            "nr. înregistrare",
            "регистрация",
            "профессиональная регистрация",
        ),
        Worker,
        "professional_registration",
    ),
    Column(
        "organisation",
        ORGANISATION_HELP,
        True,
        (
            "organization",
            "employer",
            "organizație",
            "organizația",
            "angajator",
            "организация",
            "работодатель",
        ),
        Worker,
        "organisation",
    ),
    Column(
        "area",
        AREA_HELP,
        False,
        ("area code", "teritoriu", "teritoriul", "cod teritoriu", "территория", "код территории"),
        Worker,
        "area",
    ),
    Column(
        "email",
        _("Optional: e-mail address."),
        False,
        ("e-mail", "e mail", "эл почта", "электронная почта"),
        Worker,
        "email",
    ),
    Column(
        "phone", _("Optional: telephone number."), False, ("telephone", "telefon", "телефон"), Worker, "phone"
    ),
    Column(
        "post",
        _("Optional: the title of a funded post at the organisation (needs an assignment start)."),
        False,
        ("post title", "funcție", "funcția", "должность", "штатная должность"),
        None,
        "",
    ),
    Column(
        "assignment_start",
        format_lazy("{} {}", _("Optional: when the worker started there."), DATE_HELP),
        False,
        ("start", "start date", "data angajării", "început", "начало", "дата начала", "дата приёма"),
    ),
    Column(
        "assignment_end",
        format_lazy("{} {}", _("Optional: when the worker left."), DATE_HELP),
        False,
        ("end", "end date", "data plecării", "sfârșit", "окончание", "дата окончания", "дата увольнения"),
    ),
    Column(
        "reason_for_leaving",
        _("Needed when the assignment ended: voluntary or involuntary."),
        False,
        ("motivul plecării", "причина ухода", "причина увольнения"),
        None,
        "",
        LeavingReason,
    ),
    Column("fte", FTE_HELP, False, ("full-time equivalent", "normă", "ставка")),
)

POST_COLUMNS: tuple[Column, ...] = (
    Column(
        "title",
        _("The post's title."),
        True,
        ("post", "post title", "denumire", "denumirea", "funcție", "название", "должность"),
        Post,
        "title",
    ),
    Column(
        "organisation",
        ORGANISATION_HELP,
        True,
        ("organization", "organizație", "organizația", "организация"),
        Post,
        "organisation",
    ),
    Column(
        "area",
        AREA_HELP,
        False,
        ("area code", "teritoriu", "teritoriul", "territory", "территория"),
        Post,
        "area",
    ),
    Column(
        "cadre",
        _("The cadre: its code or its name (see the list below)."),
        True,
        ("categorie", "categoria", "categorie profesională", "категория", "категория персонала"),
        Post,
        "cadre",
        Cadre,
    ),
    Column("fte", FTE_HELP, False, ("full-time equivalent", "normă", "ставка"), Post, "fte"),
    Column(
        "funded_from",
        format_lazy("{} {}", _("Since when the post is funded."), DATE_HELP),
        True,
        ("funded since", "finanțată din", "финансируется с"),
        Post,
        "funded_from",
    ),
    Column(
        "funded_until",
        format_lazy("{} {}", _("Optional: when its funding ends."), DATE_HELP),
        False,
        ("finanțată până la", "финансируется до"),
        Post,
        "funded_until",
    ),
)

COLUMNS = {"workers": WORKER_COLUMNS, "posts": POST_COLUMNS}

# Extra spellings of choice values people write in registers.
EXTRA_VALUES: dict[type[models.TextChoices], dict[str, str]] = {
    Sex: {
        "ж": "F",
        "м": "M",
        "f": "F",
        "m": "M",
        "femeie": "F",
        "bărbat": "M",
        "женщина": "F",
        "мужчина": "M",
    },
    LeavingReason: {"voluntar": "voluntary", "involuntar": "involuntary"},
}


@functools.cache
def value_map(choices: type[models.TextChoices]) -> dict[str, str]:
    """Every accepted spelling of a choice (normalised) → its code."""
    out: dict[str, str] = {}
    for code, label in choices.choices:
        out[norm(code)] = code
        for lang in LANGUAGES:
            with translation.override(lang):
                out.setdefault(norm(str(label)), code)
    for spelling, code in EXTRA_VALUES.get(choices, {}).items():
        out.setdefault(norm(spelling), code)
    return out


@functools.cache
def heading_map(entity: str) -> dict[str, str]:
    """Every accepted heading (normalised) → the column key."""
    out: dict[str, str] = {}
    for column in COLUMNS[entity]:
        for heading in column.headings():
            # A heading shared by two columns would be ambiguous: the first column (in file order) keeps it.
            out.setdefault(heading, column.key)
    return out
