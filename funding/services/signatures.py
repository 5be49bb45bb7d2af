"""Signing an application in Kyndig: every participant, then their manager,
then a union representative (the order the paper form is signed in: the
manager endorses what the employee asked for, the union representative
confirms what the two agreed)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from employees.access import access_for
from employees.models import Employee
from funding import events
from funding.models import FundApplication, FundSignature, Role, State
from funding.services import _common as c

SIGNING_ORDER = (Role.EMPLOYEE, Role.MANAGER, Role.UNION_REP)


@transaction.atomic
def fund_application_sign(*, application: FundApplication, actor) -> FundSignature:
    """Sign as whichever signer ``actor`` is: a participant (for themself),
    a manager over every participant, or a union representative over them."""
    c.lock(application)
    lines = c.lines_of(application)
    c.require_state(
        application,
        {State.DRAFT},
        _("Everyone has signed this application already.")
        if application.state == State.SIGNED
        else _("A submitted application is not signed any more."),
    )
    c.require_not_started([line.enrollment for line in lines])
    signatures = list(application.signatures.all())
    role, employee = _role_of(actor, application, lines, signatures)
    _require_turn(application, role)
    signature = _write(application, role, employee, actor)
    _advance(application, lines, [*signatures, signature])
    events.fund_application_signed.emit(
        application=application, signature=signature, actor=actor
    )
    return signature


def signer_role(actor, application, lines) -> str | None:
    """The role ``actor`` would sign ``application`` in, or None (for pages)."""
    try:
        return _role_of(actor, application, lines, application.signatures.all())[0]
    except (PermissionDenied, ValidationError):
        return None


def _role_of(actor, application, lines, signatures) -> tuple[str, Employee | None]:
    if any(signature.signed_by_id == actor.pk for signature in signatures):
        c.fail(_("You have signed this application already."), "already_signed")
    access = access_for(actor)
    for line in lines:
        if access.is_self(line.employee):
            return Role.EMPLOYEE, line.employee
    participants = [line.employee for line in lines]
    roles = [
        role
        for role, may in (
            (Role.MANAGER, access.can_sign_as_manager),
            (Role.UNION_REP, access.can_sign_as_union_rep),
        )
        if all(may(employee) for employee in participants)
    ]
    if not roles:
        raise PermissionDenied(
            _(
                "Only the participants, their manager (a manager grant over every "
                "participant) and a union representative (a union representative "
                "grant over them) sign this application."
            )
        )
    # Someone who is both manager and union representative signs as the one
    # whose turn it is (and, having signed, not again).
    return (application.awaiting if application.awaiting in roles else roles[0]), None


def _require_turn(application, role: str) -> None:
    if role == application.awaiting:
        return
    if SIGNING_ORDER.index(role) < SIGNING_ORDER.index(application.awaiting):
        message = {
            Role.EMPLOYEE: _("You have signed this application already."),
            Role.MANAGER: _("The manager has signed this application already."),
            Role.UNION_REP: _("A union representative has signed already."),
        }[role]
        c.fail(message, "already_signed")
    message = {
        Role.MANAGER: _("The manager signs once every participant has signed."),
        Role.UNION_REP: _("The union representative signs after the manager."),
    }[role]
    c.fail(message, "signature_out_of_order")


def _write(application, role, employee, actor) -> FundSignature:
    signature = FundSignature(
        application=application,
        role=role,
        employee=employee,
        signed_by=actor,
        name=employee.name if employee else signer_name(actor),
        signed_at=timezone.now(),
    )
    try:
        # A savepoint: a double click that got past the row lock's wait
        # meets the database's once-per-signer constraint.
        with transaction.atomic():
            signature.save()
    except IntegrityError:
        c.fail(_("This signature has been given already."), "already_signed")
    return signature


def signer_name(user) -> str:
    """The name a manager or union representative signs with: their employee
    record's, else their account's."""
    record = Employee.objects.filter(user=user).values_list("name", flat=True)
    return record.first() or user.get_full_name() or user.get_username()


def _advance(application, lines, signatures) -> None:
    """Wait for the next signer in order, or mark the application signed."""
    signed = {s.employee_id for s in signatures if s.role == Role.EMPLOYEE}
    roles = {s.role for s in signatures}
    if any(line.employee_id not in signed for line in lines):
        application.awaiting = Role.EMPLOYEE
    elif Role.MANAGER not in roles:
        application.awaiting = Role.MANAGER
    elif Role.UNION_REP not in roles:
        application.awaiting = Role.UNION_REP
    else:
        application.awaiting, application.state = "", State.SIGNED
    application.save(update_fields=["awaiting", "state", "updated_at"])
