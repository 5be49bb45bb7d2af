"""The dashboard: open work first, then shares per department, indented."""

import pytest
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db


def test_the_chart_draws_each_departments_shares_to_100_percent(
    client, hr, municipality, department
):
    for level in (0, 1, 3, 5):
        person = factories.EmployeeFactory(department=department)
        if level:
            factories.AssessmentFactory(employee=person, level=level)
    client.force_login(hr)
    chart = client.get(reverse("dashboard")).context["chart"]
    assert chart["indents"][:3] == [0, 1, 2]  # kommune, forvaltning, afdeling
    for index in range(len(chart["labels"])):
        shares = [d["data"][index] for d in chart["datasets"]]
        if any(share is not None for share in shares):
            assert sum(shares) == pytest.approx(100, abs=0.2)
    counts = [
        d["counts"][chart["labels"].index(department.name)] for d in chart["datasets"]
    ]
    assert sum(counts) == 4


def test_the_stage_table_indents_sub_departments(client, hr, scene, department):
    client.force_login(hr)
    html = client.get(reverse("dashboard")).content.decode()
    assert f'<th scope="row" class="indent-2">{department.name}</th>' in html
    # The heat map's codes are named beside it, not only on hover.
    legend = html[html.index('id="heatmap-legend"') :]
    assert (
        "<strong>1.3</strong> Håndtering af data, information og digitalt indhold"
        in legend
    )


def test_the_period_fields_show_the_period_the_page_shows(client, hr):
    client.force_login(hr)
    response = client.get(reverse("dashboard"))
    html = response.content.decode()
    start, end = response.context["date_from"], response.context["date_to"]
    assert f'name="date_from" value="{start.isoformat()}"' in html
    assert f'name="date_to" value="{end.isoformat()}"' in html
