"""Reads of the credentials app."""

from django.db.models import QuerySet

from credentials.models import Badge


def _with_relations(badges: QuerySet) -> QuerySet:
    return badges.select_related(
        "achievement__course__provider", "achievement__issuer__municipality"
    )


def badge_public(*, uuid) -> Badge | None:
    """A badge as anyone on the internet may see it: not hidden."""
    return (
        _with_relations(Badge.objects.public().select_related("status_list"))
        .filter(uuid=uuid)
        .first()
    )


def badges_of(*, employee) -> QuerySet[Badge]:
    """The employee's badges, for their page (the page checks who may look).

    The signed credential (a few kilobytes each) is left unread: the list
    links to it."""
    return _with_relations(employee.badges.defer("credential", "jwt")).order_by(
        "-awarded_at", "-id"
    )
