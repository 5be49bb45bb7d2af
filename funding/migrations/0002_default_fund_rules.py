"""Today's terms of the fund, so a new installation can take applications at
once (funding.defaults); an administrator changes them in the admin."""

from django.db import migrations

from funding.defaults import DEFAULT_RULES


def add_default_rules(apps, schema_editor):
    FundRule = apps.get_model("funding", "FundRule")
    if not FundRule.objects.exists():
        for values in DEFAULT_RULES:
            FundRule.objects.create(**values)


class Migration(migrations.Migration):
    dependencies = [("funding", "0001_fund_rules_and_applications")]

    operations = [
        migrations.RunPython(add_default_rules, migrations.RunPython.noop),
    ]
