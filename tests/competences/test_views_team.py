"""The team view: people × profile competences, gaps marked and linked."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import factories
from tests.factories import competence

pytestmark = pytest.mark.django_db


def test_the_team_shows_levels_against_targets_with_gap_links(
    client, scene, manager, employee
):
    client.force_login(manager)
    response = client.get(reverse("team"), {"role": scene.role.pk})
    rows = {row["employee"].name: row for row in response.context["rows"]}
    assert set(rows) == {"Anna Jensen", "Bo Hansen"}
    anna = {c.code: cell for c, cell in rows["Anna Jensen"]["cells"]}
    assert anna == {"1.3": (2, 4), "2.1": (0, 3)}
    html = response.content.decode()
    link = f"{reverse('catalogue')}?competence={competence('1.3').pk}&amp;level=4"
    assert link in html
    assert "1.3</strong> " in html  # the legend names each code


def test_the_team_can_show_only_people_with_gaps(client, scene, manager, employee):
    for code, target in (("1.3", 4), ("2.1", 3)):
        factories.AssessmentFactory(
            employee=scene.colleague, competence=competence(code), level=target
        )
    client.force_login(manager)
    response = client.get(reverse("team"), {"gaps_only": "on"})
    names = [row["employee"].name for row in response.context["rows"]]
    assert "Bo Hansen" not in names
    assert "Anna Jensen" in names


def test_the_team_is_for_those_who_lead(client, scene, employee, viewer, manager):
    for user in (employee.user, viewer):
        client.force_login(user)
        assert client.get(reverse("team")).status_code == 404
    client.force_login(manager)
    names = [r["employee"].name for r in client.get(reverse("team")).context["rows"]]
    assert "Dorte Ø" not in names  # another forvaltning's


def test_only_gaps_is_part_of_the_people_query(client, scene, manager, employee):
    """The filter is a subquery of the page's own queries, never a list of
    ids read first and sent back (40,000 people would not fit)."""
    client.force_login(manager)
    client.get(reverse("team"))  # warm the session and the ladder
    with CaptureQueriesContext(connection) as everyone:
        client.get(reverse("team"))
    with CaptureQueriesContext(connection) as gaps:
        response = client.get(reverse("team"), {"gaps_only": "on"})
    assert "Anna Jensen" in [row["employee"].name for row in response.context["rows"]]
    assert len(gaps) == len(everyone)
