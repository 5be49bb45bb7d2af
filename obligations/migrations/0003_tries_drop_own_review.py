"""The try's own evidence and review columns, moved by 0002 to its
practice-task submission, go."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('obligations', '0002_tries_as_practice_tasks'),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='campaigntry',
            options={'ordering': ['-submission__submitted_at', '-id'], 'verbose_name': 'campaign try', 'verbose_name_plural': 'campaign tries'},
        ),
        migrations.RemoveConstraint(
            model_name='campaigntry',
            name='one_open_try_per_person',
        ),
        migrations.RemoveField(
            model_name='campaigntry',
            name='employee',
        ),
        migrations.RemoveField(
            model_name='campaigntry',
            name='evidence',
        ),
        migrations.RemoveField(
            model_name='campaigntry',
            name='review_note',
        ),
        migrations.RemoveField(
            model_name='campaigntry',
            name='reviewed_at',
        ),
        migrations.RemoveField(
            model_name='campaigntry',
            name='reviewed_by',
        ),
        migrations.RemoveField(
            model_name='campaigntry',
            name='status',
        ),
        migrations.RemoveField(
            model_name='campaigntry',
            name='submitted_at',
        ),
        migrations.AlterField(
            model_name='campaigntry',
            name='submission',
            field=models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='campaign_try', to='courses.practicetasksubmission', verbose_name='practice task'),
        ),
    ]
