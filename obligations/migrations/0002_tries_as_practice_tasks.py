"""A campaign try's evidence and review move to a practice-task submission
(``courses.PracticeTaskSubmission`` without an enrollment), so the §5.1
practice-task endpoints review tries (DESIGN §9). Each existing try gets a
submission with its employee, evidence, times, status, reviewer and note; the
old columns go in 0003 (apart, so PostgreSQL alters the table without this
migration's pending triggers)."""

import django.db.models.deletion
from django.db import migrations, models


def move_evidence(apps, schema_editor):
    CampaignTry = apps.get_model("obligations", "CampaignTry")
    Submission = apps.get_model("courses", "PracticeTaskSubmission")
    tries = CampaignTry.objects.filter(submission__isnull=True).select_related(
        "campaign", "employee"
    )
    for attempt in tries.order_by("pk").iterator(chunk_size=500):
        submission = Submission.objects.create(
            employee_id=attempt.employee_id,
            enrollment=None,
            task_title=(attempt.campaign.name or "-")[:200],
            evidence=attempt.evidence,
            submitted_by_id=attempt.employee.user_id,
            submitted_at=attempt.submitted_at,
            status=attempt.status,
            reviewed_by_id=attempt.reviewed_by_id,
            reviewed_at=attempt.reviewed_at,
            review_note=attempt.review_note,
        )
        CampaignTry.objects.filter(pk=attempt.pk).update(submission=submission)


class Migration(migrations.Migration):

    dependencies = [
        ('courses', '0006_practice_task_without_enrollment'),
        ('obligations', '0001_requirements_and_campaigns'),
    ]

    operations = [
        migrations.AddField(
            model_name='campaigntry',
            name='submission',
            field=models.OneToOneField(null=True, on_delete=django.db.models.deletion.CASCADE, related_name='campaign_try', to='courses.practicetasksubmission', verbose_name='practice task'),
        ),
        migrations.RunPython(move_evidence, migrations.RunPython.noop),
    ]
