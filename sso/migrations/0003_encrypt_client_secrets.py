"""The OpenID Connect client secrets, kept in plain text until now, encrypted
(Fernet, ``sso.fields``). Read and written with SQL, as the rows are: the
model's field would try to decrypt the plain text."""

from django.db import migrations

import sso.fields


def _rewrite(apps, schema_editor, change):
    table = apps.get_model("sso", "IdentityProvider")._meta.db_table
    connection = schema_editor.connection
    name = connection.ops.quote_name(table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id, client_secret FROM {name}")  # noqa: S608
        rows = cursor.fetchall()
        for pk, secret in rows:
            new = change(secret or "")
            if new != secret:
                cursor.execute(
                    f"UPDATE {name} SET client_secret = %s WHERE id = %s",  # noqa: S608
                    [new, pk],
                )


def encrypt(apps, schema_editor):
    def change(secret):
        if not secret or sso.fields.is_encrypted(secret):
            return secret
        return sso.fields.encrypt(secret)

    _rewrite(apps, schema_editor, change)


def decrypt(apps, schema_editor):
    def change(secret):
        if not secret or not sso.fields.is_encrypted(secret):
            return secret
        return sso.fields.decrypt(secret)

    _rewrite(apps, schema_editor, change)


class Migration(migrations.Migration):
    dependencies = [
        ("sso", "0002_saml_identity_providers"),
    ]

    operations = [
        migrations.AlterField(
            model_name="identityprovider",
            name="client_secret",
            field=sso.fields.EncryptedTextField(verbose_name="client secret"),
        ),
        migrations.RunPython(encrypt, decrypt),
    ]
