"""The floors of the benchmark: what a figure is compared with, on the same server, with the same
authentication and permission checks as the portal's API."""

from django.http import JsonResponse
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.access import Capability
from cooperatives.models import Cooperative

PAGE_SIZE = 50
COOPERATIVE_FIELDS = (
    "id",
    "name",
    "registration_code",
    "kind",
    "sector",
    "sub_sector",
    "province__code",
    "province__name",
    "status",
    "established_on",
    "dissolved_on",
    "members",
    "charter_capital",
    "updated_at",
)


class TrivialView(APIView):
    """A trivial JSON answer behind the API's authentication, permission and throttles."""

    read_capability = Capability.VIEW_STATISTICS

    def get(self, request):
        return Response({"ok": True})


def cooperative_page(*, province_id: int, sector: str, page: int) -> dict:
    """The cooperative list's filter, order and page as a plain ``.values()`` query."""
    queryset = Cooperative.objects.filter(province_id=province_id, sector=sector).order_by(
        "province__code", "name", "pk"
    )
    count = queryset.count()
    offset = (page - 1) * PAGE_SIZE
    rows = list(queryset.values(*COOPERATIVE_FIELDS)[offset : offset + PAGE_SIZE])
    return {"count": count, "results": rows}


class CooperativeValuesView(APIView):
    """The same page as the cooperative list API, from ``.values()`` straight to JSON."""

    read_capability = Capability.VIEW_REGISTER

    def get(self, request):
        body = cooperative_page(
            province_id=int(request.query_params["province_id"]),
            sector=request.query_params["sector"],
            page=int(request.query_params.get("page", 1)),
        )
        return JsonResponse(body)
