"""The admin keeps each municipality's identity provider and group mappings."""

import pytest

from sso.models import GroupGrant, IdentityProvider
from tests import factories


@pytest.fixture
def superuser(db):
    return factories.UserFactory(username="root", is_staff=True, is_superuser=True)


def test_a_superuser_adds_a_municipality_s_provider(client, superuser, municipality):
    client.force_login(superuser)

    response = client.post(
        "/admin/sso/identityprovider/add/",
        {
            "municipality": municipality.pk,
            "name": "Demo Kommune Entra ID",
            "email_domains": "demo.dk",
            "issuer": "https://login.microsoftonline.com/tenant/v2.0",
            "client_id": "kyndig",
            "client_secret": "secret",
            "scopes": "openid email",
            "claim_email": "email",
            "is_active": "on",
        },
    )

    assert response.status_code == 302
    assert IdentityProvider.objects.get().domains() == ["demo.dk"]
    assert client.get("/admin/sso/identityprovider/").status_code == 200


def test_a_group_cannot_map_to_another_municipality_s_department(
    client, superuser, municipality, other_department, other_municipality
):
    client.force_login(superuser)
    elsewhere = factories.DepartmentFactory(parent=other_municipality)

    response = client.post(
        "/admin/sso/groupgrant/add/",
        {
            "municipality": municipality.pk,
            "group": "ledere",
            "department": elsewhere.pk,
            "kind": "manager",
        },
    )

    assert response.status_code == 200
    assert not GroupGrant.objects.exists()
    assert "another municipality" in response.content.decode()


def test_the_client_secret_is_never_shown_and_stays_when_left_empty(
    client, superuser, municipality
):
    client.force_login(superuser)
    provider = IdentityProvider.objects.create(
        municipality=municipality,
        name="Entra ID",
        email_domains="demo.dk",
        issuer="https://login.example.dk",
        client_id="kyndig",
        client_secret="very-secret-value",
    )
    change = f"/admin/sso/identityprovider/{provider.pk}/change/"

    assert "very-secret-value" not in client.get(change).content.decode()
    response = client.post(
        change,
        {
            "municipality": municipality.pk,
            "name": "Entra ID (ny)",
            "email_domains": "demo.dk",
            "issuer": "https://login.example.dk",
            "client_id": "kyndig",
            "client_secret": "",
            "scopes": "openid email",
            "claim_email": "email",
            "is_active": "on",
        },
    )

    assert response.status_code == 302
    provider.refresh_from_db()
    assert provider.name == "Entra ID (ny)"
    assert provider.client_secret == "very-secret-value"
