from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.access import Capability, CapabilityPermission
from search import engine

from .serializers import SearchQuerySerializer, SearchResultsSerializer


class SearchView(APIView):
    """One search across the portal, accent-insensitive and ranked: every kind the caller may
    read (a few hits each), or one ``kind`` a page at a time. Each kind passes through the
    same access rule as its list."""

    permission_classes = [CapabilityPermission]
    # Every role may read the register; each kind is searched only for those who may read it.
    read_capability = Capability.VIEW_REGISTER

    @extend_schema(
        parameters=[SearchQuerySerializer],
        responses={200: SearchResultsSerializer},
        summary="Search the portal",
    )
    def get(self, request):
        query = SearchQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        results = engine.search(
            request.user, data["q"], kind=data.get("kind"), page=data.get("page", 1)
        )
        return Response(SearchResultsSerializer(results).data)
