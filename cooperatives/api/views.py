from accounts.access import Capability
from cooperatives.filtersets import ProvinceFilterSet
from cooperatives.models import Province
from vca_portal.api.viewsets import PortalReadOnlyViewSet

from .serializers import ProvinceSerializer


class ProvinceViewSet(PortalReadOnlyViewSet):
    """Provinces with their validity; ``?valid_on=2021-11-30`` gives the 63 of that day."""

    queryset = Province.objects.select_related("successor")
    serializer_class = ProvinceSerializer
    filterset_class = ProvinceFilterSet
    read_capability = Capability.VIEW_PROVINCES
    ordering_fields = ["code", "name", "valid_from"]
    pagination_class = None  # at most 97 rows
