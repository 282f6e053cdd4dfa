"""An indicator's values, targets, comparators, commentary and process changes protect it from deletion."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('indicators', '0005_commentary_history_and_length'),
    ]

    operations = [
        migrations.AlterField(
            model_name='commentary',
            name='indicator',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='commentaries', to='indicators.indicator'),
        ),
        migrations.AlterField(
            model_name='comparator',
            name='indicator',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='comparators', to='indicators.indicator'),
        ),
        migrations.AlterField(
            model_name='indicatorvalue',
            name='indicator',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='values', to='indicators.indicator'),
        ),
        migrations.AlterField(
            model_name='processchange',
            name='indicator',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='process_changes', to='indicators.indicator'),
        ),
        migrations.AlterField(
            model_name='target',
            name='indicator',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='targets', to='indicators.indicator'),
        ),
    ]
