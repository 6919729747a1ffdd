"""Load the default standards and the default comprehensive assessment instrument (domain.md)."""

from django.db import migrations

from careforce.cases.data import defaults


def load(apps, schema_editor):
    StandardStep = apps.get_model("cases", "StandardStep")
    Instrument = apps.get_model("cases", "Instrument")
    Domain = apps.get_model("cases", "Domain")
    Question = apps.get_model("cases", "Question")
    for code, names, order, anchor, done_by, days, working, repeats, required in defaults.STEPS:
        StandardStep.objects.get_or_create(
            code=code,
            defaults=dict(
                name=names[0], name_ro=names[1], name_ru=names[2], order=order, anchor=anchor, done_by=done_by,
                days_high=days[0], days_medium=days[1], days_low=days[2], working_days=working, repeats=repeats,
                required_before_closure=required,
            ),
        )
    instrument, _ = Instrument.objects.get_or_create(
        code="comprehensive",
        defaults=dict(
            name="Comprehensive assessment of the child and family",
            name_ro="Evaluarea complexă a copilului și familiei",
            name_ru="Комплексная оценка ребёнка и семьи",
            kind="comprehensive", scale_min=1, scale_max=5,
            scale_low_label=defaults.SCALE[0], scale_high_label=defaults.SCALE[1],
        ),
    )
    for d_order, (d_code, d_names, kind, questions) in enumerate(defaults.COMPREHENSIVE):
        domain, _ = Domain.objects.get_or_create(
            instrument=instrument, code=d_code,
            defaults=dict(name=d_names[0], name_ro=d_names[1], name_ru=d_names[2], kind=kind, order=d_order),
        )
        for q_order, (q_code, q_names) in enumerate(questions):
            Question.objects.get_or_create(
                domain=domain, code=q_code,
                defaults=dict(name=q_names[0], name_ro=q_names[1], name_ru=q_names[2], order=q_order),
            )


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
