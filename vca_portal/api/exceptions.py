"""Map domain errors to HTTP: validation -> 400, conflict -> 409, stale version -> 412."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from rest_framework import status
from rest_framework.response import Response
from rest_framework.serializers import as_serializer_error
from rest_framework.views import exception_handler as drf_exception_handler

from vca_portal.errors import ConflictError, StaleVersionError
from vca_portal.request_limits import LIMIT_ERRORS, data_error_answer, is_refused_value, refusal


def exception_handler(exc, context):
    if is_refused_value(exc):
        request = context["request"]
        try:
            data = request.data
        except Exception:  # noqa: BLE001 (the data could not be read: name no field)
            data = {}
        status_code, payload = data_error_answer(request, data, exc)
        return Response(payload, status=status_code)
    if isinstance(exc, LIMIT_ERRORS):
        # Read again, the form data would raise again: DRF's error response must not try.
        context["request"]._request._mark_post_parse_error()
        status_code, message = refusal(exc)
        return Response({"detail": message}, status=status_code)
    if isinstance(exc, DjangoValidationError):
        return Response(as_serializer_error(exc), status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, StaleVersionError):
        detail = str(exc) or _("This record was changed by someone else; reload it and try again.")
        return Response({"detail": detail}, status=status.HTTP_412_PRECONDITION_FAILED)
    if isinstance(exc, ConflictError):
        return Response({"detail": str(exc)}, status=status.HTTP_409_CONFLICT)
    return drf_exception_handler(exc, context)
