"""Kompetencefond applications in every state, and the agreements they need.

Rows are written directly with the states, amounts and signatures the funding
services would have left (most participants have no account to sign with),
priced by ``funding.rules`` as the services price them. Applications are for
staff under ``manager`` (Sundhed og Omsorg) and ``manager2`` (Solsikken), so
the demo users can sign, submit and answer them.
"""

import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from courses.models import Enrollment
from demo.seed import data
from employees.models import Employee
from funding.models import (
    OPEN_ENROLLMENT,
    Agreement,
    EducationKind,
    FundApplication,
    FundApplicationLine,
    FundRule,
    FundSignature,
    Role,
    State,
)
from funding.rules import Costs, rule_in_force, shares
from funding.services import fund_rules_ensure, signer_name

Status = Enrollment.Status

# (code, name, job roles employed under it). Academics have a fund of their
# own, so the demo's course rule covers every agreement but theirs.
AGREEMENTS = [
    ("foa", "FOA – social- og sundhedsområdet", [data.SSA]),
    ("dsr", "Dansk Sygeplejeråd", [data.SYG]),
    ("bupl", "BUPL", [data.PAED]),
    ("socialraadgiverne", "Dansk Socialrådgiverforening", [data.SRG]),
    ("hk-kommunal", "HK Kommunal", [data.ADM, data.SAG]),
    ("dlf", "Danmarks Lærerforening", [data.LAER]),
    ("akademikerne", "Akademikerne", [data.ING]),
]
NOT_COVERED = {"akademikerne"}
EXTRAS = (Decimal(0), Decimal(0), Decimal("150.00"), Decimal("400.00"))

# Applications for sessions ahead: (participants, state, waiting for).
AHEAD = [
    (2, State.DRAFT, Role.MANAGER),
    (1, State.DRAFT, Role.MANAGER),
    (1, State.DRAFT, Role.UNION_REP),
    (1, State.DRAFT, Role.EMPLOYEE),
    (1, State.SIGNED, ""),
    (3, State.SUBMITTED, ""),
    (1, State.SUBMITTED, ""),
    (1, State.GRANTED, ""),
]
# Applications for sessions that ran: the fund has answered.
PAST = [
    (1, State.GRANTED),
    (2, State.PAID),
    (1, State.PAID),
    (1, State.PAID),
    (1, State.REFUSED),
]


@dataclass
class Signers:
    manager: object  # the user who signs as manager for these participants
    union_rep: object


def build_funding(*, rng: random.Random, now: datetime, org) -> dict:
    fund_rules_ensure()
    _agreements(org)
    rule = rule_in_force(kind=EducationKind.COURSE, on=now.date())
    tr = org.users["tr"]
    areas = [
        (org.departments[data.SO], Signers(org.users["manager"], tr)),
        (org.people["manager2"].department, Signers(org.users["manager2"], tr)),
    ]
    ahead, past = _candidates(org, areas, rule, now)
    made = [_for_the_demo_employee(rng, org, rule, now, tr)]
    for size, state, awaiting in AHEAD:
        group = _take(rng, ahead, size)
        if group:
            made.append(_write(rng, rule, group, state, awaiting, now))
    for size, state in PAST:
        group = _take(rng, past, size)
        if group:
            made.append(_write(rng, rule, group, state, "", now))
    return {"fund_applications": len(made)}


def _agreements(org) -> None:
    roles = org.roles
    covered = []
    for code, name, role_names in AGREEMENTS:
        agreement = Agreement.objects.create(code=code, name=name)
        agreement.job_roles.set([roles[role] for role in role_names])
        if code not in NOT_COVERED:
            covered.append(agreement)
    for rule in FundRule.objects.all():
        rule.eligible_agreements.set(covered)


def _candidates(org, areas, rule, now) -> tuple[list, list]:
    """Enrollments to apply for, per group: (enrollments of one course and
    area, signers), ahead and past, eligible and without a demo user."""
    eligible = {
        role.pk for a in rule.eligible_agreements.all() for role in a.job_roles.all()
    }
    ahead, past = [], []
    for department, signers in areas:
        enrollments = (
            Enrollment.objects.filter(
                employee__in=Employee.objects.in_subtree(department).filter(
                    is_active=True, user__isnull=True, job_role__in=eligible
                )
            )
            .select_related("employee__department", "session__course")
            .order_by("session__starts_at", "pk")
        )
        upcoming = enrollments.filter(
            status__in=OPEN_ENROLLMENT, session__starts_at__gt=now
        )
        ran = enrollments.filter(
            status__in=(Status.ATTENDED, Status.COMPLETED), session__starts_at__lt=now
        )
        ahead += _by_course(upcoming, signers)
        past += _by_course(ran, signers)
    return ahead, past


def _by_course(enrollments, signers) -> list[tuple[list, Signers]]:
    courses: dict[int, list] = {}
    for enrollment in enrollments:
        courses.setdefault(enrollment.course_id, []).append(enrollment)
    return [(group, signers) for group in courses.values()]


def _take(rng, pools, size: int):
    """``size`` enrollments of one course and area, taken out of ``pools``."""
    fitting = [pool for pool in pools if len(pool[0]) >= size]
    if not fitting:
        return None
    enrollments, signers = rng.choice(fitting)
    taken = [enrollments.pop(0) for _ in range(size)]
    return taken, signers


def _for_the_demo_employee(rng, org, rule, now, tr):
    """`employee` applied for the course she asked for; her own signature is
    the first one missing."""
    employee = org.people["employee"]
    enrollment = Enrollment.objects.select_related(
        "employee__department", "session__course"
    ).get(employee=employee, status=Status.REQUESTED)
    signers = Signers(org.users["manager"], tr)
    return _write(
        rng,
        rule,
        ([enrollment], signers),
        State.DRAFT,
        Role.EMPLOYEE,
        now,
        extras=(Decimal(0), Decimal(0)),
        created_by=employee.user,
    )


def _write(
    rng, rule, group, state, awaiting, now, extras=None, created_by=None
) -> FundApplication:
    enrollments, signers = group
    course = enrollments[0].session.course
    starts = min(e.session.starts_at for e in enrollments)
    applied = _applied_at(rng, starts, now)
    materials, transport = extras or (rng.choice(EXTRAS), rng.choice(EXTRAS))
    costs = Costs(course.price_dkk, materials, transport).check()
    share = shares(costs, rule.percentage)
    # Written in bulk like the rest of the demo: its past has no audit trail.
    (application,) = FundApplication.objects.bulk_create(
        [
            FundApplication(
                course=course,
                education_kind=EducationKind.COURSE,
                state=state,
                awaiting=awaiting,
                applied_on=applied.date(),
                rule=rule,
                percentage=rule.percentage,
                fee=costs.fee,
                materials=costs.materials,
                transport=costs.transport,
                amount_applied=share.amount * len(enrollments),
                workplace_share=share.workplace * len(enrollments),
                created_by=created_by or signers.manager,
                **_milestones(state, applied, starts, now),
            )
        ]
    )
    FundApplicationLine.objects.bulk_create(
        FundApplicationLine(
            application=application,
            enrollment=enrollment,
            employee=enrollment.employee,
            department=enrollment.employee.department,
            amount=share.amount,
            workplace_share=share.workplace,
            is_open=state != State.REFUSED,
        )
        for enrollment in enrollments
    )
    _sign(application, enrollments, signers, awaiting, applied)
    return application


def _applied_at(rng, starts: datetime, now: datetime) -> datetime:
    """A few weeks before the course, and never in the future."""
    return min(starts - timedelta(days=rng.randint(25, 45)), now - timedelta(days=2))


def _milestones(state, applied, starts, now) -> dict:
    sent = min(applied + timedelta(days=6), starts - timedelta(days=3))
    answered = min(sent + timedelta(days=14), now - timedelta(hours=4))
    moments = {}
    if state in (State.SUBMITTED, State.GRANTED, State.REFUSED, State.PAID):
        moments["submitted_at"] = sent
    if state in (State.GRANTED, State.REFUSED, State.PAID):
        moments["decided_at"] = answered
    if state == State.PAID:
        moments["paid_at"] = min(
            answered + timedelta(days=45), now - timedelta(hours=2)
        )
    return moments


def _sign(application, enrollments, signers, awaiting, applied) -> None:
    """Signatures in signing order, up to the one the application waits for."""
    order = (Role.EMPLOYEE, Role.MANAGER, Role.UNION_REP)
    given = order if not awaiting else order[: order.index(awaiting)]
    moment = applied + timedelta(hours=2)
    rows = []
    if Role.EMPLOYEE in given:
        for enrollment in enrollments:
            employee = enrollment.employee
            rows.append(_signature(application, Role.EMPLOYEE, employee, None, moment))
    if Role.MANAGER in given:
        moment += timedelta(days=1)
        rows.append(
            _signature(application, Role.MANAGER, None, signers.manager, moment)
        )
    if Role.UNION_REP in given:
        moment += timedelta(days=2)
        rows.append(
            _signature(application, Role.UNION_REP, None, signers.union_rep, moment)
        )
    FundSignature.objects.bulk_create(rows)


def _signature(application, role, employee, user, moment) -> FundSignature:
    return FundSignature(
        application=application,
        role=role,
        employee=employee,
        signed_by=user if employee is None else employee.user,
        name=employee.name if employee is not None else signer_name(user),
        signed_at=moment,
    )
