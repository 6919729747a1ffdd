"""Load the default competency framework for child-protection case work (domain.md section 3)."""

from django.db import migrations

from careforce.training.data import defaults


def load(apps, schema_editor):
    ProficiencyLevel = apps.get_model("training", "ProficiencyLevel")
    Competency = apps.get_model("training", "Competency")
    Requirement = apps.get_model("training", "CompetencyRequirement")
    for level, names in defaults.SCALE:
        ProficiencyLevel.objects.get_or_create(
            level=level, defaults=dict(name=names[0], name_ro=names[1], name_ru=names[2])
        )
    for g_order, (g_code, g_names, items) in enumerate(defaults.FRAMEWORK):
        group, _ = Competency.objects.get_or_create(
            code=g_code, defaults=dict(name=g_names[0], name_ro=g_names[1], name_ru=g_names[2], order=g_order)
        )
        for order, (code, names, levels) in enumerate(items):
            comp, _ = Competency.objects.get_or_create(
                code=f"{g_code}-{code}",
                defaults=dict(parent=group, name=names[0], name_ro=names[1], name_ru=names[2], order=order),
            )
            for cadre, level in zip(defaults.CADRES, levels, strict=True):
                Requirement.objects.get_or_create(competency=comp, cadre=cadre, defaults=dict(level=level))


class Migration(migrations.Migration):
    dependencies = [("training", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
