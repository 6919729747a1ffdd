"""Load the default caseload standards (domain.md section 2). Defaults only: each country sets its own.

The note is left empty: it is shown as written, so the administrator writes it in the country's language.
"""

from django.db import migrations

DEFAULTS = [
    # CWLA: about 17 active families per worker in ongoing (case management) work. A default to be set
    # by each country in the administration.
    (
        "case_manager",
        17,
        "",
    ),
    # Community social assistants carry lighter, primary-level cases, so more of them. A default to be
    # set by each country in the administration.
    (
        "community_assistant",
        25,
        "",
    ),
]


def load(apps, schema_editor):
    CaseloadStandard = apps.get_model("workforce", "CaseloadStandard")
    for role, max_open_cases, note in DEFAULTS:
        # get_or_create: a country's own figure, once set, is never overwritten.
        CaseloadStandard.objects.get_or_create(role=role, defaults={"max_open_cases": max_open_cases, "note": note})


class Migration(migrations.Migration):
    dependencies = [("workforce", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
