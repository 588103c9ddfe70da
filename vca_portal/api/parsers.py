"""The API's JSON parser: a body larger than ``API_JSON_MAX_BYTES`` is refused with 413 and one
nested deeper than ``API_JSON_MAX_DEPTH`` with 400, before it is decoded, so that no request
(the unauthenticated token endpoint included) can make the decoder recurse or hold a huge body
in memory. Python's decoder recurses once per level and fails with ``RecursionError`` near a
thousand levels; the portal's own bodies are three levels deep at most (a meeting with its
agenda items)."""

import codecs
import itertools
import json
import re

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from rest_framework import status
from rest_framework.exceptions import APIException, ParseError
from rest_framework.parsers import JSONParser
from rest_framework.utils.json import strict_constant

# A JSON string, escapes included; brackets inside strings do not nest anything.
_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")
_STEP = {ord("["): 1, ord("{"): 1, ord("]"): -1, ord("}"): -1}


class RequestTooLarge(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "request_too_large"


def nesting_depth(body: bytes) -> int:
    """How deep arrays and objects nest in a JSON text (0 for a plain value)."""
    brackets = _STRING.sub(b"", body).translate(None, _NOT_BRACKETS)
    return max(itertools.accumulate(_STEP[b] for b in brackets), default=0)


class BoundedJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        limit = settings.API_JSON_MAX_BYTES
        body = stream.read(limit + 1)
        if len(body) > limit:
            raise RequestTooLarge(
                _("The request body is larger than %(limit)s.") % {"limit": filesizeformat(limit)}
            )
        if nesting_depth(body) > settings.API_JSON_MAX_DEPTH:
            raise ParseError(
                _("The JSON body nests arrays or objects more than %(depth)d levels deep.")
                % {"depth": settings.API_JSON_MAX_DEPTH}
            )
        encoding = (parser_context or {}).get("encoding", settings.DEFAULT_CHARSET)
        try:
            text = codecs.decode(body, encoding)
            return json.loads(text, parse_constant=strict_constant if self.strict else None)
        except (ValueError, LookupError) as error:
            message = _("The request body is not valid JSON (%(error)s).") % {"error": error}
            raise ParseError(message) from None
