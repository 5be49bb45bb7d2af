"""The manager's queue: requests to decide and practice tasks to review,
oldest first with their age, decided in place.

With JavaScript, htmx posts a decision and swaps the one item it changed, so
the manager keeps their place in the list; an invalid form comes back as that
item with the error beside its field (422). Without JavaScript the same forms
post normally: a decision returns to the page it came from, an invalid form
renders the whole queue with the error beside the field.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from courses import selectors, services
from courses.forms import RejectForm, ReviewForm
from courses.views.pages import back_to, refusal_message
from employees.access import access_for

# The queue page lists this many of each kind; the dashboard a few.
QUEUE_LIMIT = 50
SECTION_REQUESTS = 5
SECTION_REVIEWS = 3
# Work waiting this many days or longer is marked as old.
OLD_AFTER_DAYS = 7
UNPROCESSABLE = 422


def _age(moment, now) -> int:
    return max((now - moment).days, 0)


def request_item(enrollment, now, form=None, refusal="") -> dict:
    return {
        "enrollment": enrollment,
        "age": _age(enrollment.created_at, now),
        "form": form or RejectForm(auto_id=f"%s-{enrollment.pk}"),
        "refusal": refusal,
        "old_after": OLD_AFTER_DAYS,
    }


def review_item(submission, now, form=None, refusal="") -> dict:
    return {
        "submission": submission,
        "age": _age(submission.submitted_at, now),
        "form": form or ReviewForm(auto_id=f"%s-{submission.pk}"),
        "refusal": refusal,
        "old_after": OLD_AFTER_DAYS,
    }


def queue_context(user, *, requests: int, reviews: int, bound=None) -> dict:
    """The open work of ``user``; ``bound`` maps ("request"|"review", pk) to a
    form that came back invalid, shown in its item."""
    now, bound = timezone.now(), bound or {}
    return {
        "requests": [
            request_item(e, now, bound.get(("request", e.pk)))
            for e in selectors.requests_to_decide(user=user, limit=requests)
        ],
        "reviews": [
            review_item(s, now, bound.get(("review", s.pk)))
            for s in selectors.practice_tasks_to_review(user=user, limit=reviews)
        ],
        "request_total": selectors.approvals_count(user),
        "review_total": selectors.practice_tasks_count(user),
    }


@login_required
def work_queue(request):
    if not access_for(request.user).is_lead:
        raise Http404
    context = queue_context(request.user, requests=QUEUE_LIMIT, reviews=QUEUE_LIMIT)
    return render(request, "courses/queue/page.html", context)


def queue_section(request, *, access, **_context) -> str:
    """The top of the dashboard for HR and managers: their open work."""
    if not access.is_lead:
        return ""
    context = queue_context(
        request.user, requests=SECTION_REQUESTS, reviews=SECTION_REVIEWS
    )
    return render_to_string("courses/queue/section.html", context, request)


# --- Decisions --------------------------------------------------------------------
def _done(request, element_id: str, text: str):
    if request.htmx:
        context = {
            "element_id": element_id,
            "text": text,
            "request_total": selectors.approvals_count(request.user),
            "review_total": selectors.practice_tasks_count(request.user),
        }
        return render(request, "courses/queue/done.html", context)
    messages.success(request, text)
    return back_to(request, "work_queue")


def _again(request, kind: str, item: dict, form_valid: bool):
    """The item once more: with its form's errors, or the service's refusal."""
    if request.htmx:
        template = f"courses/queue/{kind}_item.html"
        return render(request, template, {"item": item}, status=UNPROCESSABLE)
    if form_valid:
        messages.error(request, item["refusal"])
        return back_to(request, "work_queue")
    pk = (item.get("enrollment") or item.get("submission")).pk
    context = queue_context(
        request.user,
        requests=QUEUE_LIMIT,
        reviews=QUEUE_LIMIT,
        bound={(kind, pk): item["form"]},
    )
    return render(request, "courses/queue/page.html", context, status=UNPROCESSABLE)


def _lead_enrollment(request, pk: int):
    """An enrollment the user may decide on; anything else is a 404."""
    enrollment = get_object_or_404(selectors.enrollment_list(user=request.user), pk=pk)
    if not access_for(request.user).can_decide(enrollment.employee):
        raise Http404
    return enrollment


@login_required
@require_POST
def enrollment_decide(request, pk: int, decision: str):
    enrollment = _lead_enrollment(request, pk)
    form = RejectForm(request.POST, auto_id=f"%s-{pk}")
    now = timezone.now()
    if not form.is_valid():
        return _again(request, "request", request_item(enrollment, now, form), False)
    try:
        if decision == "approve":
            enrollment = services.enrollment_approve(
                enrollment=enrollment, approved_by=request.user
            )
        else:
            enrollment = services.enrollment_reject(
                enrollment=enrollment,
                rejected_by=request.user,
                reason=form.cleaned_data["reason"],
            )
    except ValidationError as error:
        item = request_item(enrollment, now, form, refusal_message(error))
        return _again(request, "request", item, True)
    text = _("%(name)s: %(status)s.") % {
        "name": enrollment.employee.name,
        "status": enrollment.get_status_display(),
    }
    return _done(request, f"request-{pk}", text)


@login_required
@require_POST
def practice_task_review(request, pk: int):
    submission = get_object_or_404(
        selectors.practice_task_list(user=request.user), pk=pk
    )
    if not access_for(request.user).can_decide(submission.employee):
        raise Http404
    form = ReviewForm(request.POST, auto_id=f"%s-{pk}")
    now = timezone.now()
    if not form.is_valid():
        return _again(request, "review", review_item(submission, now, form), False)
    note = form.cleaned_data["note"]
    try:
        if form.cleaned_data["decision"] == ReviewForm.APPROVE:
            services.practice_task_approve(
                submission=submission, reviewed_by=request.user, note=note
            )
            text = _("The practice task of %(name)s is approved.")
        else:
            services.practice_task_return(
                submission=submission, reviewed_by=request.user, note=note
            )
            text = _("The practice task of %(name)s is returned with your note.")
    except ValidationError as error:
        item = review_item(submission, now, form, refusal_message(error))
        return _again(request, "review", item, True)
    name = submission.employee.name
    return _done(request, f"review-{pk}", text % {"name": name})
