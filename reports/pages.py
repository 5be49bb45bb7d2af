"""The manager dashboard: progress of the user's department subtree.

Every number comes from ``reports.figures``, the one code path shared with the
JSON endpoint and the Excel report; this module only arranges them.
"""

from datetime import timedelta

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import urlencode

from courses import selectors as course_selectors
from employees import selectors as employee_selectors
from employees.permissions import Kind, access_for
from reports import figures
from reports.forms import DashboardForm

# Naming who moved up costs two level look-ups per employee, so it is done for
# a subtree up to this size; larger ones show the per-department counts only.
MOVED_UP_MAX_EMPLOYEES = 300
PERIOD_DAYS = 365
LEAD_KINDS = (Kind.HR, Kind.MANAGER)


@login_required
def dashboard(request):
    access = access_for(request.user)
    if not access.has_grants:
        raise Http404
    departments = employee_selectors.department_list(user=request.user)
    form = DashboardForm(request.GET or None, departments=departments)
    choice = form.cleaned_data if form.is_bound and form.is_valid() else {}
    today = timezone.localdate()
    department = choice.get("department")
    date_to = choice.get("date_to") or today
    date_from = choice.get("date_from") or date_to - timedelta(days=PERIOD_DAYS)
    rows = figures.department_figures(
        user=request.user, department=department, date_from=date_from, date_to=date_to
    )
    context = {
        "form": form,
        "department": department,
        "date_from": date_from,
        "date_to": date_to,
        "rows": rows,
        "stages": figures.ladder(),
        "chart": _chart_data(rows),
        "matrix": _matrix(request.user, department),
        "report_url": _report_url(department, date_from, date_to),
        "is_lead": access.is_hr or access.is_manager,
    }
    if context["is_lead"]:
        context["requests"] = course_selectors.requests_to_decide(user=request.user)
        context["reviews"] = course_selectors.practice_tasks_to_review(
            user=request.user
        )
        context["moved_up"] = _moved_up(request.user, department, date_from, date_to)
    return render(request, "reports/dashboard.html", context)


def _chart_data(rows: list[dict]) -> dict:
    """Stage counts per department, in the shape the chart script draws."""
    stages = figures.ladder()
    return {
        "labels": [row["name"] for row in rows],
        "datasets": [
            {
                "code": stage.code,
                "label": stage.name,
                "data": [row["stages"][stage.code]["count"] for row in rows],
            }
            for stage in stages
        ],
    }


def _matrix(user, department) -> dict:
    matrix = figures.competence_matrix(user=user, department=department)
    competences = matrix["competences"]
    return {
        "competences": competences,
        "rows": [
            {
                **row,
                "cells": [(c, row["cells"].get(c.code, {})) for c in competences],
            }
            for row in matrix["rows"]
        ],
    }


def _report_url(department, date_from, date_to) -> str:
    query = {"from": date_from.isoformat(), "to": date_to.isoformat()}
    if department is not None:
        query = {"department": department.pk, **query}
    # The report endpoint belongs to the API; its path is fixed by DESIGN §5.1.
    return f"/api/v1/reports/department-progress/?{urlencode(query)}"


def _moved_up(user, department, date_from, date_to) -> list[dict] | None:
    """Employees whose stage rose in the period, or None when too many to name."""
    employees = employee_selectors.employee_list(user=user, detail=True).filter(
        is_active=True
    )
    if department is not None:
        employees = employees.in_subtree(department)
    if not user.is_superuser:
        # Only the led subtrees, as in the department figures: not one's own
        # record elsewhere.
        employees = employees.in_paths(access_for(user).paths(*LEAD_KINDS))
    if employees.count() > MOVED_UP_MAX_EMPLOYEES:
        return None
    ranks = {stage.code: index for index, stage in enumerate(figures.ladder())}
    names = {stage.code: stage.name for stage in figures.ladder()}
    start = date_from - timedelta(days=1)
    moved = []
    for employee in employees.order_by("name", "id"):
        before = figures.employee_competences(employee=employee, as_of=start).stage
        after = figures.employee_competences(employee=employee, as_of=date_to).stage
        if ranks.get(after, 0) > ranks.get(before, 0):
            moved.append(
                {"employee": employee, "before": names[before], "after": names[after]}
            )
    return moved
