"""Employees with two years of assessments, enrollments and practice tasks."""

from datetime import timedelta

from competences.models import Assessment
from courses.models import Enrollment, PracticeTaskSubmission
from demo import names
from employees.models import Employee

EMPLOYEE_COLUMNS = [
    "id",
    "municipality_id",
    "employee_number",
    "name",
    "work_email",
    "department_id",
    "job_role_id",
    "is_manager",
    "employment_start",
    "employment_end",
    "is_active",
    "created_at",
    "updated_at",
]
ASSESSMENT_COLUMNS = [
    "employee_id",
    "competence_id",
    "level",
    "source",
    "assessed_at",
    "note",
]
ENROLLMENT_COLUMNS = [
    "id",
    "employee_id",
    "session_id",
    "course_id",
    "status",
    "created_at",
    "decided_at",
    "waitlisted_at",
    "attendance_at",
    "completed_at",
    "ended_at",
    "updated_at",
]
TASK_COLUMNS = [
    "employee_id",
    "enrollment_id",
    "evidence",
    "submitted_at",
    "status",
    "reviewed_at",
    "review_note",
]
VALIDATING = ["manager"] * 13 + ["course"] * 5 + ["partner"] * 2
PAST = (
    ["completed"] * 11
    + ["attended"] * 2
    + ["no_show", "no_show", "withdrawn", "withdrawn", "rejected"]
)
FUTURE = ["enrolled"] * 11 + ["requested"] * 4 + ["withdrawn", "withdrawn", "rejected"]
SEAT_HOLDING = {"enrolled", "attended", "no_show", "completed"}


class People:
    """Generates one municipality's people at a time, streaming into the writer."""

    def __init__(self, rng, writer, now, roles, competence_ids, sessions):
        self.rng, self.writer, self.now = rng, writer, now
        self.roles, self.competence_ids, self.sessions = roles, competence_ids, sessions
        self.next_employee = writer.next_id(Employee)
        self.next_enrollment = writer.next_id(Enrollment)

    def build(self, municipality) -> None:
        employees = list(self._employees(municipality))
        self.writer.insert(Employee, EMPLOYEE_COLUMNS, (e[0] for e in employees))
        self.writer.insert(Assessment, ASSESSMENT_COLUMNS, self._assessments(employees))
        tasks: list[tuple] = []
        self.writer.insert(
            Enrollment, ENROLLMENT_COLUMNS, self._enrollments(employees, tasks)
        )
        self.writer.insert(PracticeTaskSubmission, TASK_COLUMNS, tasks)

    def _employees(self, municipality):
        rng = self.rng
        places = [p for p, _w in municipality.places]
        weights = [w for _p, w in municipality.places]
        departments = rng.choices(places, weights, k=municipality.employees)
        for n, department in enumerate(departments):
            pk = self.next_employee
            self.next_employee += 1
            role = rng.choice(municipality.roles) if rng.random() > 0.05 else None
            active = rng.random() > 0.03
            start = (self.now - timedelta(days=rng.randint(200, 9000))).date()
            end = (self.now - timedelta(days=rng.randint(1, 150))).date()
            name = f"{rng.choice(names.FIRST_NAMES)} {rng.choice(names.LAST_NAMES)}"
            row = (
                pk,
                municipality.root_id,
                f"{n + 1:07d}",
                name,
                f"m{n + 1}@{municipality.domain}",
                department,
                role,
                rng.random() < 0.05,
                start,
                None if active else end,
                active,
                self.now,
                self.now,
            )
            yield row, role

    def _assessments(self, employees):
        rng, now = self.rng, self.now
        for row, role in employees:
            profile = self.roles.get(role)
            competences = (
                [c for c, _t in profile]
                if profile
                else rng.sample(self.competence_ids, 3)
            )
            for competence in competences:
                if rng.random() < 0.2:
                    continue
                level = rng.randint(1, 4)
                days = sorted(
                    rng.sample(range(1, 730), rng.randint(1, 2)), reverse=True
                )
                for day in days:
                    when = now - timedelta(days=day, minutes=rng.randint(0, 600))
                    yield row[0], competence, level, rng.choice(VALIDATING), when, ""
                    level = min(8, level + rng.choice((0, 1, 1, 2)))
                if rng.random() < 0.15:
                    when = now - timedelta(days=rng.randint(1, 365))
                    yield row[0], competence, min(8, level + 1), "self", when, ""

    def _enrollments(self, employees, tasks):
        rng = self.rng
        for row, _role in employees:
            count = (rng.random() < 0.5) + (rng.random() < 0.15)
            courses = set()
            for _ in range(count):
                session = rng.choice(self.sessions)
                if session.course_id in courses:
                    continue
                courses.add(session.course_id)
                yield self._enrollment(row[0], session, tasks)

    def _enrollment(self, employee_id, session, tasks) -> tuple:
        rng, now = self.rng, self.now
        past = session.starts_at < now
        status = rng.choice(PAST if past else FUTURE)
        if session.cancelled:
            status = "cancelled"
        elif status in SEAT_HOLDING:
            if session.seats_taken >= session.capacity:
                status = "rejected" if past else "waitlisted"
            else:
                session.seats_taken += 1
        pk = self.next_enrollment
        self.next_enrollment += 1
        created = session.starts_at - timedelta(days=rng.randint(15, 60))
        decided = created + timedelta(days=2)
        ends = session.starts_at + timedelta(hours=6)
        completed = ends + timedelta(days=rng.randint(1, 30))
        if status in ("completed", "attended") and session.has_task:
            self._task(employee_id, pk, status, completed, tasks)
        return (
            pk,
            employee_id,
            session.id,
            session.course_id,
            status,
            created,
            None if status == "requested" else decided,
            decided if status == "waitlisted" else None,
            ends if status in ("attended", "completed", "no_show") else None,
            completed if status == "completed" else None,
            decided if status in ("withdrawn", "rejected", "cancelled") else None,
            max(created, min(completed, now)),
        )

    def _task(self, employee_id, enrollment_id, status, completed, tasks) -> None:
        submitted = completed - timedelta(days=3)
        if status == "completed":
            tasks.append(
                (
                    employee_id,
                    enrollment_id,
                    "Opgaven er løst på arbejdspladsen.",
                    submitted,
                    "approved",
                    completed,
                    "",
                )
            )
        elif self.rng.random() < 0.5:
            tasks.append(
                (
                    employee_id,
                    enrollment_id,
                    "Opgaven er løst på arbejdspladsen.",
                    submitted,
                    "submitted",
                    None,
                    "",
                )
            )
