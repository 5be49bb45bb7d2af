"""The Django admin: every model answers, big lists stay cheap, history stays put."""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.contrib.auth.models import Permission
from django.contrib.messages import get_messages
from django.db import connection
from django.forms import ModelChoiceField
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from api.models import IdempotencyRecord
from competences.models import (
    Assessment,
    CurrentLevel,
    Framework,
    OverallSnapshot,
    OverallSnapshotCell,
    OverallSnapshotDepartment,
    OverallSnapshotForgotten,
    OverallSnapshotGroup,
    OverallSnapshotRow,
    OverallSnapshotTotal,
    OverallSnapshotTotalCell,
    RoleCompetence,
)
from courses.models import (
    CourseOutcome,
    CoursePrerequisite,
    PrerequisiteOverride,
    ProviderAPIKey,
)
from employees.models import (
    ApiToken,
    Department,
    Employee,
    EmployeeAccessLog,
    EmployeeImport,
)
from funding.models import FundApplicationLine, FundSignature
from notifications import recipients
from notifications import services as notification_services
from notifications.messages import Message
from reports.models import ReportJob, SnapshotActivity
from sso.models import GroupGrant, IdentityProvider, MappedGrant, SamlIdentityProvider
from tests import factories

# Every app of this project: those whose code lives in this repository.
OUR_APPS = tuple(
    config.label
    for config in apps.get_app_configs()
    if Path(config.path).parent == settings.BASE_DIR
)
# Shown inline on their parent's page (role profile, course outcomes, the
# participants and signatures of a fund application).
INLINE_ONLY = {
    RoleCompetence,
    CourseOutcome,
    CoursePrerequisite,
    FundApplicationLine,
    FundSignature,
}
# Derived from other rows and never edited: current levels are the newest
# assessments (kept by the services, rebuilt by rebuild_current_levels), the
# overall levels the rule's answer for a day (refresh_figures); the grants a
# group claim gave are kept by each sign-in.
DERIVED = {
    CurrentLevel,
    OverallSnapshot,
    OverallSnapshotRow,
    OverallSnapshotDepartment,
    OverallSnapshotForgotten,
    OverallSnapshotGroup,
    OverallSnapshotCell,
    OverallSnapshotTotal,
    OverallSnapshotTotalCell,
    SnapshotActivity,
    MappedGrant,
}
REGISTERED = sorted(
    (m for m in admin.site._registry if m._meta.app_label in OUR_APPS),
    key=lambda m: m._meta.label,
)


def url(model, view, *args):
    meta = model._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_{view}", args=args)


@pytest.fixture
def root(db):
    return factories.UserFactory(username="root", is_staff=True, is_superuser=True)


@pytest.fixture
def root_client(client, root):
    client.force_login(root)
    return client


@pytest.fixture
def one_of_each(hr, employee, partner, root):
    """At least one row of every registered model."""
    role = factories.JobRoleFactory(municipality=employee.municipality)
    factories.RoleCompetenceFactory(role=role)
    factories.AssessmentFactory(employee=employee)
    outcome = factories.CourseOutcomeFactory(course__provider=partner)
    session = factories.CourseSessionFactory(course=outcome.course)
    factories.PracticeTaskSubmissionFactory(
        enrollment__employee=employee, enrollment__session=session
    )
    ApiToken.objects.create_key(name="script", user=hr)
    ProviderAPIKey.objects.create_key(name="partner key", provider=partner)
    IdempotencyRecord.objects.create(
        actor="user:1", key="abc", request_hash="0" * 64, status_code=201
    )
    EmployeeAccessLog.objects.create(employee=employee, viewer=hr, channel="page")
    EmployeeImport.objects.create(
        municipality=employee.municipality,
        uploaded_by=hr,
        filename="medarbejdere.csv",
        content=b"employee_number;name\n",
    )
    ReportJob.objects.create(requested_by=root, kind="department_progress")
    badge = factories.BadgeFactory(employee=employee)
    factories.IssuerKeyFactory(issuer=badge.achievement.issuer)
    notification_services.preferences_get(user=hr)
    notification_services.calendar_feed_create(user=employee.user)
    _obligations(hr, employee, outcome.course, root)


def _obligations(hr, employee, course, root):
    """A requirement, a campaign with a try, an exemption, a notice, and an
    override of a prerequisite."""
    from datetime import date

    from obligations import services as obligations
    from obligations.models import DueNotice

    department = employee.department
    requirement = obligations.requirement_create(
        actor=hr,
        name="Krav",
        kind="course",
        courses=[course],
        departments=[department],
        due_on=date(2027, 1, 1),
    )
    obligations.exemption_grant(
        requirement=requirement, employee=employee, reason="Orlov", actor=hr
    )
    DueNotice.objects.create(
        requirement=requirement, employee=employee, due_on=date(2027, 1, 1), kind="due"
    )
    campaign = obligations.campaign_create(
        actor=hr,
        name="Kampagne",
        purpose="P",
        practice_task="T",
        departments=[department],
        starts_on=date(2020, 1, 1),
        ends_on=date(2999, 1, 1),
    )
    obligations.campaign_try_submit(
        campaign=campaign, employee=employee, evidence="Prøvet", actor=employee.user
    )
    required = factories.CourseFactory(provider=course.provider)
    CoursePrerequisite.objects.create(course=course, required_course=required)
    enrollment = factories.EnrollmentFactory(employee=employee)
    PrerequisiteOverride.objects.create(
        enrollment=enrollment, employee=employee, reason="Erfaren", overridden_by=hr
    )
    notification_services.notify(
        to=recipients.for_user(hr),
        kind="enrollment_requested",
        dedupe_key="sample",
        build=lambda: Message("Anna asks", ["A line"], "/", "Open"),
        about=employee,
    )
    factories.AgreementFactory()
    line = factories.FundApplicationLineFactory(enrollment__employee=employee)
    factories.FundSignatureFactory(application=line.application)
    IdentityProvider.objects.create(
        municipality=employee.municipality,
        name="Entra ID",
        email_domains="demo.dk",
        issuer="https://login.example.dk",
        client_id="kyndig",
        client_secret="secret",
    )
    SamlIdentityProvider.objects.create(
        municipality=employee.municipality,
        name="Context Handler",
        email_domains="saml.demo.dk",
        metadata_xml="<EntityDescriptor/>",
    )
    GroupGrant.objects.create(
        municipality=employee.municipality,
        group="ledere",
        department=employee.department,
        kind="manager",
    )


def test_every_model_of_ours_is_in_the_admin():
    for label in OUR_APPS:
        for model in apps.get_app_config(label).get_models():
            listed = model in admin.site._registry
            assert listed or model in INLINE_ONLY | DERIVED, model


@pytest.mark.parametrize("model", REGISTERED, ids=lambda m: m._meta.label)
def test_changelist_and_change_page_answer(root_client, one_of_each, model):
    assert root_client.get(url(model, "changelist")).status_code == 200
    assert root_client.get(url(model, "changelist"), {"q": "a"}).status_code == 200
    obj = model._default_manager.first()
    assert obj is not None, f"no sample {model._meta.label}"
    assert root_client.get(url(model, "change", obj.pk)).status_code == 200


@pytest.mark.parametrize("model", REGISTERED, ids=lambda m: m._meta.label)
def test_add_page_answers_where_adding_is_allowed(rf, root, root_client, model):
    request = rf.get("/")
    request.user = root
    expected = 200 if admin.site._registry[model].has_add_permission(request) else 403
    assert root_client.get(url(model, "add")).status_code == expected


def test_employee_changelist_costs_the_same_for_more_rows(root_client, municipality):
    def changelist_queries():
        with CaptureQueriesContext(connection) as queries:
            response = root_client.get(url(Employee, "changelist"))
        assert response.status_code == 200
        return len(queries)

    def add(count):
        for _ in range(count):
            department = factories.DepartmentFactory(parent=municipality)
            factories.EmployeeFactory(
                department=department,
                job_role=factories.JobRoleFactory(municipality=municipality),
            )

    add(2)
    few = changelist_queries()
    add(20)
    assert changelist_queries() == few


def test_employee_foreign_keys_are_autocompleted(root_client, employee):
    response = root_client.get(url(Employee, "change", employee.pk))
    content = response.content.decode()
    for field in ("department", "job_role", "user"):
        select = re.search(rf'<select name="{field}"[^>]*>', content).group(0)
        assert "admin-autocomplete" in select, field
    search = root_client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "employees",
            "model_name": "employee",
            "field_name": "department",
            "term": "Hjemme",
        },
    )
    assert [r["text"] for r in search.json()["results"]] == [str(employee.department)]


def test_viewing_an_employee_is_logged(root_client, root, employee):
    root_client.get(url(Employee, "change", employee.pk))
    log = EmployeeAccessLog.objects.get(employee=employee)
    assert (log.viewer, log.channel) == (root, "admin")


def test_a_department_cannot_be_moved_in_the_admin(root_client, department):
    response = root_client.get(url(Department, "change", department.pk))
    assert response.status_code == 200
    assert 'name="parent"' not in response.content.decode()
    assert 'name="name"' in response.content.decode()


def test_the_department_tree_fields_are_read_only(root_client, forvaltning):
    response = root_client.post(
        url(Department, "add"),
        {"name": "Hjemmeplejen Syd", "code": "HJS", "parent": forvaltning.pk},
    )
    assert response.status_code == 302
    created = Department.objects.get(code="HJS")
    assert created.path.startswith(forvaltning.path)
    assert created.depth == forvaltning.depth + 1


class TestAssessments:
    @pytest.fixture
    def assessment(self, employee):
        return factories.AssessmentFactory(employee=employee, level=3)

    def test_an_assessment_is_shown_but_not_editable(self, root_client, assessment):
        response = root_client.get(url(Assessment, "change", assessment.pk))
        assert response.status_code == 200
        assert 'name="_save"' not in response.content.decode()
        posted = root_client.post(
            url(Assessment, "change", assessment.pk), {"level": 8}
        )
        assert posted.status_code == 403
        assessment.refresh_from_db()
        assert assessment.level == 3

    def test_an_assessment_cannot_be_deleted(self, root_client, assessment):
        response = root_client.post(
            url(Assessment, "delete", assessment.pk), {"post": "yes"}
        )
        assert response.status_code == 403
        assert Assessment.objects.filter(pk=assessment.pk).exists()

    def form(self, employee, root, when):
        local = timezone.localtime(when)
        return {
            "employee": employee.pk,
            "competence": factories.competence("1.3").pk,
            "level": 5,
            "source": "manager",
            "assessed_at_0": local.strftime("%Y-%m-%d"),
            "assessed_at_1": local.strftime("%H:%M:%S"),
            "assessed_by": root.pk,
            "note": "MUS",
        }

    def test_a_new_assessment_is_appended(self, root_client, root, employee):
        data = self.form(employee, root, timezone.now() - timedelta(days=1))
        response = root_client.post(url(Assessment, "add"), data)
        assert response.status_code == 302
        added = Assessment.objects.get(employee=employee)
        assert (added.level, added.source, added.assessed_by) == (5, "manager", root)

    def test_a_future_assessment_is_refused_with_a_message(
        self, root_client, root, employee
    ):
        data = self.form(employee, root, timezone.now() + timedelta(days=3))
        response = root_client.post(url(Assessment, "add"), data)
        assert response.status_code == 200
        assert response.context["adminform"].form.errors
        assert not Assessment.objects.filter(employee=employee).exists()


def test_a_partner_key_is_shown_once_and_stored_hashed(root_client, partner):
    response = root_client.post(
        url(ProviderAPIKey, "add"),
        {"name": "Kursusportal", "provider": partner.pk, "expiry_date": ""},
    )
    assert response.status_code == 302
    text = " ".join(str(m) for m in get_messages(response.wsgi_request))
    key = re.search(r"[A-Za-z0-9]{8}\.[A-Za-z0-9]{32}", text).group(0)
    stored = ProviderAPIKey.objects.get(name="Kursusportal")
    assert stored.provider == partner
    assert key.split(".")[1] not in stored.hashed_key
    assert ProviderAPIKey.objects.is_valid(key)


def test_the_admin_refuses_anyone_but_staff(client, hr):
    client.force_login(hr)
    response = client.get(url(Framework, "changelist"))
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_a_duplicate_department_code_is_a_form_error(root_client, forvaltning):
    response = root_client.post(
        url(Department, "add"),
        {
            "name": "Anden forvaltning",
            "code": forvaltning.code,
            "parent": forvaltning.pk,
        },
    )
    assert response.status_code == 200
    assert "code" in response.context["adminform"].form.errors
    assert Department.objects.filter(code=forvaltning.code).count() == 1


def employee_form(employee, **changes):
    return {
        "name": "Ny Medarbejder",
        "employee_number": "900001",
        "work_email": "ny@testrup.dk",
        "department": employee.department_id,
        "job_role": "",
        "is_active": "on",
        **changes,
    }


def test_a_duplicate_employee_number_is_a_form_error(root_client, employee):
    data = employee_form(employee, employee_number=employee.employee_number)
    response = root_client.post(url(Employee, "add"), data)
    assert response.status_code == 200
    assert "employee_number" in response.context["adminform"].form.errors
    assert Employee.objects.count() == 1


def test_a_role_from_another_municipality_is_refused(
    root_client, employee, other_municipality
):
    foreign = factories.JobRoleFactory(municipality=other_municipality)
    data = employee_form(employee, job_role=foreign.pk)
    response = root_client.post(url(Employee, "add"), data)
    assert response.status_code == 200
    assert "job_role" in response.context["adminform"].form.errors
    assert not Employee.objects.filter(employee_number="900001").exists()


def test_an_employee_is_added_in_the_department_municipality(root_client, employee):
    response = root_client.post(url(Employee, "add"), employee_form(employee))
    assert response.status_code == 302
    added = Employee.objects.get(employee_number="900001")
    assert added.municipality_id == employee.department.municipality_id


def test_a_duplicate_session_external_id_is_a_form_error(root_client, partner):
    session = factories.CourseSessionFactory(course__provider=partner)
    other_course = factories.CourseFactory(provider=partner)
    starts = timezone.localtime(session.starts_at)
    response = root_client.post(
        url(factories.CourseSession, "add"),
        {
            "course": other_course.pk,
            "external_id": session.external_id,
            "starts_at_0": starts.strftime("%Y-%m-%d"),
            "starts_at_1": "09:00:00",
            "ends_at_0": starts.strftime("%Y-%m-%d"),
            "ends_at_1": "15:00:00",
            "location": "Rådhuset",
            "capacity": 10,
        },
    )
    assert response.status_code == 200
    assert "external_id" in response.context["adminform"].form.errors
    assert factories.CourseSession.objects.count() == 1


def test_a_new_municipality_is_a_root_of_its_own(root_client, municipality):
    response = root_client.post(
        url(Department, "add"), {"name": "Ny Kommune", "code": municipality.code}
    )
    assert response.status_code == 302
    created = Department.objects.get(name="Ny Kommune")
    assert (created.parent, created.municipality, created.depth) == (None, created, 0)


def test_a_users_grants_are_on_the_user_page(root_client, manager, forvaltning):
    response = root_client.get(url(type(manager), "change", manager.pk))
    assert response.status_code == 200
    assert "access_grants-TOTAL_FORMS" in response.content.decode()
    assert str(forvaltning) in response.content.decode()


@pytest.mark.parametrize("model", REGISTERED, ids=lambda m: m._meta.label)
def test_no_form_offers_a_select_of_every_row(rf, root, model):
    request = rf.get("/")
    request.user = root
    model_admin = admin.site._registry[model]
    if not model_admin.has_add_permission(request):
        pytest.skip("read-only: every field is shown as text")
    forms = [(model_admin.get_form(request), None)]
    for inline in model_admin.get_inline_instances(request):
        formset = inline.get_formset(request)
        # The inline's link to its parent is a hidden field, not a select.
        forms.append((formset.form, formset.fk.name))
    for form_class, parent_link in forms:
        for name, field in form_class.base_fields.items():
            if isinstance(field, ModelChoiceField) and name != parent_link:
                widget = getattr(field.widget, "widget", field.widget)
                autocomplete = (AutocompleteSelect, AutocompleteSelectMultiple)
                assert isinstance(widget, autocomplete), f"{model} {name}"


class TestHRStaff:
    """Should HR be let into the admin, they see only their own municipality."""

    @pytest.fixture
    def hr_client(self, client, hr):
        hr.is_staff = True
        hr.save()
        ours = Permission.objects.filter(content_type__app_label__in=OUR_APPS)
        hr.user_permissions.set(ours)
        client.force_login(hr)
        return client

    @pytest.fixture
    def stranger(self, other_municipality):
        department = factories.DepartmentFactory(
            parent=other_municipality, name="Fremmed Afdeling"
        )
        return factories.EmployeeFactory(department=department, name="Fremmed Person")

    def test_the_employee_list_holds_only_their_municipality(
        self, hr_client, root, employee, stranger
    ):
        page = hr_client.get(url(Employee, "changelist")).content.decode()
        assert employee.name in page
        assert stranger.name not in page
        superuser = Client()
        superuser.force_login(root)
        everything = superuser.get(url(Employee, "changelist")).content.decode()
        assert stranger.name in everything

    def test_another_municipality_is_out_of_reach(self, hr_client, stranger):
        response = hr_client.get(url(Employee, "change", stranger.pk))
        assert response.status_code == 302
        assert response["Location"] == reverse("admin:index")
        factories.AssessmentFactory(employee=stranger)
        assessments = hr_client.get(url(Assessment, "changelist"))
        assert stranger.name not in assessments.content.decode()

    def test_autocomplete_offers_only_their_departments(self, hr_client, stranger):
        response = hr_client.get(
            reverse("admin:autocomplete"),
            {
                "app_label": "employees",
                "model_name": "employee",
                "field_name": "department",
                "term": "Fremmed",
            },
        )
        assert response.status_code == 200
        assert response.json()["results"] == []

    def test_an_employee_cannot_be_placed_outside_their_scope(
        self, hr_client, employee, stranger
    ):
        data = employee_form(employee, department=stranger.department_id)
        response = hr_client.post(url(Employee, "add"), data)
        assert response.status_code == 200
        assert "department" in response.context["adminform"].form.errors
        assert not Employee.objects.filter(employee_number="900001").exists()

    def test_users_are_those_of_their_municipality(
        self, hr_client, hr, manager, other_hr
    ):
        hr.user_permissions.add(*Permission.objects.filter(codename__endswith="_user"))
        page = hr_client.get(url(type(hr), "changelist")).content.decode()
        assert f">{manager.username}<" in page
        assert f">{other_hr.username}<" not in page

    def test_nobody_grants_themself_admin_rights(self, hr_client, hr):
        hr.user_permissions.add(*Permission.objects.filter(codename__endswith="_user"))
        response = hr_client.get(url(type(hr), "change", hr.pk))
        assert response.status_code == 200
        assert 'name="is_superuser"' not in response.content.decode()
        assert 'name="user_permissions"' not in response.content.decode()


def test_a_provider_website_without_scheme_is_taken_as_https(root_client):
    from courses.models import Provider

    response = root_client.post(
        url(Provider, "add"),
        {
            "name": "Kursushuset",
            "code": "kursushuset",
            "website": "kursushuset.dk",
            "contact_email": "kontakt@kursushuset.dk",
            "is_active": "on",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Provider.objects.get(code="kursushuset").website == "https://kursushuset.dk"
