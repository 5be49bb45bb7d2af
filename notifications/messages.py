"""What each notification says: subject, text, facts and the link to act on.

Builders run inside ``translation.override`` of the recipient's language, so
every string here is translated for the person who reads it. User-supplied
text (titles, notes, reasons) goes into the facts and notes, which the mail
templates escape; subjects are made one line by ``one_line``.
"""

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


@dataclass
class Message:
    subject: str
    lines: list[str]
    url: str
    action: str
    facts: list[tuple[str, str]] = field(default_factory=list)
    note: tuple[str, str] | None = None  # (label, text) the sender wrote


def one_line(text: str) -> str:
    """A header-safe line: CR, LF and other breaks become single spaces."""
    return " ".join(str(text).split())


def when(moment) -> str:
    return formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT")


def day(value) -> str:
    return formats.date_format(value, "DATE_FORMAT")


def person_page(employee, enrollment=None) -> str:
    url = reverse("employee_detail", args=[employee.pk])
    return f"{url}#enrollment-{enrollment.pk}" if enrollment is not None else url


def session_facts(session) -> list[tuple[str, str]]:
    place = _("Online") if session.is_online else session.location
    facts = [
        (_("Course"), session.course.title),
        (_("Starts"), when(session.starts_at)),
        (_("Ends"), when(session.ends_at)),
    ]
    if place:
        facts.append((_("Place"), place))
    return facts


def _title(enrollment) -> str:
    return one_line(enrollment.session.course.title)


def _own(enrollment, subject, lines, *, note=None) -> Message:
    """A message to the employee about their own enrollment."""
    return Message(
        subject=subject,
        lines=lines,
        url=person_page(enrollment.employee, enrollment),
        action=_("See your courses"),
        facts=session_facts(enrollment.session),
        note=note,
    )


# --- The employee's own enrollments --------------------------------------------
def enrollment_approved(*, enrollment, **_extra) -> Message:
    if enrollment.status == enrollment.Status.WAITLISTED:
        return _own(
            enrollment,
            _("Approved, on the waitlist: %(course)s") % {"course": _title(enrollment)},
            [
                _(
                    "Your manager approved your request, but the session is full. "
                    "You are on the waitlist and will hear from us if a seat "
                    "becomes free."
                )
            ],
        )
    return _own(
        enrollment,
        _("Approved: %(course)s") % {"course": _title(enrollment)},
        [_("Your manager approved your request. You have a seat on the session.")],
    )


def enrollment_rejected(*, enrollment, reason="", **_extra) -> Message:
    note = (_("Reason"), reason) if reason else None
    return _own(
        enrollment,
        _("Not approved: %(course)s") % {"course": _title(enrollment)},
        [_("Your manager did not approve your request for this session.")],
        note=note,
    )


def enrollment_enrolled(*, enrollment, **_extra) -> Message:
    return _own(
        enrollment,
        _("You are enrolled: %(course)s") % {"course": _title(enrollment)},
        [_("You have been given a seat on the session below.")],
    )


def enrollment_waitlisted(*, enrollment, **_extra) -> Message:
    return _own(
        enrollment,
        _("You are on the waitlist: %(course)s") % {"course": _title(enrollment)},
        [
            _(
                "The session is full, so you are on its waitlist. You will hear "
                "from us if a seat becomes free."
            )
        ],
    )


def enrollment_promoted(*, enrollment, **_extra) -> Message:
    return _own(
        enrollment,
        _("A seat came free: %(course)s") % {"course": _title(enrollment)},
        [_("You moved up from the waitlist and now have a seat on the session.")],
    )


def enrollment_withdrawn(*, enrollment, **_extra) -> Message:
    return _own(
        enrollment,
        _("Withdrawn: %(course)s") % {"course": _title(enrollment)},
        [_("Your enrollment on the session below has been withdrawn.")],
    )


def enrollment_completed(*, enrollment, assessments=(), **_extra) -> Message:
    message = _own(
        enrollment,
        _("Course completed: %(course)s") % {"course": _title(enrollment)},
        [_("Congratulations, you have completed the course.")],
    )
    message.facts = [(_("Course"), enrollment.session.course.title)]
    if assessments:
        message.lines.append(_("It raised these competences:"))
        message.facts += [
            (
                f"{a.competence.code} {a.competence.name}",
                _("level %(level)d") % {"level": a.level},
            )
            for a in assessments
        ]
    return message


def session_changed(*, enrollment, **_extra) -> Message:
    return _own(
        enrollment,
        _("The session has moved: %(course)s") % {"course": _title(enrollment)},
        [_("The time or place of your session has changed. It is now:")],
    )


def session_cancelled(*, enrollment, **_extra) -> Message:
    return _own(
        enrollment,
        _("Cancelled: %(course)s") % {"course": _title(enrollment)},
        [
            _(
                "The session below has been cancelled, and with it your "
                "enrollment. You may choose another session of the course."
            )
        ],
    )


def session_reminder(*, enrollment, **_extra) -> Message:
    return _own(
        enrollment,
        _("Reminder: %(course)s on %(day)s")
        % {
            "course": _title(enrollment),
            "day": day(timezone.localdate(enrollment.session.starts_at)),
        },
        [_("A reminder of your session:")],
    )


# --- Practice tasks -----------------------------------------------------------------
def _own_task(submission, subject, lines, *, note=None) -> Message:
    """A message to the employee about their own practice task: of a course,
    or of a task without one (a roll-out campaign's try)."""
    if submission.enrollment is not None:
        return _own(submission.enrollment, subject, lines, note=note)
    return Message(
        subject=subject,
        lines=lines,
        url=person_page(submission.employee),
        action=_("See your requirements"),
        facts=[],
        note=note,
    )


def practice_task_approved(*, submission, **_extra) -> Message:
    note = (_("Note"), submission.review_note) if submission.review_note else None
    return _own_task(
        submission,
        _("Practice task approved: %(course)s")
        % {"course": one_line(submission.title)},
        [_("Your manager approved your practice task.")],
        note=note,
    )


def practice_task_returned(*, submission, **_extra) -> Message:
    message = _own_task(
        submission,
        _("Practice task returned: %(course)s")
        % {"course": one_line(submission.title)},
        [
            _(
                "Your manager returned your practice task with a note. You may "
                "submit it again."
            )
        ],
        note=(_("Note"), submission.review_note),
    )
    message.action = _("Submit the practice task again")
    return message


# --- Work for managers --------------------------------------------------------------
def enrollment_requested(*, enrollment, **_extra) -> Message:
    employee = enrollment.employee
    return Message(
        subject=_("%(name)s asks for a seat: %(course)s")
        % {"name": one_line(employee.name), "course": _title(enrollment)},
        lines=[
            _("%(name)s has asked for a seat on the session below.")
            % {"name": employee.name}
        ],
        url=person_page(employee, enrollment),
        action=_("Approve or reject"),
        facts=session_facts(enrollment.session),
    )


def practice_task_submitted(*, submission, **_extra) -> Message:
    enrollment = submission.enrollment
    employee = submission.employee
    return Message(
        subject=_("Practice task to review: %(name)s")
        % {"name": one_line(employee.name)},
        lines=[
            _("%(name)s has submitted evidence of the practice task.")
            % {"name": employee.name}
        ],
        url=person_page(employee, enrollment),
        action=_("Review the practice task"),
        facts=[(_("Course"), enrollment.session.course.title)]
        if enrollment is not None
        else [(_("Task"), submission.title)],
        note=(_("Evidence"), submission.evidence),
    )


def deadline_reminder(*, session, requests, **_extra) -> Message:
    count = len(requests)
    return Message(
        subject=ngettext(
            "%(count)d request awaits you before %(day)s: %(course)s",
            "%(count)d requests await you before %(day)s: %(course)s",
            count,
        )
        % {
            "count": count,
            "day": day(session.enrollment_deadline),
            "course": one_line(session.course.title),
        },
        lines=[
            _(
                "Enrollment for the session below closes on %(day)s. These "
                "requests wait for your decision:"
            )
            % {"day": day(session.enrollment_deadline)}
        ],
        url=reverse("dashboard") + "#requests-heading",
        action=_("Decide the requests"),
        facts=session_facts(session) + [(_("Requested by"), _names(requests))],
    )


def _names(enrollments) -> str:
    return ", ".join(sorted(e.employee.name for e in enrollments))


def session_changed_for_hr(*, session, enrollments, **_extra) -> Message:
    return Message(
        subject=_("A session you enrolled people on has moved: %(course)s")
        % {"course": one_line(session.course.title)},
        lines=[
            ngettext(
                "The time or place changed for %(count)d person you enrolled. "
                "The session is now:",
                "The time or place changed for %(count)d people you enrolled. "
                "The session is now:",
                len(enrollments),
            )
            % {"count": len(enrollments)}
        ],
        url=reverse("course_detail", args=[session.course_id]),
        action=_("See the course"),
        facts=session_facts(session) + [(_("Participants"), _names(enrollments))],
    )


def session_cancelled_for_hr(*, session, enrollments, **_extra) -> Message:
    message = session_changed_for_hr(session=session, enrollments=enrollments)
    message.subject = _("A session you enrolled people on is cancelled: %(course)s") % {
        "course": one_line(session.course.title)
    }
    message.lines = [
        ngettext(
            "The session below is cancelled. %(count)d person you enrolled lost "
            "their seat.",
            "The session below is cancelled. %(count)d people you enrolled lost "
            "their seats.",
            len(enrollments),
        )
        % {"count": len(enrollments)}
    ]
    return message


def digest(*, notifications, **_extra) -> Message:
    count = len(notifications)
    return Message(
        subject=ngettext(
            "Kyndig: %(count)d new item to handle",
            "Kyndig: %(count)d new items to handle",
            count,
        )
        % {"count": count},
        lines=[_("Since yesterday's digest:")],
        url=reverse("dashboard") + "#requests-heading",
        action=_("Open your dashboard"),
        facts=[(when(n.created_at), n.subject) for n in notifications],
    )


# --- Requirements (the obligations app's events) ----------------------------------
def requirement(*, employee, overdue: bool, name: str, due, **_extra) -> Message:
    subject = (
        _("Overdue: %(requirement)s") if overdue else _("Due soon: %(requirement)s")
    )
    facts = [(_("Requirement"), name)]
    if due:
        facts.append((_("Due"), day(due)))
    return Message(
        subject=subject % {"requirement": one_line(name)},
        lines=[
            _("A requirement for your job is overdue.")
            if overdue
            else _("A requirement for your job is due soon.")
        ],
        url=person_page(employee),
        action=_("See your requirements"),
        facts=facts,
    )
