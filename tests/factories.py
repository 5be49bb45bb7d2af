"""One factory per model; each makes a valid row with no arguments."""

from datetime import date, timedelta
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from competences.levels import current
from competences.models import Assessment, Competence, RoleCompetence
from courses.models import (
    Course,
    CourseOutcome,
    CourseSession,
    Enrollment,
    PracticeTaskSubmission,
    Provider,
)
from employees.models import AccessGrant, Department, Employee, JobRole
from funding.models import (
    Agreement,
    FundApplication,
    FundApplicationLine,
    FundRule,
    FundSignature,
)
from notifications.models import CalendarFeed, Kind, Notification, Preferences, State


def competence(code: str) -> Competence:
    """A DigComp 2.2 competence by code (the framework is loaded for every test)."""
    return Competence.objects.get(framework__code="digcomp", code=code)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.dk")
    password = factory.django.Password("demo-password-1")


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department

    name = factory.Sequence(lambda n: f"Testrup Kommune {n}")
    code = factory.Sequence(lambda n: f"K{n:03d}")
    parent = None


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department

    name = factory.Sequence(lambda n: f"Afdeling {n}")
    code = factory.Sequence(lambda n: f"D{n:04d}")
    parent = factory.SubFactory(MunicipalityFactory)


class JobRoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JobRole

    municipality = factory.SubFactory(MunicipalityFactory)
    name = factory.Sequence(lambda n: f"Sagsbehandler {n}")


class RoleCompetenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoleCompetence

    role = factory.SubFactory(JobRoleFactory)
    competence = factory.LazyFunction(lambda: competence("1.1"))
    target_level = 4


class EmployeeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Employee

    employee_number = factory.Sequence(lambda n: f"{100000 + n}")
    name = factory.Sequence(lambda n: f"Medarbejder {n}")
    work_email = factory.LazyAttribute(lambda e: f"m{e.employee_number}@testrup.dk")
    department = factory.SubFactory(DepartmentFactory)
    job_role = None
    employment_start = factory.LazyFunction(
        lambda: timezone.localdate() - timedelta(days=800)
    )


class AccessGrantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AccessGrant

    user = factory.SubFactory(UserFactory)
    department = factory.SubFactory(DepartmentFactory)
    kind = AccessGrant.Kind.MANAGER


class AssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assessment

    employee = factory.SubFactory(EmployeeFactory)
    competence = factory.LazyFunction(lambda: competence("1.1"))
    level = 3
    source = Assessment.Source.MANAGER

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        # As recorded by the services: the current levels follow the history.
        assessment = super()._create(model_class, *args, **kwargs)
        current.note([assessment])
        return assessment


class ProviderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Provider

    name = factory.Sequence(lambda n: f"Kursuspartner {n}")
    code = factory.Sequence(lambda n: f"partner-{n}")


class CourseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Course

    provider = factory.SubFactory(ProviderFactory)
    external_id = factory.Sequence(lambda n: f"C-{n:04d}")
    title = factory.Sequence(lambda n: f"Digital dokumentation {n}")
    purpose = "Mere tid hos borgeren."
    mode = Course.Mode.BLENDED
    hours = 7
    price_dkk = "1500.00"
    status = Course.Status.PUBLISHED
    practice_task = ""


class CourseOutcomeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CourseOutcome

    course = factory.SubFactory(CourseFactory)
    competence = factory.LazyFunction(lambda: competence("1.3"))
    from_level = 2
    to_level = 4


class CourseSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CourseSession

    course = factory.SubFactory(CourseFactory)
    external_id = factory.Sequence(lambda n: f"S-{n:04d}")
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=30))
    ends_at = factory.LazyAttribute(lambda s: s.starts_at + timedelta(hours=6))
    location = "Rådhuset, lokale 3"
    capacity = 10


class EnrollmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enrollment

    employee = factory.SubFactory(EmployeeFactory)
    session = factory.SubFactory(CourseSessionFactory)
    status = Enrollment.Status.ENROLLED


class PracticeTaskSubmissionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PracticeTaskSubmission

    enrollment = factory.SubFactory(
        EnrollmentFactory, status=Enrollment.Status.ATTENDED
    )
    employee = factory.LazyAttribute(lambda task: task.enrollment.employee)
    evidence = "Dokumenterede tre borgerbesøg og gennemgik dem med en kollega."


# --- Badges (credentials) ---------------------------------------------------------
class IssuerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "credentials.Issuer"
        django_get_or_create = ("municipality",)

    municipality = factory.SubFactory(MunicipalityFactory)


class IssuerKeyFactory(factory.django.DjangoModelFactory):
    """A real key pair, made (and encrypted) the way the app makes them."""

    class Meta:
        model = "credentials.IssuerKey"

    issuer = factory.SubFactory(IssuerFactory)

    @classmethod
    def _create(cls, model_class, *args, issuer, **kwargs):
        from credentials.keys import key_create

        key = key_create(issuer=issuer)
        if kwargs:
            model_class.objects.filter(pk=key.pk).update(**kwargs)
            key.refresh_from_db()
        return key


class AchievementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "credentials.Achievement"

    issuer = factory.SubFactory(IssuerFactory)
    kind = "course"
    course = factory.SubFactory(CourseFactory)


class StatusListFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "credentials.StatusList"
        django_get_or_create = ("issuer", "number")

    issuer = factory.SubFactory(IssuerFactory)
    number = 1


class BadgeFactory(factory.django.DjangoModelFactory):
    """A course badge of an employee, awarded by their municipality."""

    class Meta:
        model = "credentials.Badge"

    employee = factory.SubFactory(EmployeeFactory)
    achievement = factory.SubFactory(
        AchievementFactory,
        issuer=factory.LazyAttribute(
            lambda a: IssuerFactory(municipality=a.factory_parent.employee.municipality)
        ),
    )
    awarded_at = factory.LazyFunction(timezone.now)
    status_list = factory.LazyAttribute(
        lambda b: StatusListFactory(issuer=b.achievement.issuer)
    )
    status_index = factory.Sequence(lambda n: n)


class NotificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Notification

    recipient = factory.SubFactory(UserFactory)
    kind = Kind.ENROLLMENT_APPROVED
    subject = "Godkendt: Digital dokumentation"
    body_text = "Din leder har godkendt din anmodning."
    body_html = "<p>Din leder har godkendt din anmodning.</p>"
    url = "/me/"
    language = "da"
    to_email = factory.LazyAttribute(lambda n: n.recipient.email)
    dedupe_key = factory.Sequence(lambda n: f"test:{n}")
    state = State.SENT


class PreferencesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Preferences

    user = factory.SubFactory(UserFactory)


class CalendarFeedFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CalendarFeed

    user = factory.SubFactory(UserFactory)
    hashed_key = factory.Sequence(lambda n: f"{n:064x}")


class AgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agreement

    code = factory.Sequence(lambda n: f"agreement-{n}")
    name = factory.Sequence(lambda n: f"Overenskomst {n}")


class FundRuleFactory(factory.django.DjangoModelFactory):
    """The fund's default terms, valid for years around today."""

    class Meta:
        model = FundRule

    education_kind = "course"
    valid_from = date(2000, 1, 1)
    valid_to = None
    percentage = Decimal("80.00")
    cap = Decimal("30000.00")
    cap_months = 12


def fund_rule(kind: str = "course") -> FundRule:
    """The rule in force today for ``kind``, made if there is none."""
    found = FundRule.objects.in_force(kind=kind, on=timezone.localdate()).first()
    return found or FundRuleFactory(education_kind=kind)


class FundApplicationFactory(factory.django.DjangoModelFactory):
    """A draft for a course priced 1,500 kr.: 80 % is 1,200 kr. (no lines)."""

    class Meta:
        model = FundApplication

    course = factory.SubFactory(CourseFactory)
    applied_on = factory.LazyFunction(timezone.localdate)
    rule = factory.LazyFunction(fund_rule)
    percentage = Decimal("80.00")
    fee = Decimal("1500.00")
    amount_applied = Decimal("1200.00")
    workplace_share = Decimal("300.00")


class FundApplicationLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FundApplicationLine

    application = factory.SubFactory(FundApplicationFactory)
    enrollment = factory.SubFactory(
        EnrollmentFactory,
        session__course=factory.SelfAttribute("...application.course"),
    )
    employee = factory.LazyAttribute(lambda line: line.enrollment.employee)
    department = factory.LazyAttribute(lambda line: line.employee.department)
    amount = Decimal("1200.00")
    workplace_share = Decimal("300.00")


class FundSignatureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FundSignature

    application = factory.SubFactory(FundApplicationFactory)
    role = "manager"
    signed_by = factory.SubFactory(UserFactory)
    name = "Lone Mortensen"
    signed_at = factory.LazyFunction(timezone.now)
