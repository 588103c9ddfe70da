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
"""

import logging

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from accounts.security import loggable

log = logging.getLogger("vca.security")

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
