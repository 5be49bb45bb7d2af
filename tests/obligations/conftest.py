"""A small tree with hand-worked statuses (see test_status.py for the sums).

Demo Kommune ─ Sundhed og Omsorg (SUN) ─ Hjemmeplejen Nord (HJN)
            └ Børn og Unge (BOU) ─ Dagtilbud (DAG)

Requirement "Informationssikkerhed": course A (B is equivalent to A), due
2026-03-01, valid 12 months, audience SUN's subtree.
Requirement "Omsorgssystemet": level 3 in 1.3, due 60 days after joining,
audience the role Sygeplejerske (anywhere in the municipality).
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime

import pytest

from competences.models import Assessment
from courses.models import Enrollment
from obligations import services
from obligations.models import Exemption, Requirement
from tests import factories
from tests.factories import competence

EARLY, LATE = date(2026, 1, 15), date(2026, 7, 1)


def at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 10, tzinfo=UTC)


def completed(employee, course, day: date):
    session = factories.CourseSessionFactory(
        course=course, starts_at=at(day), ends_at=at(day).replace(hour=14)
    )
    return factories.EnrollmentFactory(
        employee=employee,
        session=session,
        status=Enrollment.Status.COMPLETED,
        completed_at=at(day),
    )


@dataclass
class Tree:
    security: Requirement
    system: Requirement
    course_a: object
    course_b: object
    people: dict


@pytest.fixture
def tree(municipality, forvaltning, department, other_department, hr, partner):
    course_a = factories.CourseFactory(provider=partner, title="Informationssikkerhed")
    course_b = factories.CourseFactory(provider=partner, title="Sikker på nettet")
    course_a.equivalents.add(course_b)
    nurse = factories.JobRoleFactory(municipality=municipality, name="Sygeplejerske")
    old = date(2020, 1, 1)

    def person(name, dept, **fields):
        fields.setdefault("employment_start", old)
        return factories.EmployeeFactory(name=name, department=dept, **fields)

    people = {
        "p1": person("P1 lapses", department),
        "p2": person("P2 equivalent", department),
        "p3": person("P3 exempt", department),
        "p4": person("P4 nothing", department),
        "p6": person("P6 later", department),
        "m1": person("M1 manager", forvaltning, is_manager=True),
        "p5": person("P5 elsewhere", other_department),
        "n1": person(
            "N1 new nurse",
            department,
            job_role=nurse,
            employment_start=date(2026, 1, 1),
        ),
        "n2": person("N2 nurse level 3", other_department, job_role=nurse),
        "n3": person("N3 nurse level 2", other_department, job_role=nurse),
    }
    completed(people["p1"], course_a, date(2025, 6, 10))
    completed(people["p2"], course_b, date(2026, 1, 10))
    completed(people["p6"], course_a, date(2026, 2, 1))
    completed(people["p5"], course_a, date(2025, 6, 10))
    factories.AssessmentFactory(
        employee=people["n2"],
        competence=competence("1.3"),
        level=3,
        assessed_at=at(date(2025, 12, 1)),
    )
    factories.AssessmentFactory(
        employee=people["n3"],
        competence=competence("1.3"),
        level=2,
        assessed_at=at(date(2025, 12, 1)),
    )
    factories.AssessmentFactory(  # a self-assessment never counts
        employee=people["n3"],
        competence=competence("1.3"),
        level=5,
        source=Assessment.Source.SELF,
        assessed_at=at(date(2025, 12, 2)),
    )
    security = services.requirement_create(
        actor=hr,
        name="Informationssikkerhed",
        kind="course",
        courses=[course_a],
        departments=[forvaltning],
        due_on=date(2026, 3, 1),
        recurrence_months=12,
        effective_from=date(2025, 1, 1),
    )
    system = services.requirement_create(
        actor=hr,
        name="Omsorgssystemet",
        kind="level",
        competence=competence("1.3"),
        min_level=3,
        job_roles=[nurse],
        due_days=60,
        effective_from=date(2025, 1, 1),
    )
    services.exemption_grant(
        requirement=security, employee=people["p3"], reason="Orlov", actor=hr
    )
    Exemption.objects.update(granted_at=at(date(2025, 12, 1)))
    return Tree(security, system, course_a, course_b, people)
