from django.http import FileResponse, Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.access import Capability
from cooperatives.statistics_cache import statistics_generation
from vca_portal.api.read_cache import CachedReadsMixin
from vca_portal.api.viewsets import AtomicWritesMixin, PortalReadOnlyViewSet

from .. import dashboard_cache, services
from ..dashboard_cache import dashboard_generation
from ..filtersets import ReportFilterSet
from ..models import Report
from ..selectors import dashboard_data, dashboard_default_month, report_list
from .serializers import (
    ReportAcceptedSerializer,
    ReportDetailSerializer,
    ReportListSerializer,
    ReportRequestSerializer,
)


class ReportViewSet(AtomicWritesMixin, PortalReadOnlyViewSet):
    """Statistical reports of a month, a quarter or a year (``period``): list, status and
    figures of one, its workbook; staff request builds."""

    queryset = Report.objects.all()
    filterset_class = ReportFilterSet
    ordering_fields = ["year", "month", "version", "requested_at"]
    read_capability = Capability.VIEW_REPORTS
    action_capabilities = {"create": Capability.BUILD_REPORTS}

    def get_queryset(self):
        queryset = report_list(user=self.request.user)
        if self.action in ("retrieve", "xlsx"):
            queryset = queryset.defer(None)
        return queryset

    def get_serializer_class(self):
        if self.action == "create":
            return ReportRequestSerializer
        if self.action == "list":
            return ReportListSerializer
        return ReportDetailSerializer

    @extend_schema(
        request=ReportRequestSerializer,
        responses={202: ReportAcceptedSerializer},
        summary="Request a build of a month's, a quarter's or a year's report",
    )
    def create(self, request, *args, **kwargs):
        serializer = ReportRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        report = services.report_request(**serializer.validated_data, requested_by=request.user)
        return Response(
            {
                "id": report.pk,
                "status": report.status,
                "url": request.build_absolute_uri(ReportListSerializer().get_url(report)),
            },
            status=status.HTTP_202_ACCEPTED,
        )

    @extend_schema(
        responses={
            (200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"): (
                OpenApiTypes.BINARY
            ),
            404: OpenApiResponse(description="Not built (yet)."),
        },
        summary="The report's Excel workbook",
    )
    @action(detail=True, methods=["get"])
    def xlsx(self, request, pk=None):
        report = self.get_object()
        if not report.is_ready or not report.workbook:
            raise Http404(_("This report has no workbook yet."))
        return FileResponse(
            report.workbook.open("rb"),
            as_attachment=True,
            filename=f"bao-cao-thong-ke-{services.report_slug(report)}-v{report.version}.xlsx",
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )


class DashboardQuerySerializer(serializers.Serializer):
    year = serializers.IntegerField(min_value=2000, max_value=2100, required=False)
    month = serializers.IntegerField(min_value=1, max_value=12, required=False)


class DashboardView(CachedReadsMixin, APIView):
    """The leadership dashboard's figures for a month (default: last month)."""

    read_capability = Capability.VIEW_DASHBOARD
    # What the dashboard shows (``reports.dashboard_cache``), kept as long as its figures are.
    read_cache_generations = (statistics_generation, dashboard_generation)
    read_cache_timeout = dashboard_cache.TIMEOUT

    @extend_schema(
        parameters=[
            OpenApiParameter("year", int, description="Default: last month's year."),
            OpenApiParameter("month", int, description="1-12. Default: last month."),
        ],
        responses={200: OpenApiTypes.OBJECT},
        summary="Dashboard figures for a month",
    )
    def get(self, request):
        return self.cached_read(self._dashboard)

    def _dashboard(self) -> Response:
        query = DashboardQuerySerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        chosen = query.validated_data
        if "year" in chosen and "month" in chosen:
            year, month = chosen["year"], chosen["month"]
        else:
            year, month = dashboard_default_month()
            year, month = chosen.get("year", year), chosen.get("month", month)
        return Response(dashboard_data(user=self.request.user, year=year, month=month))
