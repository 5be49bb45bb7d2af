"""Parsing of single cell values; each parser raises ``CellError`` with the reason."""

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

DATE_FORMATS = ("%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y", "%d/%m/%Y")
TRUE_WORDS = {"ja", "j", "yes", "y", "x", "1", "sand", "true"}
FALSE_WORDS = {"nej", "n", "no", "0", "falsk", "false", ""}


class CellError(Exception):
    pass


def _text(value) -> str:
    text = "" if value is None else str(value).strip()
    if "\x00" in text:
        # PostgreSQL refuses NUL in text: without this the dry run would pass
        # and the real run fail. A CSV can carry one past its binary sniff.
        raise CellError(
            _("Contains a NUL character, which cannot be stored; remove it.")
        )
    return text


def parse_text(value, *, max_length: int, required: bool, label: str) -> str:
    text = _text(value)
    if required and not text:
        raise CellError(_("%(column)s is required.") % {"column": label})
    if len(text) > max_length:
        raise CellError(
            _("Too long: at most %(max)s characters.") % {"max": max_length}
        )
    return text


def parse_email(value) -> str:
    text = parse_text(value, max_length=254, required=False, label="")
    if not text:
        return ""
    try:
        validate_email(text)
    except ValidationError as error:
        raise CellError(
            _("'%(value)s' is not a valid email address.") % {"value": text}
        ) from error
    return text.lower()


def parse_date(value) -> date | None:
    if isinstance(value, date):
        return value
    text = _text(value)
    if not text:
        return None
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise CellError(
        _("'%(value)s' is not a date; write it as YYYY-MM-DD or DD-MM-YYYY.")
        % {"value": text}
    )


def parse_bool(value) -> bool:
    text = _text(value).lower()
    if text in TRUE_WORDS:
        return True
    if text in FALSE_WORDS:
        return False
    raise CellError(_("'%(value)s' is not yes or no.") % {"value": value})
