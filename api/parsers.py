"""The JSON parser of every API view: DRF's, with the nesting depth bounded.

Python's JSON decoder recurses once per array or object, so a body nested a
thousand levels deep ends in a RecursionError (a 500) in the parser, and again
wherever the data is serialised. The depth is measured on the raw text first,
so such a body never reaches the decoder.
"""

import io
import re

from django.utils.translation import gettext_lazy as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError

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
        raw = stream.read()
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError as exc:
            raise ParseError(f"JSON parse error - {exc}") from exc
        if nesting_exceeds(text, MAX_DEPTH):
            raise ParseError(
                _("JSON parse error - nested deeper than %d levels.") % MAX_DEPTH
            )
        return super().parse(io.BytesIO(raw), media_type, parser_context)
