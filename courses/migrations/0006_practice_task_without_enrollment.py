"""A practice task may have no enrollment: then it names its task (a
campaign's try, DESIGN §9). Apart from 0005, so PostgreSQL alters the table
in a transaction without the pending triggers of 0005's update."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('courses', '0005_practice_task_employee'),
    ]

    operations = [
        migrations.AlterField(
            model_name='practicetasksubmission',
            name='employee',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='employees.employee', verbose_name='employee'),
        ),
        migrations.AddField(
            model_name='practicetasksubmission',
            name='task_title',
            field=models.CharField(blank=True, db_default='', default='', max_length=200, verbose_name='task'),
        ),
        migrations.AlterField(
            model_name='practicetasksubmission',
            name='enrollment',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='practice_tasks', to='courses.enrollment', verbose_name='enrollment'),
        ),
        migrations.AddConstraint(
            model_name='practicetasksubmission',
            constraint=models.CheckConstraint(condition=models.Q(('enrollment__isnull', False), models.Q(('task_title', ''), _negated=True), _connector='OR'), name='practice_task_names_its_task'),
        ),
    ]
