"""Pages: the notification list, preferences, the calendar feed and unsubscribe.

The feed and the unsubscribe link work without signing in: each carries its
own secret (the feed's is stored hashed, the link's is signed).
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from api.links import absolute_url as absolute
from employees.access import access_for
from employees.models import Employee
from notifications import ical, selectors, services
from notifications import unsubscribe as links
from notifications.forms import PreferencesForm
from notifications.models import CalendarFeed

PAGE_SIZE = 25


@login_required
def notification_list(request):
    services.notifications_render_waiting(user=request.user)
    notifications = selectors.notification_list(user=request.user)
    page = Paginator(notifications, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "notifications/list.html", {"page_obj": page})


@login_required
@require_POST
def notification_read(request, pk: int):
    notification = get_object_or_404(
        selectors.notification_list(user=request.user), pk=pk
    )
    services.notification_mark_read(notification=notification)
    return redirect("notification_list")


@login_required
@require_POST
def notification_read_all(request):
    services.notifications_mark_all_read(user=request.user)
    messages.success(request, _("All notifications are marked as read."))
    return redirect("notification_list")


@login_required
def preferences(request):
    current = services.preferences_get(user=request.user)
    form = PreferencesForm(
        request.POST or None,
        instance=current,
        is_lead=access_for(request.user).is_lead,
    )
    if request.method == "POST" and form.is_valid():
        saved = services.preferences_update(user=request.user, **form.cleaned_data)
        translation.activate(saved.language)
        messages.success(request, _("Your choices are saved."))
        response = redirect("notification_preferences")
        # The pages follow the chosen language from now on, like the switch.
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME, saved.language, samesite="Lax"
        )
        return response
    return render(request, "notifications/preferences.html", {"form": form})


# --- The calendar feed -----------------------------------------------------------
def calendar_section(request, *, employee, access) -> str:
    """On one's own page: create, renew or revoke the personal calendar feed."""
    if not access.is_self(employee):
        return ""
    context = {"feed": selectors.calendar_feed_of(request.user)}
    return render_to_string("notifications/calendar_section.html", context, request)


def _own_employee(request) -> Employee:
    employee = Employee.objects.filter(user=request.user).first()
    if employee is None:
        raise Http404
    return employee


@login_required
@require_POST
def calendar_feed_create(request):
    employee = _own_employee(request)
    key = services.calendar_feed_create(user=request.user)
    url = absolute(reverse("calendar_feed", args=[key]))
    # Shown once, here: only its hash is kept, so no later page can show it.
    context = {"url": url, "employee": employee}
    return render(request, "notifications/calendar_created.html", context)


@login_required
@require_POST
def calendar_feed_revoke(request):
    employee = _own_employee(request)
    services.calendar_feed_revoke(user=request.user)
    messages.success(request, _("The calendar feed is revoked."))
    return redirect("employee_detail", pk=employee.pk)


def calendar_feed(request, key: str):
    feed = (
        CalendarFeed.objects.filter(hashed_key=services.feed_hash(key))
        .select_related("user")
        .first()
    )
    if feed is None or not feed.user.is_active:
        raise Http404
    employee = Employee.objects.filter(user=feed.user).first()
    if employee is None:
        raise Http404
    response = HttpResponse(ical.feed(employee), content_type="text/calendar")
    response["Content-Disposition"] = 'inline; filename="kyndig.ics"'
    return response


# --- Unsubscribe ---------------------------------------------------------------------
# Mail programs send the one-click POST of RFC 8058 without a CSRF token; the
# signed link itself is the credential. A GET only asks, so link scanners that
# open every link in a mail turn nothing off.
@csrf_exempt
def unsubscribe(request, token: str):
    found = links.resolve(token)
    if found is None:
        raise Http404
    preferences, what = found
    done = request.method == "POST"
    if done:
        services.preferences_unsubscribe(preferences=preferences, what=what)
    context = {"what": what, "done": done}
    return render(request, "notifications/unsubscribe.html", context)
