"""A reference to a missing or out-of-scope row names the id it got."""

import pytest

from tests import factories
from tests.api.conftest import session_client


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "Invalid pk “424242” - object does not exist."),
        ("da", "Ugyldigt id “424242” – objektet findes ikke."),
    ],
)
def test_unknown_employee_message_is_filled_in(hr, partner, language, expected):
    session = factories.CourseSessionFactory(
        course=factories.CourseFactory(provider=partner, status="published")
    )
    response = session_client(hr).post(
        "/api/v1/enrollments/",
        {"employee": 424242, "session": session.pk},
        format="json",
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert response.status_code == 400
    (error,) = response.json()["errors"]
    assert error["field"] == "employee"
    assert error["message"] == expected
