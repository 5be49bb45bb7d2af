from django.db import migrations


class Migration(migrations.Migration):
    """RoleCompetence (a job role's competence profile) belongs to competences.

    Only Django's model state moves; the table keeps its name and rows.
    """

    dependencies = [("employees", "0003_employee_name_index")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="RoleCompetence")],
            database_operations=[],
        )
    ]
