"""Badge pages: the public verification page, HR's revocation, the holder's
hiding, and the badges section of a person's page.

The verification page needs no sign-in: a badge's address is its random UUID,
and a badge its holder hid answers 404 like one that does not exist.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from credentials import documents, selectors, services
from credentials.forms import HideForm, RevokeForm
from credentials.models import Badge
from employees.access import access_for
from employees.selectors import employee_list


def _language() -> str:
    language = (translation.get_language() or "da")[:2]
    return language if language in documents.LANGUAGES else "da"


@require_GET
def badge_page(request, uuid):
    badge = selectors.badge_public(uuid=uuid)
    if badge is None:
        raise Http404
    achievement = badge.achievement
    context = {
        "badge": badge,
        "edition": documents.achievement_document(achievement, _language()),
        "issuer": achievement.issuer,
    }
    return render(request, "credentials/badge_page.html", context)


def _badge_in_scope(request, uuid) -> Badge:
    """A badge of someone whose details the user may see; else 404."""
    badge = get_object_or_404(Badge.objects.select_related("employee"), uuid=uuid)
    visible = employee_list(user=request.user, detail=True)
    if not visible.filter(pk=badge.employee_id).exists():
        raise Http404
    return badge


def _back(request, badge: Badge):
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect("employee_detail", pk=badge.employee_id)


@login_required
@require_POST
def badge_revoke(request, uuid):
    badge = _badge_in_scope(request, uuid)
    if not access_for(request.user).can_revoke_credential(badge.employee):
        raise Http404
    form = RevokeForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Give a reason."))
        services.badge_revoke(
            badge=badge, revoked_by=request.user, reason=form.cleaned_data["reason"]
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The badge is revoked."))
    return _back(request, badge)


@login_required
@require_POST
def badge_hide(request, uuid):
    badge = _badge_in_scope(request, uuid)
    if not access_for(request.user).can_hide_credential(badge.employee):
        raise Http404
    form = HideForm(request.POST)
    form.is_valid()
    hidden = form.cleaned_data.get("hidden", False)
    services.badge_hide(badge=badge, hidden=hidden)
    if hidden:
        messages.success(request, _("The badge is hidden from its public page."))
    else:
        messages.success(request, _("The badge is shown on its public page again."))
    return _back(request, badge)


def badges_section(request, *, employee, access) -> str:
    """The person's badges with their links; HR may revoke, the holder hide."""
    badges = list(selectors.badges_of(employee=employee))
    if not badges:
        return ""
    language = _language()
    for badge in badges:
        badge.title = documents.achievement_name(badge.achievement, language)
    context = {
        "badges": badges,
        "can_revoke": access.can_revoke_credential(employee),
        "can_hide": access.can_hide_credential(employee),
        "can_read_reason": access.can_read_revocation_reason(employee),
    }
    return render_to_string("credentials/badges_section.html", context, request)
