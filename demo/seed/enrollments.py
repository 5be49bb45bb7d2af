"""Partners, courses, sessions and enrollments in every workflow state.

Rows are written directly with the statuses and timestamps the workflow
services would have left, so the demo has a past without replaying it.
"""

import random
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from competences.models import Assessment, Competence
from courses.models import (
    Course,
    CourseOutcome,
    CourseSession,
    Enrollment,
    PracticeTaskSubmission,
    Provider,
)
from demo.seed import catalogue
from demo.seed.calendar import working_day

Status = Enrollment.Status
Review = PracticeTaskSubmission.Review

EVIDENCE = [
    "Jeg har gennemført opgaven i mit eget team og gennemgået resultatet med en "
    "kollega. Vi har aftalt at bruge arbejdsgangen fremover.",
    "Opgaven er løst sammen med to borgere. Beskrivelse og erfaringer er vedhæftet "
    "i teamets mappe.",
    "Jeg har afprøvet det i praksis over tre uger og noteret, hvad der virkede, "
    "og hvad vi skal justere.",
]
RETURN_NOTE = "Beskriv gerne mere konkret, hvad du gjorde, og hvad det ændrede."


@dataclass
class Plan:
    """The enrollment rows under construction and the rules they must keep."""

    rng: random.Random
    now: datetime
    org: object
    history: object
    enrollments: list[Enrollment] = field(default_factory=list)
    # Submissions wait for their enrollment's id: (enrollment, submission).
    submissions: list[tuple[Enrollment, PracticeTaskSubmission]] = field(
        default_factory=list
    )
    taken: set[tuple[int, int]] = field(default_factory=set)

    def enroll(self, employee, session, status, created_at, **fields) -> Enrollment:
        self.taken.add((employee.pk, session.course_id))
        fields.setdefault("requested_by", employee.user)
        enrollment = Enrollment(
            employee=employee,
            session=session,
            course_id=session.course_id,
            status=status,
            created_at=created_at,
            **fields,
        )
        self.enrollments.append(enrollment)
        return enrollment

    def free_seats(self, session) -> int:
        held = (Status.ENROLLED, Status.ATTENDED, Status.NO_SHOW, Status.COMPLETED)
        taken = sum(
            1 for e in self.enrollments if e.session is session and e.status in held
        )
        return session.capacity - taken

    def candidates(self, course) -> list:
        """Active staff in the roles the course is for, not yet on it, shuffled."""
        roles = set(course.demo_roles)
        demo_people = {e.pk for e in self.org.people.values()}
        people = [
            e
            for e in self.org.employees
            if e.is_active
            and e.pk not in demo_people
            and (e.pk, course.pk) not in self.taken
            and (not roles or (e.job_role and e.job_role.name in roles))
        ]
        self.rng.shuffle(people)
        return people

    def approver(self, employee):
        for username in ("manager", "manager2"):
            lead = self.org.people[username]
            if lead.department.contains(employee.department):
                return self.org.users[username]
        return self.org.users["hr"]


def build_catalogue(*, rng: random.Random, now: datetime, org, history) -> dict:
    competences = {
        c.code: c for c in Competence.objects.filter(framework__code="digcomp")
    }
    providers = {
        item["code"]: Provider.objects.create(**item) for item in catalogue.PROVIDERS
    }
    plan = Plan(rng=rng, now=now, org=org, history=history)
    sessions = []
    for item in catalogue.COURSES:
        course = _course(item, providers, competences)
        sessions += _sessions(rng, now, course, item)
    CourseSession.objects.bulk_create(sessions)
    _demo_employee(plan, sessions)
    for session in sessions:
        FILLERS[session.demo_kind](plan, session)
    Enrollment.objects.bulk_create(plan.enrollments, batch_size=1000)
    rows = []
    for enrollment, submission in plan.submissions:
        submission.enrollment_id = enrollment.pk
        rows.append(submission)
    PracticeTaskSubmission.objects.bulk_create(rows)
    return {
        "providers": len(providers),
        "courses": len(catalogue.COURSES),
        "sessions": len(sessions),
        "enrollments": len(plan.enrollments),
        "practice_tasks": len(rows),
        "one_free_session": next(s for s in sessions if s.demo_kind == "one_free"),
    }


def _course(item, providers, competences) -> Course:
    course = Course.objects.create(
        provider=providers[item["provider"]],
        external_id=item["external_id"],
        title=item["title"],
        description=item["description"],
        purpose=item["purpose"],
        mode=item["mode"],
        hours=Decimal(item["hours"]),
        price_dkk=Decimal(item["price"]),
        status=item.get("status", Course.Status.PUBLISHED),
        practice_task=item["practice_task"],
    )
    course.demo_outcomes = CourseOutcome.objects.bulk_create(
        CourseOutcome(
            course=course, competence=competences[code], from_level=low, to_level=high
        )
        for code, low, high in item["outcomes"]
    )
    course.demo_roles = item["roles"]
    return course


def _sessions(rng, now, course, item) -> list[CourseSession]:
    sessions = []
    today = timezone.localdate(now)
    for number, (days, capacity, kind) in enumerate(item["sessions"], start=1):
        # Past sessions stay past, upcoming ones upcoming.
        day = working_day(today + timedelta(days=days), forward=days > 0)
        starts_at = timezone.make_aware(datetime.combine(day, time(9, 0)))
        online = course.mode == Course.Mode.ONLINE
        session = CourseSession(
            course=course,
            provider_id=course.provider_id,
            external_id=f"{course.external_id}-H{number}",
            starts_at=starts_at,
            ends_at=starts_at + timedelta(hours=6 if course.hours >= 6 else 3),
            location="Online (Teams)" if online else rng.choice(catalogue.LOCATIONS),
            is_online=online,
            capacity=capacity,
            enrollment_deadline=day - timedelta(days=10),
            is_cancelled=kind == "cancelled",
            cancelled_at=now - timedelta(days=5) if kind == "cancelled" else None,
        )
        session.demo_kind = kind
        sessions.append(session)
    return sessions


def _demo_employee(plan: Plan, sessions) -> None:
    """`employee` has a finished course and one ready for evidence; their
    request for a seat goes through the services (demo.seed.notifications)."""
    employee = plan.org.people["employee"]

    def session(external_id):
        return next(s for s in sessions if s.external_id == external_id)

    _finish(plan, employee, session("KH-2026-105-H1"), "completed")
    _finish(plan, employee, session("KH-2026-101-H2"), "attended")


# --- sessions in the past ---------------------------------------------------

# The first participants of each past session get these outcomes, so every
# state is present whatever the random draw; the rest are drawn.
FIXED_OUTCOMES = ("submitted", "returned", "no_show")


def _fill_past(plan: Plan, session) -> None:
    people = plan.candidates(session.course)
    seats = plan.free_seats(session) - plan.rng.randint(0, 3)
    for index, employee in enumerate(people[:seats]):
        _finish(plan, employee, session, _outcome(plan, session, index))
    for employee in people[seats : seats + 1]:
        created = session.starts_at - timedelta(days=40)
        plan.enroll(
            employee,
            session,
            Status.WITHDRAWN,
            created,
            decided_at=created + timedelta(days=2),
            ended_at=session.starts_at - timedelta(days=7),
            approved_by=plan.approver(employee),
        )


def _outcome(plan: Plan, session, index: int) -> str:
    has_task = session.course.has_practice_task
    if index < len(FIXED_OUTCOMES):
        fixed = FIXED_OUTCOMES[index]
        if has_task or fixed == "no_show":
            return fixed
    draw = plan.rng.random()
    if draw < 0.1:
        return "no_show"
    if not has_task:
        return "completed"
    return "completed" if draw < 0.75 else plan.rng.choice(["attended", "submitted"])


def _finish(plan: Plan, employee, session, outcome: str) -> None:
    rng = plan.rng
    created = session.starts_at - timedelta(days=rng.randint(20, 50))
    attended_at = session.ends_at + timedelta(hours=2)
    enrollment = plan.enroll(
        employee,
        session,
        Status.NO_SHOW if outcome == "no_show" else Status.ATTENDED,
        created,
        decided_at=created + timedelta(days=rng.randint(1, 5)),
        attendance_at=attended_at,
        ended_at=attended_at if outcome == "no_show" else None,
        approved_by=plan.approver(employee),
    )
    if outcome in ("no_show", "attended"):
        return
    if not session.course.has_practice_task:
        _complete(plan, enrollment, attended_at, completed_by=None)
        return
    latest = plan.now - timedelta(days=3)
    submitted_at = min(attended_at + timedelta(days=rng.randint(5, 20)), latest)
    reviewer = plan.approver(employee)
    if outcome == "returned":
        _submit(plan, enrollment, submitted_at, Review.RETURNED, reviewer)
    elif outcome == "submitted":
        _submit(plan, enrollment, submitted_at, Review.SUBMITTED)
    else:
        reviewed_at = submitted_at + timedelta(days=2)
        _submit(plan, enrollment, submitted_at, Review.APPROVED, reviewer)
        _complete(plan, enrollment, reviewed_at, completed_by=reviewer)


def _submit(plan, enrollment, submitted_at, status, reviewer=None) -> None:
    reviewed = status != Review.SUBMITTED
    submission = PracticeTaskSubmission(
        employee=enrollment.employee,
        evidence=plan.rng.choice(EVIDENCE),
        submitted_by=enrollment.employee.user,
        submitted_at=submitted_at,
        status=status,
        reviewed_by=reviewer if reviewed else None,
        reviewed_at=submitted_at + timedelta(days=2) if reviewed else None,
        review_note=RETURN_NOTE if status == Review.RETURNED else "",
    )
    plan.submissions.append((enrollment, submission))


def _complete(plan: Plan, enrollment, moment, completed_by) -> None:
    """What ``enrollment_complete`` does: outcomes become course assessments."""
    enrollment.status = Status.COMPLETED
    enrollment.completed_at = enrollment.ended_at = moment
    course = enrollment.session.course
    for outcome in course.demo_outcomes:
        key = (enrollment.employee.pk, outcome.competence_id)
        if outcome.to_level <= plan.history.level_at(*key, moment):
            continue
        plan.history.add(
            Assessment(
                employee_id=key[0],
                competence_id=key[1],
                level=outcome.to_level,
                source=Assessment.Source.COURSE,
                assessed_at=moment,
                assessed_by=completed_by,
                note=f"Gennemførte kurset “{course.title}”.",
            )
        )
        plan.history.lift_after(*key, moment, outcome.to_level)


# --- sessions ahead ---------------------------------------------------------


def _fill_open(plan: Plan, session, enrolled_share=(0.5, 0.8), requests=3) -> None:
    people = plan.candidates(session.course)
    enrolled = int(plan.free_seats(session) * plan.rng.uniform(*enrolled_share))
    _place(plan, session, people[:enrolled])
    _ahead(plan, session, people[enrolled : enrolled + requests], Status.REQUESTED)
    _ahead(plan, session, people[enrolled + requests :][:1], Status.REJECTED)
    _ahead(plan, session, people[enrolled + requests + 1 :][:1], Status.WITHDRAWN)


def _fill_full(plan: Plan, session) -> None:
    people = plan.candidates(session.course)
    seats = plan.free_seats(session)
    _place(plan, session, people[:seats])
    for position, employee in enumerate(people[seats : seats + 3]):
        created = plan.now - timedelta(days=10 - position)
        plan.enroll(
            employee,
            session,
            Status.WAITLISTED,
            created,
            decided_at=created + timedelta(hours=3),
            waitlisted_at=created + timedelta(hours=3),
            approved_by=plan.approver(employee),
        )
    _ahead(plan, session, people[seats + 3 : seats + 4], Status.REQUESTED)


def _fill_held(plan: Plan, session) -> None:
    """Just held: its participants are enrolled, their attendance not marked."""
    people = plan.candidates(session.course)
    _place(plan, session, people[: plan.free_seats(session) - 2])


def _fill_one_free(plan: Plan, session) -> None:
    people = plan.candidates(session.course)
    _place(plan, session, people[: plan.free_seats(session) - 1])


def _fill_cancelled(plan: Plan, session) -> None:
    for employee in plan.candidates(session.course)[:6]:
        created = session.cancelled_at - timedelta(days=plan.rng.randint(5, 30))
        enrollment = plan.enroll(
            employee,
            session,
            Status.CANCELLED,
            created,
            decided_at=created + timedelta(days=1),
            ended_at=session.cancelled_at,
            approved_by=plan.approver(employee),
        )
        # A cancelled enrollment is no longer live: the employee may book again.
        plan.taken.discard((employee.pk, enrollment.course_id))


def _place(plan: Plan, session, people) -> None:
    hr = plan.org.users["hr"]
    for employee in people:
        created = plan.now - timedelta(days=plan.rng.randint(3, 40))
        direct = plan.rng.random() < 0.4
        plan.enroll(
            employee,
            session,
            Status.ENROLLED,
            created,
            decided_at=created if direct else created + timedelta(days=1),
            approved_by=hr if direct else plan.approver(employee),
            **({"requested_by": hr} if direct else {}),
        )


def _ahead(plan: Plan, session, people, status) -> None:
    for employee in people:
        created = plan.now - timedelta(days=plan.rng.randint(1, 12))
        ended = status in (Status.REJECTED, Status.WITHDRAWN)
        plan.enroll(
            employee,
            session,
            status,
            created,
            decided_at=created + timedelta(days=1) if ended else None,
            ended_at=created + timedelta(days=1) if ended else None,
        )


FILLERS = {
    "past": _fill_past,
    "open": _fill_open,
    "full": _fill_full,
    "one_free": _fill_one_free,
    "cancelled": _fill_cancelled,
    "held": _fill_held,
}
