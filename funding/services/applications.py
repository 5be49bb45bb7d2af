"""Applications: file one, change its costs, submit it, record the answer."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from courses.models import Enrollment
from employees.access import access_for
from employees.models import Employee
from funding import events
from funding.models import (
    EducationKind,
    FundApplication,
    FundApplicationLine,
    Role,
    State,
)
from funding.rules import (
    Costs,
    check_caps,
    check_eligible,
    rule_in_force,
    shares,
)
from funding.services import _common as c

# Participants of one application: a team on a course, not a whole municipality.
MAX_PARTICIPANTS = 50


@transaction.atomic
def fund_application_create(
    *,
    enrollments,
    actor,
    fee: Decimal | None = None,
    materials: Decimal = Decimal(0),
    transport: Decimal = Decimal(0),
    education_kind: str = EducationKind.COURSE,
) -> FundApplication:
    """A draft application for the enrollments (one employee, or a group on
    the same course), priced by the rule in force today.

    ``fee`` is per participant and defaults to the course price.
    """
    enrollments = _locked_enrollments(enrollments)
    course = enrollments[0].course
    participants = [enrollment.employee for enrollment in enrollments]
    c.require_may_apply(actor, participants)
    c.require_not_started(enrollments)
    c.require_open(enrollments)
    _require_active(participants)
    costs = Costs(course.price_dkk if fee is None else fee, materials, transport)
    costs = costs.check()
    today = timezone.localdate()
    rule = rule_in_force(kind=education_kind, on=today)
    check_eligible(participants=participants, rule=rule)
    share = shares(costs, rule.percentage)
    check_caps(claims=[(e, share.amount) for e in participants], rule=rule, on=today)
    _require_not_applied_for(enrollments)
    application = FundApplication(
        course=course,
        education_kind=education_kind,
        applied_on=today,
        rule=rule,
        percentage=rule.percentage,
        fee=costs.fee,
        materials=costs.materials,
        transport=costs.transport,
        amount_applied=share.amount * len(participants),
        workplace_share=share.workplace * len(participants),
        created_by=actor,
    )
    # The audit trail files the new row under its first participant, whose
    # line does not exist yet (funding.apps).
    application.participants_for_audit = participants
    application.save()
    _add_lines(application, enrollments, share)
    events.fund_application_created.emit(application=application, actor=actor)
    return application


def _locked_enrollments(enrollments) -> list[Enrollment]:
    ids = sorted({enrollment.pk for enrollment in enrollments})
    if not ids:
        _refuse("enrollments", _("Choose at least one enrollment."), "required")
    if len(ids) > MAX_PARTICIPANTS:
        _refuse(
            "enrollments",
            _("An application covers at most %(max)d participants.")
            % {"max": MAX_PARTICIPANTS},
            "too_many",
        )
    # Locked in id order, so two applications for the same people queue.
    locked = list(
        Enrollment.objects.select_for_update()
        .filter(pk__in=ids)
        .select_related("employee__department", "session__course", "course")
        .order_by("pk")
    )
    if len({enrollment.course_id for enrollment in locked}) > 1:
        _refuse(
            "enrollments",
            _("A group application is for one course: choose enrollments on it."),
            "mixed_courses",
        )
    return locked


def _refuse(field: str, message: str, code: str):
    raise ValidationError({field: ValidationError(message, code=code)})


def _require_active(participants) -> None:
    for employee in participants:
        if not employee.is_active:
            c.fail(
                _("%(name)s is no longer active.") % {"name": employee.name},
                "employee_inactive",
            )


def _require_not_applied_for(enrollments) -> None:
    taken = FundApplicationLine.objects.filter(
        enrollment__in=enrollments, is_open=True
    ).select_related("employee")
    for line in taken[:1]:
        c.fail(
            _(
                "%(name)s's enrollment is already on application #%(id)s; an "
                "enrollment is applied for once."
            )
            % {"name": line.employee.name, "id": line.application_id},
            "duplicate_application",
        )


def _add_lines(application, enrollments, share) -> None:
    for enrollment in enrollments:
        line = FundApplicationLine(
            application=application,
            enrollment=enrollment,
            employee=enrollment.employee,
            department=enrollment.employee.department,
            amount=share.amount,
            workplace_share=share.workplace,
        )
        try:
            # A savepoint: an application filed at the same moment for the
            # same enrollment loses to the database constraint.
            with transaction.atomic():
                line.save()
        except IntegrityError:
            _require_not_applied_for([enrollment])
            raise


# --- Costs ----------------------------------------------------------------------------
@transaction.atomic
def fund_application_set_costs(
    *,
    application: FundApplication,
    actor,
    fee: Decimal,
    materials: Decimal = Decimal(0),
    transport: Decimal = Decimal(0),
    drop_signatures: bool = False,
) -> FundApplication:
    """New costs per participant, priced again by the application's rule.

    Signatures were given to the old amounts: changing the costs drops them,
    and all must sign again. Unless ``drop_signatures`` says the caller knows,
    a signed application's costs are refused unchanged.
    """
    c.lock(application)
    lines = c.lines_of(application)
    participants = [line.employee for line in lines]
    c.require_may_apply(actor, participants)
    c.require_state(
        application,
        {State.DRAFT, State.SIGNED},
        _("The costs cannot change once the application is submitted."),
    )
    costs = Costs(fee, materials, transport).check()
    signatures = list(application.signatures.order_by("signed_at", "pk"))
    if signatures and not drop_signatures:
        c.fail(
            _(
                "%(names)s signed these costs. Changing them drops every signature, "
                "and all must sign again: confirm to go on."
            )
            % {"names": ", ".join(s.name for s in signatures)},
            "signatures_present",
        )
    share = shares(costs, application.percentage)
    check_caps(
        claims=[(e, share.amount) for e in participants],
        rule=application.rule,
        on=application.applied_on,
        exclude=application,
    )
    for signature in signatures:
        signature.delete()
    _write_costs(application, lines, costs, share)
    events.fund_application_costs_changed.emit(
        application=application,
        dropped=[signature.role for signature in signatures],
        actor=actor,
    )
    return application


def _write_costs(application, lines, costs: Costs, share) -> None:
    for line in lines:
        line.amount, line.workplace_share = share.amount, share.workplace
        line.save(update_fields=["amount", "workplace_share"])
    application.fee = costs.fee
    application.materials = costs.materials
    application.transport = costs.transport
    application.amount_applied = share.amount * len(lines)
    application.workplace_share = share.workplace * len(lines)
    application.state, application.awaiting = State.DRAFT, Role.EMPLOYEE
    application.save()


# --- Submission -----------------------------------------------------------------------
@transaction.atomic
def fund_application_submit(*, application: FundApplication, actor) -> FundApplication:
    """Send the signed application to the fund, before the course starts."""
    c.lock(application)
    lines = c.lines_of(application)
    c.require_may_apply(actor, [line.employee for line in lines])
    if application.state == State.DRAFT:
        c.fail(
            _("Waiting for the signature of %(who)s.")
            % {"who": missing_signers(application, lines)},
            "signatures_missing",
        )
    c.require_state(
        application,
        {State.SIGNED},
        _("Only a signed application can be submitted, and only once."),
    )
    enrollments = [line.enrollment for line in lines]
    c.require_not_started(enrollments)
    c.require_open(enrollments)
    application.state = State.SUBMITTED
    application.submitted_at = timezone.now()
    application.save()
    events.fund_application_submitted.emit(application=application, actor=actor)
    return application


def missing_signers(application, lines) -> str:
    """Who has yet to sign, in signing order, for a message."""
    signed = list(application.signatures.all())
    done_employees = {s.employee_id for s in signed if s.role == Role.EMPLOYEE}
    done_roles = {s.role for s in signed}
    names = [
        line.employee.name for line in lines if line.employee_id not in done_employees
    ]
    if Role.MANAGER not in done_roles:
        names.append(_("the manager"))
    if Role.UNION_REP not in done_roles:
        names.append(_("the union representative"))
    return ", ".join(names)


# --- The fund's answer ----------------------------------------------------------------
# Which answer may follow which state.
DECISIONS = {
    State.GRANTED: {State.SUBMITTED},
    State.REFUSED: {State.SUBMITTED},
    State.PAID: {State.GRANTED},
}


@transaction.atomic
def fund_application_decide(
    *, application: FundApplication, state: str, actor
) -> FundApplication:
    """Record the fund's answer (granted or refused), then the payment (paid)."""
    if state not in DECISIONS:
        _refuse("state", _("Choose granted, refused or paid."), "invalid")
    c.lock(application)
    lines = c.lines_of(application)
    access = access_for(actor)
    if not all(access.can_decide_funding(line.employee) for line in lines):
        raise PermissionDenied(
            _("Only HR over every participant records the fund's answer.")
        )
    c.require_state(application, DECISIONS[state], _decision_refused(state))
    now = timezone.now()
    if state == State.GRANTED:
        _recheck_caps(application, lines)
    if state == State.REFUSED:
        for line in lines:
            line.is_open = False
            line.save(update_fields=["is_open"])
    if state == State.PAID:
        application.paid_at = now
    else:
        application.decided_at, application.decided_by = now, actor
    application.state = state
    application.save()
    events.fund_application_decided.emit(application=application, actor=actor)
    return application


def _decision_refused(state: str) -> str:
    if state == State.PAID:
        return _("Only a granted application can be marked paid.")
    return _("Only a submitted application can be granted or refused.")


def _recheck_caps(application, lines) -> None:
    """The cap holds for granted amounts, whoever grants what at the same time:
    each participant's row is locked while their granted total is counted."""
    ids = [line.employee_id for line in lines]
    list(Employee.objects.select_for_update().filter(pk__in=ids).order_by("pk"))
    check_caps(
        claims=[(line.employee, line.amount) for line in lines],
        rule=application.rule,
        on=application.applied_on,
        exclude=application,
    )
