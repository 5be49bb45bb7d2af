import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    """Takes over RoleCompetence from employees; the table exists already."""

    dependencies = [
        ("competences", "0002_initial"),
        ("employees", "0004_role_profile_to_competences"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="RoleCompetence",
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
                        (
                            "target_level",
                            models.PositiveSmallIntegerField(
                                verbose_name="target level"
                            ),
                        ),
                        (
                            "competence",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                to="competences.competence",
                                verbose_name="competence",
                            ),
                        ),
                        (
                            "role",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="profile",
                                to="employees.jobrole",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "profile competence",
                        "verbose_name_plural": "competence profile",
                        "db_table": "employees_rolecompetence",
                        "ordering": ["competence__code"],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("role", "competence"),
                                name="role_competence_unique",
                            ),
                            models.CheckConstraint(
                                condition=models.Q(
                                    ("target_level__gte", 1), ("target_level__lte", 8)
                                ),
                                name="role_competence_target_1_8",
                            ),
                        ],
                    },
                )
            ],
            database_operations=[],
        )
    ]
