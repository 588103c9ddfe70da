"""A request id for every request: returned in ``X-Request-ID``, and written into the audit
trail's context so that every history event names the request that caused it."""

import re
import uuid

import pghistory

_VALID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


class RequestIdMiddleware:
    """Placed after pghistory's HistoryMiddleware, which opens the audit context."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.META.get("HTTP_X_REQUEST_ID", "")
        request.request_id = incoming if _VALID.match(incoming) else uuid.uuid4().hex
        if request.method in ("POST", "PUT", "PATCH", "DELETE"):
            pghistory.context(request_id=request.request_id)
        response = self.get_response(request)
        response["X-Request-ID"] = request.request_id
        return response
