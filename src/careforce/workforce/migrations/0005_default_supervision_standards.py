"""Load the default supervision standards (domain.md section 2): weekly for newly qualified workers, then at
least monthly, each session 1.5 hours. Defaults only: each country sets its own in the administration.

The note is left empty: it is shown as written, so the administrator writes it in the country's language.
"""

from django.db import migrations

DEFAULTS = [
    # (career stage, cadre ("" = every cadre), at least every N days, shortest session in minutes)
    ("newly_qualified", "", 7, 90),
    ("established", "", 30, 90),
]


def load(apps, schema_editor):
    SupervisionStandard = apps.get_model("workforce", "SupervisionStandard")
    for stage, cadre, every_days, minimum_minutes in DEFAULTS:
        # get_or_create: a country's own figure, once set, is never overwritten.
        SupervisionStandard.objects.get_or_create(
            stage=stage, cadre=cadre, defaults={"every_days": every_days, "minimum_minutes": minimum_minutes}
        )


class Migration(migrations.Migration):
    dependencies = [("workforce", "0004_supervision")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
