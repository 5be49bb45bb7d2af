"""A NUL character in a looked-up code is a 400 on every database."""


def test_a_nul_in_a_profile_competence_code_is_a_validation_error(
    client, hr, municipality
):
    client.force_login(hr)
    response = client.post(
        "/api/v1/roles/",
        {
            "name": "Sygeplejerske",
            "municipality": municipality.pk,
            "profile": [{"competence": "1.\x001", "target_level": 3}],
        },
        content_type="application/json",
    )
    assert response.status_code == 400
    (error,) = response.json()["errors"]
    assert (error["field"], error["code"]) == ("profile.0.competence", "invalid")
