"""Reads of fund applications, scoped to the asking user by the access policy.

An application is seen whole or not at all: by its participants, and by those
who may see every participant in detail (HR, managers) or co-sign for every
participant (a union representative).
"""

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from courses.models import Enrollment
from employees.access import Kind, access_for
from funding.models import (
    OPEN_ENROLLMENT,
    FundApplication,
    FundApplicationLine,
    FundSignature,
    Role,
    State,
)


def _lines() -> Prefetch:
    return Prefetch(
        "lines",
        queryset=FundApplicationLine.objects.select_related(
            "employee__department", "department", "enrollment__session"
        ).order_by("pk"),
    )


def _signatures() -> Prefetch:
    return Prefetch("signatures", queryset=FundSignature.objects.order_by("pk"))


def _participating(user) -> Q:
    mine = FundApplicationLine.objects.filter(employee__user=user)
    return Q(pk__in=mine.values("application_id"))


def _all_in(employees) -> Q:
    """Applications every participant of which is in ``employees``."""
    outside = FundApplicationLine.objects.exclude(employee__in=employees)
    return ~Q(pk__in=outside.values("application_id"))


def application_list(*, user) -> QuerySet[FundApplication]:
    if not user.is_authenticated:
        return FundApplication.objects.none()
    access = access_for(user)
    seen = access.employees(detail=True).values("pk")
    cosigned = access.union_rep_employees().values("pk")
    # Subqueries, not joins: one row per application, and the rule "every
    # participant" is a NOT IN over the participants outside the scope.
    scope = _participating(user) | _all_in(seen) | _all_in(cosigned)
    return (
        FundApplication.objects.filter(scope)
        .select_related("course", "course__provider")
        .prefetch_related(_lines(), _signatures())
    )


def _signable_by(access, kind: str) -> Q:
    """Applications every participant of which the user's own grants of
    ``kind`` cover."""
    covered = FundApplicationLine.objects.filter(
        access.granted_q("employee__department", kind)
    )
    outside = FundApplicationLine.objects.exclude(
        access.granted_q("employee__department", kind)
    )
    return Q(pk__in=covered.values("application_id")) & ~Q(
        pk__in=outside.values("application_id")
    )


def to_sign(*, user) -> QuerySet[FundApplication]:
    """Drafts whose turn to sign is the user's: as a participant not yet
    signed, as the manager, or as the union representative."""
    if not user.is_authenticated:
        return FundApplication.objects.none()
    access = access_for(user)
    unsigned_own = FundApplicationLine.objects.filter(employee__user=user).filter(
        ~Exists(
            FundSignature.objects.filter(
                application=OuterRef("application"), employee=OuterRef("employee")
            )
        )
    )
    signed_by_user = FundSignature.objects.filter(signed_by=user)
    others = ~_participating(user) & ~Q(pk__in=signed_by_user.values("application_id"))
    turn = (
        Q(awaiting=Role.EMPLOYEE, pk__in=unsigned_own.values("application_id"))
        | (Q(awaiting=Role.MANAGER) & _signable_by(access, Kind.MANAGER) & others)
        | (Q(awaiting=Role.UNION_REP) & _signable_by(access, Kind.UNION_REP) & others)
    )
    return application_list(user=user).filter(turn, state=State.DRAFT)


def to_sign_count(user) -> int:
    """Open work for the menu: applications waiting for the user's signature."""
    if not user.is_authenticated:
        return 0
    return to_sign(user=user).count()


def enrollments_to_apply_for(*, user, course=None) -> QuerySet[Enrollment]:
    """Open enrollments on sessions not yet started, of people the user may
    apply for, not already on an open application."""
    enrollments = Enrollment.objects.filter(
        status__in=OPEN_ENROLLMENT,
        session__starts_at__gt=timezone.now(),
        session__is_cancelled=False,
        employee__is_active=True,
        employee__in=access_for(user).employees(detail=True).values("pk"),
    ).exclude(fund_lines__is_open=True)
    if course is not None:
        enrollments = enrollments.filter(course=course)
    return enrollments.select_related("employee", "session__course").order_by(
        "session__course__title", "session__starts_at", "employee__name", "pk"
    )
