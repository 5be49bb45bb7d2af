"""Signing in Kyndig: the participants, then their manager, then a union
representative; each once, each with the grant for it, before the course."""

import pytest
from django.core.exceptions import PermissionDenied

from employees.models import AccessGrant
from funding import services
from funding.models import FundApplication, FundSignature
from tests import factories
from tests.courses.workflow import started
from tests.funding.conftest import apply, colleague_on, refused, sign_all, state_of


@pytest.fixture
def application(enrollment, rule, employee):
    return apply([enrollment], employee.user)


def sign(application, user):
    return services.fund_application_sign(application=application, actor=user)


def test_the_three_sign_in_order_with_name_and_time(
    application, employee, manager, union_rep, events
):
    assert application.awaiting == "employee"
    sign(application, employee.user)
    assert application.awaiting == "manager"
    sign(application, manager)
    assert (application.state, application.awaiting) == ("draft", "union_rep")
    sign(application, union_rep)
    application.refresh_from_db()
    assert (application.state, application.awaiting) == ("signed", "")
    rows = list(application.signatures.order_by("signed_at", "pk"))
    assert [(s.role, s.name, s.signed_by) for s in rows] == [
        ("employee", "Anna Jensen", employee.user),
        ("manager", "manager", manager),
        ("union_rep", "Susanne Friis", union_rep),
    ]
    assert all(s.signed_at for s in rows)
    assert len(events.of("fund_application_signed")) == 3


def test_the_manager_signs_only_after_the_employee(application, manager):
    before = state_of(application)
    error = refused(sign, application=application, user=manager)
    assert error.code == "signature_out_of_order"
    assert error.messages == ["The manager signs once every participant has signed."]
    assert state_of(application) == before


def test_the_union_representative_signs_only_after_the_manager(
    application, employee, union_rep
):
    sign(application, employee.user)
    error = refused(sign, application=application, user=union_rep)
    assert error.code == "signature_out_of_order"
    assert error.messages == ["The union representative signs after the manager."]
    assert application.signatures.count() == 1


def test_in_a_group_the_manager_waits_for_every_participant(
    enrollment, session, department, rule, employee, manager
):
    other = colleague_on(session, department, user=factories.UserFactory())
    group = apply([enrollment, other], manager)
    sign(group, employee.user)
    assert group.awaiting == "employee"
    assert refused(sign, application=group, user=manager).code == (
        "signature_out_of_order"
    )
    sign(group, other.employee.user)
    sign(group, manager)
    assert group.awaiting == "union_rep"


@pytest.mark.parametrize("who", ["viewer", "other_manager", "hr", "hr2", "root"])
def test_a_signature_without_the_right_grant_is_refused(
    application, employee, manager, request, who
):
    sign(application, employee.user)
    if who == "root":
        user = factories.UserFactory(is_superuser=True, is_staff=True)
    elif who == "hr2":
        user = request.getfixturevalue("other_hr")
    else:
        user = request.getfixturevalue(who)
    before = state_of(application)
    with pytest.raises(PermissionDenied, match="manager grant over every"):
        sign(application, user)
    assert state_of(application) == before


def test_a_union_representative_elsewhere_may_not_sign(
    application, employee, manager, other_department
):
    sign_all(application, employee.user, manager)
    elsewhere = factories.AccessGrantFactory(
        department=other_department, kind=AccessGrant.Kind.UNION_REP
    ).user
    with pytest.raises(PermissionDenied):
        sign(application, elsewhere)
    assert application.signatures.count() == 2


def test_nobody_signs_twice_nor_in_two_roles(application, employee, manager):
    both = factories.UserFactory(username="both")
    for kind in (AccessGrant.Kind.MANAGER, AccessGrant.Kind.UNION_REP):
        factories.AccessGrantFactory(user=both, department=manager_scope(), kind=kind)
    sign(application, employee.user)
    assert refused(sign, application=application, user=employee.user).code == (
        "already_signed"
    )
    sign(application, both)
    error = refused(sign, application=application, user=both)
    assert error.code == "already_signed"
    assert FundSignature.objects.filter(signed_by=both).count() == 1


def manager_scope():
    return AccessGrant.objects.get(user__username="manager").department


def test_one_who_is_manager_and_union_rep_signs_as_the_one_whose_turn_it_is(
    application, employee, manager
):
    both = factories.UserFactory(username="both")
    for kind in (AccessGrant.Kind.MANAGER, AccessGrant.Kind.UNION_REP):
        factories.AccessGrantFactory(user=both, department=manager_scope(), kind=kind)
    sign_all(application, employee.user, manager)
    assert sign(application, both).role == "union_rep"


def test_a_manager_does_not_sign_their_own_application(
    session, rule, department, manager, union_rep
):
    own = factories.EmployeeFactory(department=department, user=manager, name="Lone")
    enrollment = factories.EnrollmentFactory(employee=own, session=session)
    application = apply([enrollment], manager)
    assert sign(application, manager).role == "employee"
    other_manager_here = factories.AccessGrantFactory(
        department=department, kind=AccessGrant.Kind.MANAGER
    ).user
    assert sign(application, other_manager_here).role == "manager"


def test_signing_ends_when_the_session_starts(application, session, employee):
    started(session)
    error = refused(sign, application=application, user=employee.user)
    assert error.code == "session_started"
    assert not application.signatures.exists()


def test_a_signed_or_submitted_application_takes_no_more_signatures(
    application, employee, manager, union_rep, viewer
):
    sign_all(application, employee.user, manager, union_rep)
    assert refused(sign, application=application, user=viewer).code == (
        "invalid_transition"
    )
    services.fund_application_submit(application=application, actor=employee.user)
    error = refused(sign, application=application, user=viewer)
    assert error.messages == ["A submitted application is not signed any more."]


def test_the_signer_role_is_what_pages_offer(application, employee, manager, viewer):
    lines = list(application.lines.all())
    assert services.signer_role(employee.user, application, lines) == "employee"
    assert services.signer_role(manager, application, lines) == "manager"
    assert services.signer_role(viewer, application, lines) is None
    assert FundApplication.objects.count() == 1
