"""Secrets in sso's rows (the OpenID Connect client secret) are encrypted at
rest with Fernet, and the admin never shows them back."""

import pytest
from cryptography.fernet import Fernet
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from sso.models import IdentityProvider
from tests import factories

SECRET = "s3cret-from-entra-id"


def stored(pk) -> str:
    """The column as the database holds it."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT client_secret FROM sso_identityprovider WHERE id = %s", [pk]
        )
        return cursor.fetchone()[0]


def new_row(municipality, **fields):
    return IdentityProvider.objects.create(
        municipality=municipality,
        name="Entra ID",
        email_domains="demo.dk",
        issuer="https://login.example.dk",
        client_id="kyndig",
        client_secret=SECRET,
        **fields,
    )


@pytest.fixture
def admin_client(client, db):
    root = factories.UserFactory(username="root", is_staff=True, is_superuser=True)
    client.force_login(root)
    return client


def test_the_admin_stores_the_secret_encrypted_and_never_shows_it(
    admin_client, municipality
):
    response = admin_client.post(
        "/admin/sso/identityprovider/add/",
        {
            "municipality": municipality.pk,
            "name": "Entra ID",
            "email_domains": "demo.dk",
            "issuer": "https://login.example.dk",
            "client_id": "kyndig",
            "client_secret": SECRET,
            "scopes": "openid email",
            "claim_email": "email",
            "is_active": "on",
        },
    )

    assert response.status_code == 302
    row = IdentityProvider.objects.get()
    raw = stored(row.pk)
    assert SECRET not in raw
    assert raw.startswith("gAAAAA")
    assert row.client_secret == SECRET
    page = admin_client.get(f"/admin/sso/identityprovider/{row.pk}/change/")
    assert SECRET not in page.content.decode()
    assert raw not in page.content.decode()


def test_a_key_from_sso_secret_keys_encrypts_and_old_keys_still_decrypt(
    settings, municipality
):
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.SSO_SECRET_KEYS = old
    row = new_row(municipality)
    assert Fernet(old).decrypt(stored(row.pk).encode()).decode() == SECRET

    settings.SSO_SECRET_KEYS = f"{new},{old}"
    row.refresh_from_db()
    assert row.client_secret == SECRET
    row.save()
    assert Fernet(new).decrypt(stored(row.pk).encode()).decode() == SECRET


def test_a_secret_under_a_lost_key_is_empty_not_a_server_error(
    settings, admin_client, municipality, caplog
):
    settings.SSO_SECRET_KEYS = Fernet.generate_key().decode()
    row = new_row(municipality)
    settings.SSO_SECRET_KEYS = Fernet.generate_key().decode()

    row.refresh_from_db()
    page = admin_client.get(f"/admin/sso/identityprovider/{row.pk}/change/")

    assert row.client_secret == ""
    assert page.status_code == 200
    assert "sso secret cannot be decrypted" in caplog.text
    assert SECRET not in caplog.text

    # Saving the row again must ask for the secret, not write the empty text
    # over the stored one (which a restored key would still open).
    raw = stored(row.pk)
    edit = admin_client.post(
        f"/admin/sso/identityprovider/{row.pk}/change/",
        {
            "municipality": municipality.pk,
            "name": "Entra ID",
            "email_domains": "demo.dk",
            "issuer": "https://login.example.dk",
            "client_id": "kyndig",
            "client_secret": "",
            "scopes": "openid email",
            "claim_email": "email",
            "is_active": "on",
        },
    )
    assert edit.status_code == 200
    assert "client_secret" in edit.context["adminform"].form.errors
    assert stored(row.pk) == raw


@pytest.mark.django_db(transaction=True)
def test_the_migration_encrypts_the_secrets_already_stored(municipality):
    executor = MigrationExecutor(connection)
    executor.migrate([("sso", "0002_saml_identity_providers")])
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO sso_identityprovider (municipality_id, name, email_domains,"
            " issuer, client_id, client_secret, scopes, claim_email,"
            " claim_employee_number, claim_groups, is_active)"
            " VALUES (%s, 'Entra ID', 'demo.dk', 'https://login.example.dk',"
            " 'kyndig', %s, 'openid', 'email', '', '', %s)",
            [municipality.pk, SECRET, True],
        )
    pk = IdentityProvider.objects.values_list("pk", flat=True).get()
    assert stored(pk) == SECRET

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate([("sso", "0003_encrypt_client_secrets")])

    assert stored(pk).startswith("gAAAAA")
    assert IdentityProvider.objects.get().client_secret == SECRET

    executor = MigrationExecutor(connection)
    executor.migrate([("sso", "0002_saml_identity_providers")])
    assert stored(pk) == SECRET
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes("sso"))
