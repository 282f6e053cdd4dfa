"""The seed plan's indicators 27, 28, 40 and 61 as their figures are published (see fixtures/README.md).

27 (permanent exclusions) by academic year, 28 (SEND NEET, "(term)") by school term, 40 (under 18
conceptions) by calendar year, 61 (mental health admissions) as a rate per 100,000. Only an indicator
still as the earlier seed had it and with nothing of its series stored is changed: figures already kept
for quarters or financial years would no longer fit, and a rate per 10,000 cannot be relabelled.
"""

from django.db import migrations

SEED_PLAN = "2018-19"
CHANGES = {
    # number: ({field: earlier seed value}, {field: as published})
    "27": ({"frequency": "annual"}, {"frequency": "academic_year"}),
    "28": ({"frequency": "quarterly"}, {"frequency": "termly"}),
    "40": ({"frequency": "annual"}, {"frequency": "calendar_year"}),
    "61": ({"unit": "rate_per_10k"}, {"unit": "rate_per_100k"}),
}
SERIES = ("values", "targets", "comparators", "commentaries", "process_changes")


def forwards(apps, schema_editor):
    db = schema_editor.connection.alias  # the database being migrated
    Indicator = apps.get_model("indicators", "Indicator")
    for number, (earlier, published) in CHANGES.items():
        indicator = Indicator.objects.using(db).filter(plan__code=SEED_PLAN, number=number, **earlier).first()
        if indicator is None or any(getattr(indicator, name).exists() for name in SERIES):
            continue
        Indicator.objects.using(db).filter(pk=indicator.pk).update(**published)


def backwards(apps, schema_editor):
    db = schema_editor.connection.alias  # the database being migrated
    Indicator = apps.get_model("indicators", "Indicator")
    for number, (earlier, published) in CHANGES.items():
        indicator = Indicator.objects.using(db).filter(plan__code=SEED_PLAN, number=number, **published).first()
        if indicator is None or any(getattr(indicator, name).exists() for name in SERIES):
            continue
        Indicator.objects.using(db).filter(pk=indicator.pk).update(**earlier)


class Migration(migrations.Migration):
    dependencies = [
        ("indicators", "0010_periods_as_published_and_rate_per_100k"),
        ("plans", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
