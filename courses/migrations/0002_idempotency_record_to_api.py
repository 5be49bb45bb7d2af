from django.db import migrations


class Migration(migrations.Migration):
    """IdempotencyRecord belongs to the API toolkit (the api app) now.

    Only Django's model state moves; the table stays where it is, under its
    old name, so no stored answer is lost.
    """

    dependencies = [("courses", "0001_initial")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="IdempotencyRecord")],
            database_operations=[],
        )
    ]
