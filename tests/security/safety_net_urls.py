"""Views that write a row and then send PostgreSQL a value out of its column's range, as a
missing bound would: the safety net's subjects (``test_safety_net.py``)."""

from django.db import connection
from django.http import HttpResponse
from django.urls import path
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from tasks.models import Unit


def _write_then_overflow(value) -> None:
    Unit.objects.create(code="safety-net", name="Ban thử nghiệm")
    with connection.cursor() as cursor:
        cursor.execute("SELECT %s::integer", [int(value)])


def _write_then_break_a_check(value) -> None:
    from tasks.models import WorkProgram

    Unit.objects.create(code="safety-net", name="Ban thử nghiệm")
    WorkProgram.objects.create(year=int(value), title="Chương trình")  # year >= 0 in PostgreSQL


def check_view(request):
    _write_then_break_a_check(request.POST["year"])
    return HttpResponse("saved")


def html_view(request):
    _write_then_overflow(request.POST["members"])
    return HttpResponse("saved")


class ApiView(APIView):
    authentication_classes = ()
    permission_classes = (AllowAny,)

    def post(self, request):
        _write_then_overflow(request.data["members"])
        return Response({"saved": True})


urlpatterns = [
    path("form/", html_view),
    path("check/", check_view),
    path("api/v1/safety-net/", ApiView.as_view()),
]
