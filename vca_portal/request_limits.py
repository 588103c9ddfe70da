"""What a request may not exceed, and the clear answer when it does.

* ``RequestSizeMiddleware`` refuses a body whose ``Content-Length`` is above ``REQUEST_MAX_BYTES``
  with 413 before anything reads it (the reverse proxy's ``client_max_body_size`` should say the
  same, see README).
* Django's own limits (``DATA_UPLOAD_MAX_NUMBER_FIELDS``, ``DATA_UPLOAD_MAX_NUMBER_FILES``,
  ``DATA_UPLOAD_MAX_MEMORY_SIZE``) raise ``TooManyFieldsSent``, ``TooManyFilesSent`` and
  ``RequestDataTooBig`` wherever the form data is first read (a middleware, a form, DRF's
  parsers). The API's exception handler and ``bad_request`` (the portal's ``handler400``)
  turn them into 400 or 413 with a Vietnamese message, as JSON under ``/api/`` and as a page
  elsewhere, never a 500.
* ``SafetyNetMiddleware`` runs every write request (POST, PUT, PATCH, DELETE) in one
  transaction and, should a value still reach PostgreSQL out of its column's range
  (``DataError``) or against a ``CHECK`` constraint, answers 400 naming the fields that look
  out of range, logs it with the request id and rolls the whole request back, so nothing of
  it is saved. The API's exception handler does the same for the API (``data_error_answer``).
"""

import logging

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.db import DataError, IntegrityError, transaction
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from psycopg.errors import CheckViolation

from accounts.security import loggable

log = logging.getLogger("vca.security")
errors_log = logging.getLogger(__name__)

WRITE_METHODS = ("POST", "PUT", "PATCH", "DELETE")
# The widest column the portal has (bigint); a number beyond a 32-bit integer is the usual
# suspect of a "value out of range".
_INTEGER_RANGE = range(-(2**31), 2**31)

LIMIT_ERRORS = (TooManyFieldsSent, TooManyFilesSent, RequestDataTooBig)


def refusal(exception: Exception | None) -> tuple[int, str]:
    """The status and the message for a request refused by one of the limits (or any other
    request Django found malformed)."""
    if isinstance(exception, TooManyFieldsSent):
        return 400, _("The request sends more than %(count)d fields; send fewer.") % {
            "count": settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
        }
    if isinstance(exception, TooManyFilesSent):
        return 400, _("The request sends more than %(count)d files; send fewer.") % {
            "count": settings.DATA_UPLOAD_MAX_NUMBER_FILES
        }
    if isinstance(exception, RequestDataTooBig):
        return 413, _("The request's fields are larger than %(limit)s in all.") % {
            "limit": filesizeformat(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
        }
    return 400, _("The request could not be understood; check what was sent.")


def is_api(request) -> bool:
    return request.path.startswith("/api/")


def answer(request, status: int, message: str, **fields) -> HttpResponse:
    """The refusal as JSON ``{"detail": ...}`` for the API, as a plain page elsewhere (no base
    template: the request may not have passed the session or sign-in middleware)."""
    if is_api(request):
        return JsonResponse({"detail": message, **fields}, status=status)
    page = loader.render_to_string("400.html", {"message": message, "status": status})
    return HttpResponse(page, status=status)


def bad_request(request, exception=None):
    """The portal's ``handler400``: Django calls it for every ``SuspiciousOperation``, the
    request limits' errors among them."""
    status, message = refusal(exception)
    log.warning(
        "request refused path=%s status=%s reason=%s request_id=%s",
        loggable(request.path),
        status,
        type(exception).__name__ if exception else "bad request",
        getattr(request, "request_id", ""),
    )
    return answer(request, status, message)


class RequestSizeMiddleware:
    """First in the chain: a declared body above ``REQUEST_MAX_BYTES`` is refused unread."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.REQUEST_MAX_BYTES:
            message = _("The request is larger than %(limit)s; files can be at most that.") % {
                "limit": filesizeformat(settings.REQUEST_MAX_BYTES)
            }
            log.warning(
                "request refused path=%s status=413 length=%s", loggable(request.path), length
            )
            return answer(request, 413, message)
        return self.get_response(request)


def is_refused_value(exception: Exception) -> bool:
    """A value PostgreSQL refused: beyond its column's type (``DataError``) or against one of
    its ``CHECK`` constraints (a negative count in a positive column)."""
    return isinstance(exception, DataError) or (
        isinstance(exception, IntegrityError) and isinstance(exception.__cause__, CheckViolation)
    )


def out_of_range_fields(data) -> list[str]:
    """The fields of the request's data holding a number beyond a 32-bit integer: the fields a
    ``DataError`` most likely comes from."""
    suspects = []
    items = data.lists() if hasattr(data, "lists") else getattr(data, "items", lambda: [])()
    for name, values in items:
        for value in values if isinstance(values, list) else [values]:
            try:
                number = float(value) if not isinstance(value, int) else value
            except (TypeError, ValueError, OverflowError):
                continue
            if number != number or not (_INTEGER_RANGE.start <= number < _INTEGER_RANGE.stop):
                suspects.append(str(name))
                break
    return suspects


def data_error_answer(request, data, exception: Exception) -> tuple[int, dict]:
    """The 400 for a value PostgreSQL refused: the request is rolled back (a write request
    runs in one transaction, see ``SafetyNetMiddleware``) and logged with its request id."""
    if request.method in WRITE_METHODS and transaction.get_connection().in_atomic_block:
        transaction.set_rollback(True)
    fields = out_of_range_fields(data)
    errors_log.error(
        "database refused a value path=%s method=%s request_id=%s fields=%s error=%s",
        loggable(request.path),
        request.method,
        getattr(request, "request_id", ""),
        ",".join(fields) or "-",
        loggable(str(exception).strip()),
        exc_info=exception,
    )
    message = _("A value is beyond what the portal can store; check the numbers and texts sent.")
    if fields:
        return 400, {name: [message] for name in fields}
    return 400, {"detail": message}


class SafetyNetMiddleware:
    """After ``RequestIdMiddleware``: a write request is one transaction, rolled back whole when
    a ``DataError`` or a request limit's error escapes the view."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in WRITE_METHODS:
            with transaction.atomic():
                return self.get_response(request)
        return self.get_response(request)

    def process_exception(self, request, exception):
        if is_refused_value(exception):
            try:
                data = request.POST
            except LIMIT_ERRORS:
                data = {}
            status, payload = data_error_answer(request, data, exception)
            if is_api(request):
                return JsonResponse(payload, status=status)
            message = payload.get("detail")
            if message is None:
                fields = _("Fields: %(fields)s.") % {"fields": ", ".join(payload)}
                message = f"{next(iter(payload.values()))[0]} {fields}"
            return answer(request, status, message)
        if isinstance(exception, LIMIT_ERRORS):
            if request.method in WRITE_METHODS:
                transaction.set_rollback(True)
            return bad_request(request, exception)
        return None
