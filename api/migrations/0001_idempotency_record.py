from django.db import migrations, models


class Migration(migrations.Migration):
    """Takes over the IdempotencyRecord state from courses; the table exists."""

    initial = True
    dependencies = [("courses", "0002_idempotency_record_to_api")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="IdempotencyRecord",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("actor", models.CharField(max_length=100)),
                        ("key", models.CharField(max_length=255)),
                        ("request_hash", models.CharField(max_length=64)),
                        ("status_code", models.PositiveSmallIntegerField()),
                        ("response_body", models.JSONField(null=True)),
                        ("response_headers", models.JSONField(default=dict)),
                        (
                            "created_at",
                            models.DateTimeField(auto_now_add=True, db_index=True),
                        ),
                    ],
                    options={
                        "db_table": "courses_idempotencyrecord",
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("actor", "key"), name="idempotency_key_unique"
                            )
                        ],
                    },
                )
            ],
            database_operations=[],
        )
    ]
