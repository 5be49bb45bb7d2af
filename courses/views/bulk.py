"""HR enrolls several employees on a session at once.

The picking step shows who would be placed and who is already on the course,
ticks no more people than there are free seats, and says how many would be
waitlisted before anything happens; the result counts from the database.
"""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from competences.levels import below_target
from courses import selectors, services
from courses.forms import BulkEnrollForm, BulkPickForm
from courses.models import Enrollment
from employees import selectors as employee_selectors
from employees.access import access_for
from employees.models import Employee

BULK_MAX = 500


@login_required
def session_bulk_enroll(request, pk: int):
    access = access_for(request.user)
    if not access.is_hr:
        raise Http404
    sessions = selectors.session_list(user=request.user)
    session = get_object_or_404(sessions, pk=pk)
    scope = employee_selectors.employees_enrollable_by(user=request.user)
    pick = BulkPickForm(
        request.GET or None,
        departments=access.hr_departments(),
        roles=employee_selectors.role_list(user=request.user),
    )
    context = {"session": session, "pick": pick, "results": None, "form": None}
    if request.method == "POST":
        # Only the posted people are offered again if the form comes back.
        posted = [
            pk
            for pk in request.POST.getlist("employees")
            if pk.isascii() and pk.isdigit() and len(pk) <= 18
        ]
        form = BulkEnrollForm(request.POST, candidates=scope.filter(pk__in=posted))
        if form.is_valid():
            chosen = _in_posted_order(request, form.cleaned_data["employees"])
            results = services.session_enroll_bulk(
                session=session, employees=chosen, enrolled_by=request.user
            )
            context["results"] = _named_results(results, chosen)
            context["tally"] = _tally(context["results"])
            # The seats as they are now, not as they were before enrolling.
            context["session"] = sessions.get(pk=pk)
        context["form"] = form
    elif pick.is_bound and pick.is_valid():
        context.update(_offer(session, scope, pick.cleaned_data))
    now = context["session"]
    context["free"] = max(now.capacity - now.seats_taken, 0)
    return render(request, "courses/bulk_enroll.html", context)


def _offer(session, scope, picked: dict) -> dict:
    """Those who can be placed, ticked up to the free seats, and those who are
    already on the course (shown, not offered)."""
    candidates = _candidates(scope, **picked)
    live = dict(
        Enrollment.objects.live()
        .filter(course_id=session.course_id, employee__in=[e.pk for e in candidates])
        .values_list("employee_id", "status")
    )
    labels = dict(Enrollment.Status.choices)
    offered = [e for e in candidates if e.pk not in live]
    free = max(session.capacity - session.seats_taken, 0)
    return {
        "form": BulkEnrollForm(
            candidates=scope.filter(pk__in=[e.pk for e in offered]),
            initial={"employees": [e.pk for e in offered[:free]]},
        ),
        "already": [(e, labels[live[e.pk]]) for e in candidates if e.pk in live],
    }


def _candidates(scope, *, department=None, role=None, gap=None) -> list[Employee]:
    employees = scope
    if department is not None:
        employees = employees.in_subtree(department)
    if role is not None:
        employees = employees.filter(job_role=role)
    if gap is not None:
        employees = employees.filter(job_role__profile__competence=gap)
    employees = list(employees.order_by("name", "id")[:BULK_MAX])
    if gap is not None:
        below = below_target(
            employees=Employee.objects.filter(pk__in=[e.pk for e in employees]),
            competence=gap,
        )
        employees = [e for e in employees if e.pk in below]
    return employees


def _in_posted_order(request, employees) -> list[Employee]:
    by_id = {str(e.pk): e for e in employees}
    return [by_id[pk] for pk in request.POST.getlist("employees") if pk in by_id]


def _named_results(results: list[dict], employees: list[Employee]) -> list[dict]:
    names = {e.pk: e.name for e in employees}
    return [
        {
            **result,
            "name": names.get(result["employee"], ""),
            "outcome": result.get("status", "refused"),
        }
        for result in results
    ]


def _tally(results: list[dict]) -> dict[str, int]:
    tally = dict.fromkeys(("enrolled", "waitlisted", "refused"), 0)
    for result in results:
        tally[result["outcome"]] += 1
    return tally
