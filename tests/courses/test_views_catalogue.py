"""The catalogue page: search, sort, next date, price and seats, my gaps."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from courses.models import Enrollment
from tests import factories
from tests.factories import competence

pytestmark = pytest.mark.django_db


def _titles(response) -> list[str]:
    return [course.title for course in response.context["page_obj"]]


def test_the_search_finds_title_description_and_purpose(client, partner):
    factories.CourseFactory(provider=partner, title="Velfærdsteknologi i praksis")
    factories.CourseFactory(
        provider=partner, title="Kursus B", description="Om skærmbesøg hos borgeren"
    )
    factories.CourseFactory(provider=partner, title="Kursus C", purpose="Færre fejl")
    factories.CourseFactory(provider=partner, title="Noget helt andet", purpose="")
    url = reverse("catalogue")
    assert _titles(client.get(url, {"q": "velfærdsteknologi"})) == [
        "Velfærdsteknologi i praksis"
    ]
    assert _titles(client.get(url, {"q": "skærmbesøg"})) == ["Kursus B"]
    assert _titles(client.get(url, {"q": "fejl"})) == ["Kursus C"]


def test_the_catalogue_sorts_by_next_session_and_by_price(client, partner):
    soon = factories.CourseFactory(provider=partner, title="B snart", price_dkk=900)
    later = factories.CourseFactory(provider=partner, title="A senere", price_dkk=300)
    none = factories.CourseFactory(provider=partner, title="C uden hold", price_dkk=5)
    factories.CourseSessionFactory(
        course=soon, starts_at=timezone.now() + timedelta(days=3)
    )
    factories.CourseSessionFactory(
        course=later, starts_at=timezone.now() + timedelta(days=40)
    )
    url = reverse("catalogue")
    assert _titles(client.get(url)) == [soon.title, later.title, none.title]
    assert _titles(client.get(url, {"sort": "price"})) == [
        none.title,
        later.title,
        soon.title,
    ]


def test_each_course_shows_next_date_free_seats_and_price(client, partner):
    course = factories.CourseFactory(
        provider=partner, title="Digital dokumentation", price_dkk="3200.00"
    )
    session = factories.CourseSessionFactory(
        course=course,
        capacity=12,
        starts_at=timezone.make_aware(timezone.datetime(2031, 12, 27, 9, 0)),
    )
    factories.EnrollmentFactory(session=session)
    html = client.get(reverse("catalogue")).content.decode()
    assert "3.200\xa0kr." in html or "3.200 kr." in html
    assert "Næste hold 27. dec. 2031" in html
    assert "11 ledige pladser" in html


def test_an_employee_finds_the_courses_for_their_gaps(client, scene, employee):
    other = factories.CourseFactory(provider=scene.course.provider, title="Andet")
    factories.CourseOutcomeFactory(
        course=other, competence=competence("5.1"), from_level=1, to_level=3
    )
    client.force_login(employee.user)
    response = client.get(reverse("catalogue"), {"my_gaps": "on"})
    titles = _titles(response)
    # Anna is at 2 of 4 in 1.3; 5.1 is not on her profile.
    assert scene.course.title in titles
    assert "Andet" not in titles


def test_the_filters_beyond_search_fold_away(client, db):
    html = client.get(reverse("catalogue")).content.decode()
    assert '<details class="fold" data-open-wide>' in html
    assert 'id="id_my_gaps"' not in html  # nobody signed in has no gaps


@pytest.mark.postgres
def test_on_postgresql_the_search_stems_danish_words(client, partner):
    factories.CourseFactory(
        provider=partner, title="Kursus B", description="Om skærmbesøg hos borgeren"
    )
    # "borgere" and "borgeren" share the Danish stem "borg".
    assert _titles(client.get(reverse("catalogue"), {"q": "borgere"})) == ["Kursus B"]


def test_seats_count_as_the_services_count_them(client, hr, scene, department):
    """Someone marked attended (or absent) still holds their seat: the
    catalogue and the bulk page agree with the service that places people."""
    course = factories.CourseFactory(provider=scene.course.provider, title="Fuldt")
    session = factories.CourseSessionFactory(
        course=course, capacity=2, starts_at=timezone.now() + timedelta(days=30)
    )
    factories.EnrollmentFactory(session=session, status=Enrollment.Status.ENROLLED)
    factories.EnrollmentFactory(session=session, status=Enrollment.Status.NO_SHOW)
    assert "Fuldt" in _titles(client.get(reverse("catalogue")))
    full = client.get(reverse("catalogue"), {"free_seats": "on"})
    assert "Fuldt" not in _titles(full)
    client.force_login(hr)
    page = client.get(reverse("session_bulk_enroll", args=[session.pk]))
    assert page.context["free"] == 0
    assert "2 af 2 pladser optaget" in page.content.decode()
