from django.core.management import call_command
from django.db import migrations


def create_cache_tables(apps, schema_editor):
    """The tables of settings.CACHES' DatabaseCache backends (the throttle
    counters), so ``migrate`` alone leaves a working database. Safe to repeat:
    createcachetable skips tables that exist."""
    call_command(
        "createcachetable", database=schema_editor.connection.alias, verbosity=0
    )


class Migration(migrations.Migration):
    dependencies = [("api", "0001_idempotency_record")]

    operations = [
        migrations.RunPython(create_cache_tables, migrations.RunPython.noop),
    ]
