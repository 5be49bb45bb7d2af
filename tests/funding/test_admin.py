"""The fund's rules in the admin: new terms from a date, never two at once."""

from datetime import date

import pytest
from django.urls import reverse

from funding import services
from funding.models import FundRule
from tests import factories
from tests.funding.conftest import apply, refused


@pytest.fixture
def root_client(client, db):
    client.force_login(factories.UserFactory(is_superuser=True, is_staff=True))
    return client


def form(**fields):
    return {
        "education_kind": "course",
        "valid_from": "2027-01-01",
        "valid_to": "",
        "percentage": "75.00",
        "cap": "35000.00",
        "cap_months": "12",
        "note": "OK27",
        **fields,
    }


def test_new_terms_start_the_day_after_the_old_ones_end(root_client):
    old = factories.FundRuleFactory(valid_from=date(2024, 4, 1))
    url = reverse("admin:funding_fundrule_add")
    response = root_client.post(url, form(), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert "overlaps the rule" in response.content.decode()
    assert FundRule.objects.count() == 1
    old.valid_to = date(2026, 12, 31)
    services.fund_rule_save(rule=old)
    agreement = factories.AgreementFactory()
    response = root_client.post(
        url, form(eligible_agreements=[agreement.pk]), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 302
    new = FundRule.objects.get(valid_from=date(2027, 1, 1))
    assert list(new.eligible_agreements.all()) == [agreement]


def test_another_kind_of_education_may_share_the_dates(db):
    factories.FundRuleFactory(valid_from=date(2024, 4, 1))
    services.fund_rule_save(
        rule=FundRule(
            education_kind="masters",
            valid_from=date(2024, 4, 1),
            percentage=80,
            cap=50000,
        )
    )
    assert FundRule.objects.count() == 2


def test_a_rule_ending_before_it_starts_is_refused(db):
    rule = FundRule(
        education_kind="course",
        valid_from=date(2027, 1, 1),
        valid_to=date(2026, 1, 1),
        percentage=80,
        cap=30000,
    )
    error = refused(services.fund_rule_save, rule=rule)
    assert "valid_to" in error.error_dict
    assert not FundRule.objects.exists()


def test_todays_defaults_are_loaded_once(db):
    assert services.fund_rules_ensure() == 2
    assert services.fund_rules_ensure() == 0
    terms = {
        (r.education_kind, r.percentage, r.cap, r.cap_months)
        for r in FundRule.objects.all()
    }
    assert terms == {("course", 80, 30000, 12), ("masters", 80, 50000, 12)}


def test_an_application_opens_read_only_and_its_reading_is_logged(
    root_client, enrollment, rule, employee
):
    application = apply([enrollment], employee.user)
    url = reverse("admin:funding_fundapplication_change", args=[application.pk])
    response = root_client.get(url)
    assert response.status_code == 200
    assert "Anna Jensen" in response.content.decode()
    assert employee.access_log.get().channel == "admin"
    assert root_client.get(
        reverse("admin:funding_fundapplication_add")
    ).status_code == (403)
