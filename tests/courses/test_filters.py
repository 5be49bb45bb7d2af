"""A partner knows its participants by roster name only, never by
the municipality's internal employee id."""

from tests import factories
from tests.api.conftest import key_client


def test_partner_cannot_pick_enrollments_by_employee_id(partner, department):
    session = factories.CourseSessionFactory(
        course=factories.CourseFactory(provider=partner, status="published")
    )
    one, two = factories.EmployeeFactory.create_batch(2, department=department)
    factories.EnrollmentFactory(employee=one, session=session, status="enrolled")
    factories.EnrollmentFactory(employee=two, session=session, status="enrolled")
    client = key_client(partner)
    response = client.get("/api/v1/enrollments/", {"employee": one.pk})
    assert response.status_code == 200
    # The employee filter is not offered to partners, so it selects nothing.
    assert response.json()["count"] == 2


def test_partner_still_filters_by_session(partner, department):
    course = factories.CourseFactory(provider=partner, status="published")
    first, second = factories.CourseSessionFactory.create_batch(2, course=course)
    employee = factories.EmployeeFactory(department=department)
    enrollment = factories.EnrollmentFactory(
        employee=employee, session=first, status="enrolled"
    )
    client = key_client(partner)
    response = client.get("/api/v1/enrollments/", {"session": first.pk})
    assert response.status_code == 200
    assert response.json()["count"] == 1
    assert [row["id"] for row in response.json()["results"]] == [enrollment.pk]
    response = client.get("/api/v1/enrollments/", {"session": second.pk})
    assert response.status_code == 200
    assert response.json()["count"] == 0
