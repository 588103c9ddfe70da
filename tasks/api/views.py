from accounts.access import Capability
from tasks.models import Unit
from vca_portal.api.viewsets import PortalReadOnlyViewSet

from .serializers import UnitSerializer


class UnitViewSet(PortalReadOnlyViewSet):
    """Departments and attached units of the alliance."""

    queryset = Unit.objects.all()
    serializer_class = UnitSerializer
    read_capability = Capability.VIEW_WORK
    filterset_fields = ["kind", "is_active"]
