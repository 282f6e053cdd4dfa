"""Commentary keeps its history, and its story and actions have a maximum length.

Every existing commentary gets a first history row (as written, by its author, when it was written),
so its first edit from now on does not lose the words it replaces. Any existing story or actions
longer than the new maximum is shortened to fit, with a note; the full text stays in that first
history row. Then the database refuses anything longer.
"""

import django.core.validators
import django.db.models.deletion
import django.db.models.functions.text
import django.db.models.lookups
import simple_history.models
from django.conf import settings
from django.db import migrations, models
from django.utils import timezone


SHORTENED = " [Shortened to fit; the full text is in this commentary's history.]"
LIMITS = {"story": 4000, "actions": 2000}


def record_history_and_shorten(apps, schema_editor):
    db = schema_editor.connection.alias  # the database being migrated
    Commentary = apps.get_model("indicators", "Commentary")
    History = apps.get_model("indicators", "HistoricalCommentary")
    now = timezone.now()
    for commentary in Commentary.objects.using(db).order_by("pk").iterator():
        fields = {
            "id": commentary.pk,
            "indicator_id": commentary.indicator_id,
            "author_id": commentary.author_id,
            "period_start": commentary.period_start,
            "period_end": commentary.period_end,
            "created_at": commentary.created_at,
            "story": commentary.story,
            "actions": commentary.actions,
            "is_public": commentary.is_public,
        }
        History.objects.using(db).create(
            **fields,
            history_date=commentary.created_at,
            history_type="+",
            history_user_id=commentary.author_id,
            history_change_reason="Recorded when commentary history began",
        )
        changed = {}
        for name, limit in LIMITS.items():
            text = getattr(commentary, name)
            if len(text) > limit:
                changed[name] = text[: limit - len(SHORTENED)] + SHORTENED
        if changed:
            Commentary.objects.using(db).filter(pk=commentary.pk).update(**changed)
            History.objects.using(db).create(
                **{**fields, **changed},
                history_date=now,
                history_type="~",
                history_change_reason="Shortened to the maximum length",
            )


class Migration(migrations.Migration):
    dependencies = [
        ("indicators", "0004_commentary_public_by_choice"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="HistoricalCommentary",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                (
                    "period_start",
                    models.DateField(help_text="First day of the period, such as 1 April 2018 for 2018-19 Q1."),
                ),
                (
                    "period_end",
                    models.DateField(help_text="Last day of the period, such as 30 June 2018 for 2018-19 Q1."),
                ),
                ("created_at", models.DateTimeField(blank=True, db_index=True, editable=False)),
                (
                    "story",
                    models.TextField(
                        help_text="The story behind the figure, in up to 4,000 characters.",
                        max_length=4000,
                        validators=[
                            django.core.validators.MaxLengthValidator(
                                4000,
                                message="Keep this to 4,000 characters or fewer: it has %(show_value)s characters.",
                            )
                        ],
                    ),
                ),
                (
                    "actions",
                    models.TextField(
                        blank=True,
                        help_text="What is being done about it, in up to 2,000 characters.",
                        max_length=2000,
                        validators=[
                            django.core.validators.MaxLengthValidator(
                                2000,
                                message="Keep this to 2,000 characters or fewer: it has %(show_value)s characters.",
                            )
                        ],
                    ),
                ),
                (
                    "is_public",
                    models.BooleanField(
                        default=False,
                        help_text="Commentary is internal unless this is ticked. The small-number rules cannot read words: tick it only when the text gives no number of children from 1 to 5.",
                        verbose_name="publish on the public scorecard",
                    ),
                ),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
                ),
            ],
            options={
                "verbose_name": "historical commentary",
                "verbose_name_plural": "historical commentaries",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.AlterField(
            model_name="commentary",
            name="actions",
            field=models.TextField(
                blank=True,
                help_text="What is being done about it, in up to 2,000 characters.",
                max_length=2000,
                validators=[
                    django.core.validators.MaxLengthValidator(
                        2000, message="Keep this to 2,000 characters or fewer: it has %(show_value)s characters."
                    )
                ],
            ),
        ),
        migrations.AlterField(
            model_name="commentary",
            name="story",
            field=models.TextField(
                help_text="The story behind the figure, in up to 4,000 characters.",
                max_length=4000,
                validators=[
                    django.core.validators.MaxLengthValidator(
                        4000, message="Keep this to 4,000 characters or fewer: it has %(show_value)s characters."
                    )
                ],
            ),
        ),
        migrations.AddField(
            model_name="historicalcommentary",
            name="author",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="historicalcommentary",
            name="history_user",
            field=models.ForeignKey(
                null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL
            ),
        ),
        migrations.AddField(
            model_name="historicalcommentary",
            name="indicator",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="indicators.indicator",
            ),
        ),
        migrations.RunPython(record_history_and_shorten, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="commentary",
            constraint=models.CheckConstraint(
                condition=django.db.models.lookups.LessThanOrEqual(
                    django.db.models.functions.text.Length("story"), 4000
                ),
                name="indicators_commentary_story_not_too_long",
                violation_error_message="The story can be at most 4,000 characters.",
            ),
        ),
        migrations.AddConstraint(
            model_name="commentary",
            constraint=models.CheckConstraint(
                condition=django.db.models.lookups.LessThanOrEqual(
                    django.db.models.functions.text.Length("actions"), 2000
                ),
                name="indicators_commentary_actions_not_too_long",
                violation_error_message="What is being done can be at most 2,000 characters.",
            ),
        ),
    ]
