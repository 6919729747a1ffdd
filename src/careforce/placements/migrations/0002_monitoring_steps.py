from django.db import migrations

# Monitoring after a reintegration: visits 1, 3, 6 and 12 months after the move (domain.md section 1).
# Standards data: editable in the admin.
STEPS = [1, 3, 6, 12]  # names left empty: shown as "N months after the move", translated


def load(apps, schema_editor):
    MonitoringStep = apps.get_model("placements", "MonitoringStep")
    for months in STEPS:
        MonitoringStep.objects.get_or_create(months=months)


def unload(apps, schema_editor):
    apps.get_model("placements", "MonitoringStep").objects.filter(months__in=STEPS).delete()


class Migration(migrations.Migration):
    dependencies = [("placements", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
