# The events written before 0004: their case's area and their actor's role. A migration of its own: on
# PostgreSQL the indexes of 0004 cannot be built in a transaction holding these updates' pending checks.

from django.conf import settings
from django.db import migrations, models


def copy_area_and_role(apps, schema_editor):
    """Events written before the copy: their case's area and their actor's role, in two set-based updates."""
    CaseEvent = apps.get_model("cases", "CaseEvent")
    Case = apps.get_model("cases", "Case")
    User = apps.get_model(*settings.AUTH_USER_MODEL.split("."))
    CaseEvent.objects.update(
        area_id=models.Subquery(Case.objects.filter(pk=models.OuterRef("case_id")).values("area_id")[:1])
    )
    CaseEvent.objects.filter(actor__isnull=False).update(
        actor_role=models.Subquery(User.objects.filter(pk=models.OuterRef("actor_id")).values("role")[:1])
    )


class Migration(migrations.Migration):

    dependencies = [
        ("cases", "0004_event_workload"),
    ]

    operations = [
        migrations.RunPython(copy_area_and_role, migrations.RunPython.noop),
    ]
