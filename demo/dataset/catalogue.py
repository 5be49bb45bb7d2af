"""Providers, courses with outcomes and practice tasks, and their sessions."""

from dataclasses import dataclass
from datetime import timedelta

from courses.models import Course, CourseOutcome, CourseSession, Provider

from . import vocabulary

PROVIDERS = 12
MEAN_CAPACITY = 22


@dataclass
class Session:
    id: int
    course_id: int
    starts_at: object
    capacity: int
    cancelled: bool
    has_task: bool
    seats_taken: int = 0


def build_catalogue(rng, writer, competence_ids, now, sessions: int) -> list[Session]:
    provider_ids = _providers(writer)
    courses = max(40, sessions // 40)
    next_course = writer.next_id(Course)
    course_rows, outcome_rows, tasks = [], [], {}
    for n in range(courses):
        course_id = next_course + n
        provider = provider_ids[n % len(provider_ids)]
        topic = vocabulary.COURSE_TOPICS[n % len(vocabulary.COURSE_TOPICS)]
        has_task = rng.random() < 0.6
        tasks[course_id] = (provider, has_task)
        created = now - timedelta(days=800)
        course_rows.append(
            (
                course_id,
                provider,
                f"DS-{n + 1:05d}",
                f"{topic} {n + 1}",
                "",
                "Mere tid hos borgeren.",
                "da",
                rng.choice(["classroom", "online", "blended", "workplace"]),
                7 * rng.randint(1, 3),
                1500 * rng.randint(1, 3),
                "published",
                "Brug det lærte i en konkret opgave." if has_task else "",
                created,
                created,
            )
        )
        for competence in rng.sample(competence_ids, rng.randint(1, 3)):
            low = rng.randint(1, 4)
            outcome_rows.append((course_id, competence, low, low + rng.randint(1, 2)))
    writer.insert(
        Course,
        [
            "id",
            "provider_id",
            "external_id",
            "title",
            "description",
            "purpose",
            "language",
            "mode",
            "hours",
            "price_dkk",
            "status",
            "practice_task",
            "created_at",
            "updated_at",
        ],
        course_rows,
    )
    writer.insert(
        CourseOutcome,
        ["course_id", "competence_id", "from_level", "to_level"],
        outcome_rows,
    )
    return _sessions(rng, writer, tasks, now, sessions)


def _providers(writer) -> list[int]:
    first = writer.next_id(Provider)
    rows = [
        (first + n, f"Kursuspartner {n + 1}", f"dataset-{n + 1:02d}", "", "", True)
        for n in range(PROVIDERS)
    ]
    writer.insert(
        Provider, ["id", "name", "code", "contact_email", "website", "is_active"], rows
    )
    return [row[0] for row in rows]


def _sessions(rng, writer, tasks, now, count) -> list[Session]:
    first = writer.next_id(CourseSession)
    course_ids = sorted(tasks)
    sessions, rows = [], []
    for n in range(count):
        course_id = course_ids[n % len(course_ids)]
        provider, has_task = tasks[course_id]
        # Two years back and half a year ahead, at nine in the morning.
        day = (now - timedelta(days=rng.randint(-180, 730))).replace(
            hour=8, minute=0, second=0, microsecond=0
        )
        capacity = rng.randint(MEAN_CAPACITY - 8, MEAN_CAPACITY + 8)
        cancelled = rng.random() < 0.03
        session = Session(first + n, course_id, day, capacity, cancelled, has_task)
        sessions.append(session)
        rows.append(
            (
                session.id,
                course_id,
                provider,
                f"DS-S{n + 1:06d}",
                day,
                day + timedelta(hours=6),
                "Rådhuset",
                False,
                capacity,
                (day - timedelta(days=14)).date(),
                cancelled,
                day - timedelta(days=20) if cancelled else None,
            )
        )
    writer.insert(
        CourseSession,
        [
            "id",
            "course_id",
            "provider_id",
            "external_id",
            "starts_at",
            "ends_at",
            "location",
            "is_online",
            "capacity",
            "enrollment_deadline",
            "is_cancelled",
            "cancelled_at",
        ],
        rows,
    )
    return sessions
