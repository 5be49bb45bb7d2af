"""A small scene for the page tests: a role profile, a course and open work.

``employee`` (Anna) works under ``manager`` with the role Sygeplejerske; a
colleague has asked for a seat and another waits for a practice-task review.
"""

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.utils import timezone

from competences.models import Assessment
from courses.models import Enrollment
from tests import factories
from tests.factories import competence


@dataclass
class Scene:
    role: object
    course: object
    session: object
    request: object
    submission: object
    colleague: object
    outsider: object


@pytest.fixture
def scene(municipality, department, other_department, employee, partner):
    role = factories.JobRoleFactory(municipality=municipality, name="Sygeplejerske")
    factories.RoleCompetenceFactory(
        role=role, competence=competence("1.3"), target_level=4
    )
    factories.RoleCompetenceFactory(
        role=role, competence=competence("2.1"), target_level=3
    )
    employee.job_role = role
    employee.save()
    factories.AssessmentFactory(
        employee=employee, competence=competence("1.3"), level=2
    )
    factories.AssessmentFactory(
        employee=employee,
        competence=competence("1.3"),
        level=3,
        source=Assessment.Source.SELF,
    )
    course = factories.CourseFactory(
        provider=partner,
        title="Dokumentation i omsorgssystemet",
        practice_task="Dokumentér tre borgerbesøg.",
    )
    factories.CourseOutcomeFactory(
        course=course, competence=competence("1.3"), from_level=2, to_level=4
    )
    session = factories.CourseSessionFactory(
        course=course,
        capacity=2,
        starts_at=timezone.now() + timedelta(days=20),
        enrollment_deadline=timezone.localdate() + timedelta(days=10),
    )
    colleague = factories.EmployeeFactory(
        department=department, name="Bo Hansen", job_role=role
    )
    request = factories.EnrollmentFactory(
        employee=colleague, session=session, status=Enrollment.Status.REQUESTED
    )
    reviewer_case = factories.EmployeeFactory(department=department, name="Carl Dahl")
    other_course = factories.CourseFactory(
        provider=partner, title="Velfærdsteknologi i praksis", practice_task="Prøv det."
    )
    attended = factories.EnrollmentFactory(
        employee=reviewer_case,
        session=factories.CourseSessionFactory(
            course=other_course, starts_at=timezone.now() - timedelta(days=5)
        ),
        status=Enrollment.Status.ATTENDED,
    )
    submission = factories.PracticeTaskSubmissionFactory(enrollment=attended)
    outsider = factories.EmployeeFactory(department=other_department, name="Dorte Ø")
    return Scene(
        role=role,
        course=course,
        session=session,
        request=request,
        submission=submission,
        colleague=colleague,
        outsider=outsider,
    )
