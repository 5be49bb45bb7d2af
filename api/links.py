"""Links that leave the site (mails, badges, workbooks, calendar feeds): the
site's address from KYNDIG_BASE_URL before a path of this site."""

from django.conf import settings


def absolute_url(path: str) -> str:
    """``path`` as a full address; an address that is full already (or
    empty) is answered as it is."""
    return f"{settings.KYNDIG_BASE_URL}{path}" if path.startswith("/") else path
