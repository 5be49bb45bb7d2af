"""The API's parsers: DRF's, with the JSON depth bounded and errors translated.

Python's JSON decoder recurses once per array or object, so a body nested a
thousand levels deep ends in a RecursionError (a 500) in the parser, and again
wherever the data is serialised. The depth is measured on the raw text first,
so such a body never reaches the decoder. DRF's parse errors carry the
decoder's or Django's English text; these say what is wrong in the caller's
language.
"""

import json
import re

from django.utils.translation import gettext_lazy as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError
from rest_framework.utils.json import strict_constant

# No request of the API nests deeper than a handful of levels.
MAX_DEPTH = 32

# A JSON string, escapes included, written so the regex never backtracks.
_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"')
_BRACKET = re.compile(r"[\[\]{}]")


def nesting_exceeds(text: str, limit: int) -> bool:
    """True when arrays and objects in JSON ``text`` nest deeper than ``limit``.

    Brackets inside strings do not count; the scan stops at the first level
    past the limit, so a deep body costs no more than a shallow one.
    """
    depth = 0
    for bracket in _BRACKET.finditer(_STRING.sub("", text)):
        depth += 1 if bracket.group() in "[{" else -1
        if depth > limit:
            return True
    return False


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        # DRF's check refuses byte codecs (bz2_codec) that would inflate the body.
        encoding = parsers.get_encoding(parser_context or {})
        try:
            text = stream.read().decode(encoding)
        except UnicodeDecodeError as exc:
            raise ParseError(_("The body is not valid %s.") % encoding) from exc
        if nesting_exceeds(text, MAX_DEPTH):
            raise ParseError(
                _("The JSON body nests deeper than %d levels.") % MAX_DEPTH
            )
        return _loads(text)


def _loads(text: str):
    """DRF's strict JSON (no NaN or Infinity), its errors in the caller's
    language: DRF passes on the decoder's English text."""
    try:
        return json.loads(text, parse_constant=strict_constant)
    except json.JSONDecodeError as exc:
        raise ParseError(
            _("The body is not valid JSON (line %(line)d, column %(column)d).")
            % {"line": exc.lineno, "column": exc.colno}
        ) from exc
    except ValueError as exc:
        raise ParseError(_("The body is not valid JSON.")) from exc


class MultiPartParser(parsers.MultiPartParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except ParseError as exc:
            # DRF's text carries Django's English reason.
            raise ParseError(_("The multipart body could not be read.")) from exc
