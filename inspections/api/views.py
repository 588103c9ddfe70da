from django.core.exceptions import ValidationError
from django.db.models import F
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts.access import Capability
from inspections import selectors, services
from inspections.filtersets import (
    ComplaintFilterSet,
    InspectionFilterSet,
    InspectionPlanFilterSet,
    OrganisationFilterSet,
)
from inspections.models import Complaint, Inspection, InspectionPlan, Organisation, Recommendation
from vca_portal.api.viewsets import PortalModelViewSet, PortalReadOnlyViewSet

from .serializers import (
    ComplaintSerializer,
    ComplaintTransitionSerializer,
    InspectionPlanSerializer,
    InspectionSerializer,
    OrganisationSerializer,
    RecommendationSerializer,
    SummarySerializer,
)

# Casework is kept, not deleted: no DELETE on these endpoints.
NO_DELETE = ["get", "post", "put", "patch", "head", "options"]


class CommitteeViewSet(PortalModelViewSet):
    read_capability = Capability.VIEW_INSPECTIONS
    write_capability = Capability.MANAGE_INSPECTIONS
    http_method_names = NO_DELETE


class OrganisationViewSet(PortalReadOnlyViewSet):
    """The organisation records the committee's inspections and complaints link to when their
    subject is not in the register (``?name=`` finds them by part of the name, ``?kind=``)."""

    queryset = Organisation.objects.all()
    serializer_class = OrganisationSerializer
    filterset_class = OrganisationFilterSet
    read_capability = Capability.VIEW_INSPECTIONS
    ordering_fields = ["name"]

    def get_queryset(self):
        return selectors.organisations(user=self.request.user)


class InspectionPlanViewSet(CommitteeViewSet):
    """The committee's yearly plans, each issued as a document (e.g. 758/KH-LMHTX)."""

    # ``document_date`` orders by the date in the register (an alias: not a column of the plan).
    queryset = InspectionPlan.objects.alias(document_date=F("document__issued_on"))
    serializer_class = InspectionPlanSerializer
    filterset_class = InspectionPlanFilterSet
    ordering_fields = ["year", "document_date"]

    def perform_create(self, serializer):
        serializer.instance = services.inspection_plan_create(**serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = services.inspection_plan_update(
            plan=serializer.instance, **serializer.validated_data
        )


class InspectionViewSet(CommitteeViewSet):
    """Inspections, supervision and the committee's other activities, with their
    recommendations."""

    queryset = Inspection.objects.all()
    serializer_class = InspectionSerializer
    filterset_class = InspectionFilterSet
    ordering_fields = ["start_date", "status", "title"]

    def get_queryset(self):
        return selectors.inspection_detail(user=self.request.user)

    def perform_create(self, serializer):
        serializer.instance = services.inspection_create(**serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = services.inspection_update(
            inspection=serializer.instance, **serializer.validated_data
        )


class RecommendationViewSet(CommitteeViewSet):
    """Recommendations of inspections and their follow-up (``?inspection=`` filters)."""

    queryset = Recommendation.objects.all()
    serializer_class = RecommendationSerializer
    filterset_fields = ["inspection", "status"]
    ordering_fields = ["deadline"]

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        inspection = data.pop("inspection")
        serializer.instance = services.recommendation_create(inspection=inspection, **data)

    def perform_update(self, serializer):
        serializer.instance = services.recommendation_update(
            recommendation=serializer.instance, **serializer.validated_data
        )


class ComplaintViewSet(CommitteeViewSet):
    """Complaints, denunciations and petitions with their legal deadline. The complainant's
    personal details are given only to inspectors and administrators."""

    queryset = Complaint.objects.all()
    serializer_class = ComplaintSerializer
    filterset_class = ComplaintFilterSet
    ordering_fields = ["received_on", "accepted_on", "due_on", "status"]
    action_capabilities = {
        "summary": Capability.VIEW_INSPECTIONS,
        "transition": Capability.MANAGE_INSPECTIONS,
    }

    def get_queryset(self):
        return selectors.complaint_detail(user=self.request.user)

    def get_serializer_class(self):
        if self.action == "transition":
            return ComplaintTransitionSerializer
        return ComplaintSerializer

    def perform_create(self, serializer):
        serializer.instance = services.complaint_create(
            by=self.request.user, **serializer.validated_data
        )

    def perform_update(self, serializer):
        serializer.instance = services.complaint_update(
            complaint=serializer.instance, by=self.request.user, **serializer.validated_data
        )

    @extend_schema(request=ComplaintTransitionSerializer, responses=ComplaintSerializer)
    @action(detail=True, methods=["post"])
    def transition(self, request, pk=None):
        """Move the case to its next status (closing it needs the outcome)."""
        complaint = self.get_object()
        payload = ComplaintTransitionSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        complaint = services.complaint_transition(
            complaint=complaint, by=request.user, **payload.validated_data
        )
        complaint = self.get_queryset().get(pk=complaint.pk)
        return Response(ComplaintSerializer(complaint, context=self.get_serializer_context()).data)

    @extend_schema(
        parameters=[
            OpenApiParameter("year", OpenApiTypes.INT, required=True),
            OpenApiParameter("month", OpenApiTypes.INT, required=True),
        ],
        responses=SummarySerializer,
    )
    @action(detail=False, methods=["get"], filterset_class=None, pagination_class=None)
    def summary(self, request):
        """Inspections by status, and complaints open, overdue, received and resolved, for a
        month (for the dashboard)."""
        try:
            year = int(request.query_params.get("year", ""))
            month = int(request.query_params.get("month", ""))
            data = selectors.inspection_summary(user=request.user, year=year, month=month)
        except ValueError:
            raise ValidationError(
                {"month": _("Give the year and month as numbers, e.g. ?year=2021&month=11.")}
            ) from None
        return Response(SummarySerializer(data).data)
