import django.db.models.functions.text
from django.db import migrations, models


def refuse_case_duplicates(apps, schema_editor):
    """Job roles whose names differ only in case cannot both stay under the new
    rule. Merging them would move employees and profiles without anyone
    deciding it, so the migration stops and names them instead."""
    JobRole = apps.get_model("employees", "JobRole")
    seen: dict[tuple[int, str], str] = {}
    clashes = []
    for pk, municipality_id, name in JobRole.objects.order_by("pk").values_list(
        "pk", "municipality_id", "name"
    ):
        key = (municipality_id, name.strip().casefold())
        if key in seen:
            clashes.append(f"{seen[key]!r} and {name!r} (municipality {municipality_id})")
        else:
            seen[key] = name
    if clashes:
        raise RuntimeError(
            "Job role names must now be unique per municipality ignoring case. "
            "Rename or merge these roles (in the admin), then migrate again: "
            + "; ".join(clashes)
        )


class Migration(migrations.Migration):
    dependencies = [("employees", "0004_role_profile_to_competences")]

    operations = [
        migrations.RunPython(refuse_case_duplicates, migrations.RunPython.noop),
        migrations.RemoveConstraint(
            model_name="jobrole", name="job_role_name_unique_in_municipality"
        ),
        migrations.AddConstraint(
            model_name="jobrole",
            constraint=models.UniqueConstraint(
                models.F("municipality"),
                django.db.models.functions.text.Lower("name"),
                name="job_role_name_unique_ci",
            ),
        ),
    ]
