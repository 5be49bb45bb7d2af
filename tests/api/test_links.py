"""One way to make a link that leaves the site (mails, badges, workbooks)."""

from api.links import absolute_url


def test_a_path_gets_the_sites_address(settings):
    settings.KYNDIG_BASE_URL = "https://kyndig.example.dk"
    assert absolute_url("/badges/x/") == "https://kyndig.example.dk/badges/x/"


def test_a_full_address_is_left_alone(settings):
    settings.KYNDIG_BASE_URL = "https://kyndig.example.dk"
    assert absolute_url("https://other.example/x") == "https://other.example/x"
    assert absolute_url("") == ""
