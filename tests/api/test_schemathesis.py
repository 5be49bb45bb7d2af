"""Property-based tests from the app's own OpenAPI schema (schemathesis).

Every operation is called with generated data as each kind of caller: HR and an
employee with personal tokens, a partner with its key, and nobody. No answer
may be a server error or break the documented schema (status, content type,
body, headers). Examples are bounded so the run stays within a few minutes.
"""

import pytest
import schemathesis
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from api.throttles import PartnerRateThrottle
from config.wsgi import application
from courses.models import ProviderAPIKey
from employees.models import ApiToken
from tests import factories

MAX_EXAMPLES = 6
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


@pytest.fixture(autouse=True)
def keep_the_test_connection():
    """Requests go through the WSGI handler itself, whose request signals would
    close the test's database connection mid-transaction (on PostgreSQL);
    Django's test client detaches the same handler."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.fixture
def callers(hr, employee, partner, department, monkeypatch, settings):
    # The many generated calls of partners and anonymous callers must not end
    # in the throttles.
    monkeypatch.setattr(PartnerRateThrottle, "THROTTLE_RATES", {"partner": "9999/s"})
    settings.ANON_THROTTLE_RATE = "9999/s"
    cache.clear()
    course = factories.CourseFactory(provider=partner, practice_task="Gør det")
    factories.CourseOutcomeFactory(course=course)
    session = factories.CourseSessionFactory(course=course)
    enrollment = factories.EnrollmentFactory(employee=employee, session=session)
    factories.AssessmentFactory(employee=employee)
    # A signed fund application, so its list and detail answer with a row.
    line = factories.FundApplicationLineFactory(
        enrollment=enrollment, application__course=course
    )
    factories.FundSignatureFactory(
        application=line.application, role="employee", employee=employee
    )
    _token, hr_token = ApiToken.objects.create_key(name="st", user=hr)
    _token, own_token = ApiToken.objects.create_key(name="st", user=employee.user)
    _key, partner_key = ProviderAPIKey.objects.create_key(name="st", provider=partner)
    return {
        "hr": {"Authorization": f"Bearer {hr_token}"},
        "employee": {"Authorization": f"Bearer {own_token}"},
        "partner": {"Authorization": f"Api-Key {partner_key}"},
        "anonymous": {},
    }


def operations():
    schema = schemathesis.openapi.from_wsgi("/api/schema/", application)
    for result in schema.get_all_operations():
        operation = result.ok()
        if operation.path.startswith("/api/v1/reports/"):
            continue  # binary downloads and jobs: covered by the reports tests
        yield operation


@pytest.mark.django_db
@pytest.mark.parametrize(
    "mode, max_examples",
    [(GenerationMode.POSITIVE, MAX_EXAMPLES), (GenerationMode.NEGATIVE, 4)],
    ids=["valid-data", "invalid-data"],
)
def test_no_server_errors_and_no_schema_violations(callers, mode, max_examples):
    failures = []
    for operation in operations():

        @settings(
            max_examples=max_examples,
            deadline=None,
            database=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy(generation_mode=mode))
        def run(case):
            for actor, headers in callers.items():
                response = case.call(headers=headers)
                try:
                    case.validate_response(response, checks=CHECKS)
                except (Exception, BaseExceptionGroup) as error:
                    failures.append(f"{actor} {case.method} {case.path}: {error}")
                    raise

        recorded = len(failures)
        try:
            run()
        except (Exception, BaseExceptionGroup) as error:  # noqa: BLE001
            # Go on with the other operations. Whatever ended this one is a
            # failure: a failed check is recorded above, anything else (the
            # call itself, the strategy, Hypothesis) is recorded here.
            if len(failures) == recorded:
                where = f"{operation.method} {operation.path}"
                failures.append(f"{where}: {type(error).__name__}: {error}")
    assert not failures, "\n\n".join(failures)
