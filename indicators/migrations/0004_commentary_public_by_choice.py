"""Commentary is internal unless someone marks it for publication.

Until now commentary was public unless marked internal, so words such as "only 3 children were
referred" reached the public scorecard beside a suppressed "fewer than 6". Every existing commentary
becomes internal: a board member must now tick "publish on the public scorecard" for each one that
should be shown. Going back restores is_internal as the opposite of is_public.
"""

from django.db import migrations, models


def mark_existing_internal(apps, schema_editor):
    db = schema_editor.connection.alias  # the database being migrated
    apps.get_model("indicators", "Commentary").objects.using(db).update(is_public=False)


def restore_is_internal(apps, schema_editor):
    db = schema_editor.connection.alias  # the database being migrated
    Commentary = apps.get_model("indicators", "Commentary")
    Commentary.objects.using(db).update(is_internal=True)
    Commentary.objects.using(db).filter(is_public=True).update(is_internal=False)


class Migration(migrations.Migration):
    dependencies = [
        ("indicators", "0003_published_scorecard"),
    ]

    operations = [
        migrations.AddField(
            model_name="commentary",
            name="is_public",
            field=models.BooleanField(
                default=False,
                help_text=(
                    "Commentary is internal unless this is ticked. The small-number rules cannot read words: "
                    "tick it only when the text gives no number of children from 1 to 5."
                ),
                verbose_name="publish on the public scorecard",
            ),
        ),
        migrations.RunPython(mark_existing_internal, restore_is_internal),
        migrations.RemoveField(
            model_name="commentary",
            name="is_internal",
        ),
        migrations.AlterField(
            model_name="historicalindicator",
            name="is_published",
            field=models.BooleanField(
                default=False,
                help_text=(
                    "Show this indicator on the public scorecard (when publishing is switched on). Small numbers "
                    "are suppressed there; only commentary marked for publication is shown."
                ),
                verbose_name="published",
            ),
        ),
        migrations.AlterField(
            model_name="indicator",
            name="is_published",
            field=models.BooleanField(
                default=False,
                help_text=(
                    "Show this indicator on the public scorecard (when publishing is switched on). Small numbers "
                    "are suppressed there; only commentary marked for publication is shown."
                ),
                verbose_name="published",
            ),
        ),
    ]
