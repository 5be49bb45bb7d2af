"""The manager dashboard: progress of the user's department subtree.

Every number comes from ``reports.figures``, the one code path shared with the
JSON endpoint and the Excel report; this module only arranges them.
"""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode

from competences.ladder import ladder
from employees import sections
from employees import selectors as employee_selectors
from employees.access import access_for
from employees.models import Employee
from reports import figures
from reports.figures.period import period_for
from reports.forms import DashboardForm

# The dashboard names this many of those who moved up; the table counts all.
MOVED_UP_SHOWN = 50


@login_required
def dashboard(request):
    access = access_for(request.user)
    if not access.has_grants:
        raise Http404
    departments = employee_selectors.department_list(user=request.user)
    form = DashboardForm(request.GET or None, departments=departments)
    choice = form.cleaned_data if form.is_bound and form.is_valid() else {}
    department = choice.get("department")
    period = period_for(choice.get("date_from"), choice.get("date_to"))
    date_from, date_to = period.date_from, period.date_to
    if not form.is_bound or form.is_valid():
        # The fields show the period the page shows, also when it is the default.
        form = _showing(request, period, departments)
    rows = _indented(
        figures.department_figures(
            user=request.user,
            department=department,
            date_from=date_from,
            date_to=date_to,
        )
    )
    context = {
        "form": form,
        "department": department,
        "date_from": date_from,
        "date_to": date_to,
        "rows": rows,
        "stages": ladder(),
        "chart": _chart_data(rows),
        "matrix": _matrix(request.user, department),
        "report_url": _report_url(department, date_from, date_to),
        "is_lead": access.is_hr or access.is_manager,
        "min_group": settings.PRIVACY_MIN_GROUP,
        "level_range": range(0, 9),
    }
    # What other apps put first: the manager's open work (courses), and so on.
    context["sections"] = sections.render(
        sections.DASHBOARD, request, department=department, period=period, access=access
    )
    if context["is_lead"]:
        context["moved_up"] = _moved_up(request.user, department, period, rows)
    return render(request, "reports/dashboard.html", context)


def _showing(request, period, departments) -> DashboardForm:
    data = request.GET.copy()
    for name, day in (("date_from", period.date_from), ("date_to", period.date_to)):
        if not data.get(name):
            data[name] = day.isoformat()
    form = DashboardForm(data, departments=departments)
    form.is_valid()
    return form


def _indented(rows: list[dict]) -> list[dict]:
    """Each row with ``indent``: its depth below the top of what is shown."""
    top = min((row["depth"] for row in rows), default=0)
    return [{**row, "indent": row["depth"] - top} for row in rows]


def _chart_data(rows: list[dict]) -> dict:
    """Stage shares (percent) per department, in the shape the chart script
    draws: a 100 % bar per department, so small departments read as well as
    the municipality; the counts ride along for the tooltips."""
    stages = ladder()
    return {
        "labels": [row["name"] for row in rows],
        "indents": [row["indent"] for row in rows],
        "datasets": [
            {
                "code": stage.code,
                "label": stage.name,
                # None draws no bar: a department too small to show.
                "data": [_share(row, stage.code) for row in rows],
                "counts": [
                    None if row["suppressed"] else row["stages"][stage.code]["count"]
                    for row in rows
                ],
            }
            for stage in stages
        ],
    }


def _share(row: dict, code: str) -> float | None:
    if row["suppressed"] or not row["headcount"]:
        return None
    return round(row["stages"][code]["share"] * 100, 1)


def _matrix(user, department) -> dict:
    matrix = figures.competence_matrix(user=user, department=department)
    competences = matrix["competences"]
    return {
        "competences": competences,
        "rows": [
            {
                **row,
                "cells": [
                    (c, row["cells"].get(c.code, {}))
                    for c in (competences if row["cells"] is not None else [])
                ],
            }
            for row in _indented(matrix["rows"])
        ],
    }


def _report_url(department, date_from, date_to) -> str:
    query = {"from": date_from.isoformat(), "to": date_to.isoformat()}
    if department is not None:
        query = {"department": department.pk, **query}
    return f"{reverse('report-department-progress')}?{urlencode(query)}"


def _moved_up(user, department, period, rows) -> dict:
    """Who moved up at least one stage in the period, by name (leads only)."""
    moves = figures.employees_moved_up(
        user=user,
        department=department,
        date_from=period.date_from,
        date_to=period.date_to,
        limit=MOVED_UP_SHOWN,
    )
    names = {stage.code: stage.name for stage in ladder()}
    employees = Employee.objects.in_bulk([pk for pk, _before, _after in moves])
    shown = [
        {"employee": employees[pk], "before": names[before], "after": names[after]}
        for pk, before, after in moves
    ]
    # The count covers the whole scope; names only those the user may see in
    # detail (not a viewer grant's part).
    top = {row["department"] for row in rows}
    total = sum(row["moved_up"] or 0 for row in rows if row["parent"] not in top)
    return {"shown": shown, "total": total}
