"""Practice-task evidence names its employee, and may have no enrollment.

A roll-out campaign's try (DESIGN §9) is reviewed at the §5.1 practice-task
endpoints, so it is a ``PracticeTaskSubmission`` without an enrollment; the
review rule reads ``employee`` for both. Existing rows take the enrollment's
employee.
"""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def fill_employee(apps, schema_editor):
    Submission = apps.get_model("courses", "PracticeTaskSubmission")
    Enrollment = apps.get_model("courses", "Enrollment")
    Submission.objects.filter(employee__isnull=True).update(
        employee_id=Subquery(
            Enrollment.objects.filter(pk=OuterRef("enrollment_id")).values(
                "employee_id"
            )[:1]
        )
    )


class Migration(migrations.Migration):

    dependencies = [
        ('courses', '0004_prerequisites_equivalents_waitlist_order'),
        ('employees', '0006_accessgrant_kind_union_rep'),
    ]

    operations = [
        migrations.AddField(
            model_name='practicetasksubmission',
            name='employee',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='employees.employee', verbose_name='employee'),
        ),
        migrations.RunPython(fill_employee, migrations.RunPython.noop),
    ]
