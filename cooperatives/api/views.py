"""Thin endpoints over the services and selectors: a viewset picks the queryset (always scoped
by ``visible_to``), the serializers and the capability, and calls a service for each write."""

import re

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.response import Response

from accounts.access import Capability, CapabilityPermission, has_capability
from cooperatives import selectors
from cooperatives.filtersets import (
    CooperativeFilterSet,
    MonthlySubmissionFilterSet,
    PlanTargetFilterSet,
    ProvinceFilterSet,
    ProvincialUnionFilterSet,
)
from cooperatives.models import (
    Cooperative,
    MonthlySubmission,
    PlanTarget,
    Province,
    ProvincialUnion,
    month_end,
)
from cooperatives.periods import on_time_rates, period_statistics
from cooperatives.register_cache import register_generation
from cooperatives.services import register as register_services
from cooperatives.services import submissions as submission_services
from cooperatives.statistics_cache import statistics_generation
from vca_portal.api.pagination import NearerEndPagination
from vca_portal.api.read_cache import CachedReadsMixin
from vca_portal.api.viewsets import AtomicWritesMixin, PortalReadOnlyViewSet, ScopedQuerysetMixin

from . import serializers as s


class AnyCapability(BasePermission):
    """On top of ``CapabilityPermission``: the user also needs one of ``view.any_of[kind]``
    where kind is ``read`` (safe methods) or ``write``. For endpoints shared by roles whose
    capabilities differ (a provincial officer keeps their own register, staff every one)."""

    def has_permission(self, request, view) -> bool:
        kind = "read" if request.method in SAFE_METHODS else "write"
        required = getattr(view, "any_of", {}).get(kind)
        if not required:
            return True
        return any(has_capability(request.user, capability) for capability in required)


class PortalWritableViewSet(
    ScopedQuerysetMixin,
    AtomicWritesMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """List and retrieve from the scoped queryset; writes are explicit methods that call a
    service and answer with the read serializer."""

    permission_classes = [CapabilityPermission, AnyCapability]
    input_serializer_class = None

    def read_input(self, serializer_class=None, *, partial=False, **kwargs):
        serializer = (serializer_class or self.input_serializer_class)(
            data=self.request.data, partial=partial, context=self.get_serializer_context(), **kwargs
        )
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    def answer(self, instance, status_code=status.HTTP_200_OK):
        return Response(self.get_serializer(instance).data, status=status_code)


class ProvinceViewSet(PortalReadOnlyViewSet):
    """Provinces with their validity; ``?valid_on=2021-11-30`` gives the 63 of that day."""

    queryset = Province.objects.select_related("successor")
    serializer_class = s.ProvinceSerializer
    filterset_class = ProvinceFilterSet
    read_capability = Capability.VIEW_PROVINCES
    ordering_fields = ["code", "name", "valid_from"]
    pagination_class = None  # at most 97 rows


# Provincial unions --------------------------------------------------------------------------


class ProvincialUnionViewSet(PortalWritableViewSet):
    """The provincial cooperative unions and their charter approval. ``PATCH`` records the
    approval decision (staff)."""

    queryset = ProvincialUnion.objects.select_related("province")
    serializer_class = s.ProvincialUnionSerializer
    input_serializer_class = s.CharterInputSerializer
    filterset_class = ProvincialUnionFilterSet
    read_capability = Capability.VIEW_REGISTER
    write_capability = Capability.MANAGE_REGISTER
    ordering_fields = ["province__code", "charter_approved_on"]
    http_method_names = ["get", "patch", "head", "options"]

    @extend_schema(request=s.CharterInputSerializer, responses=s.ProvincialUnionSerializer)
    def partial_update(self, request, *args, **kwargs):
        data = self.read_input()
        union = register_services.provincial_union_set_charter(
            actor=request.user, union=self.get_object(), **data
        )
        return self.answer(union)

    @extend_schema(
        parameters=[s.CharterSummaryQuerySerializer], responses=s.CharterSummarySerializer
    )
    @action(detail=False, url_path="charter-summary")
    def charter_summary(self, request):
        """How many provinces valid on a date had an approved union charter by then."""
        query = s.CharterSummaryQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        return Response(selectors.charter_approval_summary(on=query.validated_data.get("on")))


# Cooperative register -----------------------------------------------------------------------


class CooperativeViewSet(CachedReadsMixin, PortalWritableViewSet, mixins.DestroyModelMixin):
    """The cooperative register. Everyone signed in reads it, except that a provincial officer
    sees and keeps only their own province's; staff keep every province's."""

    queryset = Cooperative.objects.select_related("province")
    serializer_class = s.CooperativeSerializer
    input_serializer_class = s.CooperativeInputSerializer
    filterset_class = CooperativeFilterSet
    read_capability = Capability.VIEW_REGISTER
    write_capability = Capability.VIEW_REGISTER
    any_of = {"write": (Capability.MANAGE_REGISTER, Capability.EDIT_OWN_PROVINCE)}
    ordering_fields = ["name", "registration_code", "established_on", "province__code"]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    pagination_class = NearerEndPagination
    read_cache_generations = (register_generation,)

    @extend_schema(request=s.CooperativeInputSerializer, responses={201: s.CooperativeSerializer})
    def create(self, request, *args, **kwargs):
        cooperative = register_services.cooperative_create(actor=request.user, **self.read_input())
        return self.answer(cooperative, status.HTTP_201_CREATED)

    @extend_schema(request=s.CooperativeInputSerializer, responses=s.CooperativeSerializer)
    def partial_update(self, request, *args, **kwargs):
        cooperative = self.get_object()
        data = self.read_input(partial=True, instance=cooperative)
        cooperative = register_services.cooperative_update(
            actor=request.user, cooperative=cooperative, **data
        )
        return self.answer(cooperative)

    def perform_destroy(self, instance):
        register_services.cooperative_delete(actor=self.request.user, cooperative=instance)

    @extend_schema(
        methods=["GET"], request=None, responses=s.CooperativeMemberCountSerializer(many=True)
    )
    @extend_schema(
        methods=["POST"],
        request=s.CooperativeMemberCountSerializer,
        responses={201: s.CooperativeMemberCountSerializer},
    )
    @action(detail=True, methods=["get", "post"], url_path="members")
    def members(self, request, pk=None):
        """The cooperative's members over time by type (official, associate contributing
        capital, of which legal persons); POST records a day's counts."""
        cooperative = self.get_object()
        if request.method == "GET":
            rows = cooperative.member_counts.order_by("on")
            return Response(s.CooperativeMemberCountSerializer(rows, many=True).data)
        data = self.read_input(s.CooperativeMemberCountSerializer)
        record = register_services.cooperative_record_members(
            actor=request.user, cooperative=cooperative, **data
        )
        return Response(
            s.CooperativeMemberCountSerializer(record).data, status=status.HTTP_201_CREATED
        )

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        params = self.request.query_params
        pinned = params.get("province_id") or params.get("province")
        if self.action == "list" and "ordering" not in params and pinned:
            # Every row has the same province code, so the default order (code, name) is the
            # order by name, which the (province, sector, name, id) index serves.
            queryset = queryset.order_by("name", "pk")
        return queryset

    def list(self, request, *args, **kwargs):
        """The hot list: the page is chosen from the index alone (the ids in order, an
        index-only scan from the nearer end of the list), then its rows are read by id with
        ``.values()`` and shaped as ``CooperativeSerializer`` would, without model instances or
        a serializer per row. Served from the cache while the register is unchanged."""
        return self.cached_read(self._list)

    def retrieve(self, request, *args, **kwargs):
        return self.cached_read(lambda: super(CooperativeViewSet, self).retrieve(request))

    def _list(self):
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset.values_list("pk", flat=True))
        ids = list(queryset.values_list("pk", flat=True)) if page is None else list(page)
        rows = {
            row["id"]: row
            for row in Cooperative.objects.filter(pk__in=ids).values(*s.COOPERATIVE_LIST_VALUES)
        }
        history = selectors.province_history_by_id()
        data = [s.cooperative_row(rows[pk], history) for pk in ids]
        return Response(data) if page is None else self.get_paginated_response(data)


# Plan targets -------------------------------------------------------------------------------


class PlanTargetViewSet(PortalWritableViewSet):
    """Yearly targets of active cooperatives. ``POST`` sets the target of a year (national, or
    with ``province``), replacing the one there was."""

    queryset = PlanTarget.objects.select_related("province")
    serializer_class = s.PlanTargetSerializer
    input_serializer_class = s.PlanTargetInputSerializer
    filterset_class = PlanTargetFilterSet
    read_capability = Capability.VIEW_STATISTICS
    write_capability = Capability.MANAGE_PLANS
    ordering_fields = ["year", "province__code"]
    http_method_names = ["get", "post", "head", "options"]

    @extend_schema(request=s.PlanTargetInputSerializer, responses={200: s.PlanTargetSerializer})
    def create(self, request, *args, **kwargs):
        target = register_services.plan_target_set(actor=request.user, **self.read_input())
        return self.answer(target)


# Monthly submissions ------------------------------------------------------------------------

ETAG = re.compile(r'^\s*(?:W/)?"?(\d+)"?\s*$')


def requested_version(request, body_version: int | None) -> int | None:
    """The version an edit or step started from: the ``version`` field, else ``If-Match``."""
    if body_version is not None:
        return body_version
    header = request.headers.get("If-Match")
    if not header:
        return None
    match = ETAG.match(header)
    if match is None:
        raise ValidationError({"version": [_('If-Match must be the version, e.g. "3".')]})
    return int(match[1])


@extend_schema_view(
    list=extend_schema(
        description="Submissions the user may see: a provincial officer their own province's, "
        "leadership submitted and approved ones, an API client approved ones."
    )
)
class MonthlySubmissionViewSet(CachedReadsMixin, PortalWritableViewSet):
    """Monthly cooperative counts of the provinces and their workflow.

    Edits and steps take the version they started from (``version`` or ``If-Match``); a stale
    one answers 412, a step that does not fit the status 409, and nothing changes."""

    queryset = MonthlySubmission.objects.select_related("province")
    serializer_class = s.MonthlySubmissionSerializer
    filterset_class = MonthlySubmissionFilterSet
    read_capability = Capability.VIEW_STATISTICS
    any_of = {"read": (Capability.VIEW_ALL_SUBMISSIONS, Capability.EDIT_OWN_PROVINCE)}
    action_capabilities = {
        "create": Capability.EDIT_OWN_PROVINCE,
        "partial_update": Capability.EDIT_OWN_PROVINCE,
        "submit": Capability.EDIT_OWN_PROVINCE,
        "approve": Capability.REVIEW_SUBMISSIONS,
        "return_": Capability.REVIEW_SUBMISSIONS,
        "reopen": Capability.REVIEW_SUBMISSIONS,
    }
    ordering_fields = ["year", "month", "province__code", "submitted_at", "updated_at"]
    http_method_names = ["get", "post", "patch", "head", "options"]
    # Submissions, plan targets and provinces: whatever the answers are made of.
    read_cache_generations = (statistics_generation,)

    def get_serializer_class(self):
        if self.action == "list":
            return s.MonthlySubmissionSerializer
        if self.action == "history":
            return s.SubmissionEventSerializer
        return s.MonthlySubmissionDetailSerializer

    def answer(self, instance, status_code=status.HTTP_200_OK):
        response = super().answer(instance, status_code)
        response["ETag"] = f'"{instance.version}"'
        return response

    def list(self, request, *args, **kwargs):
        return self.cached_read(lambda: super(MonthlySubmissionViewSet, self).list(request))

    def retrieve(self, request, *args, **kwargs):
        return self.cached_read(lambda: self.answer(self.get_object()))

    @extend_schema(
        request=s.SubmissionCreateSerializer, responses={201: s.MonthlySubmissionDetailSerializer}
    )
    def create(self, request, *args, **kwargs):
        data = self.read_input(s.SubmissionCreateSerializer)
        province = submission_services.resolve_province(
            code=data.pop("province"), year=data["year"], month=data["month"]
        )
        submission = submission_services.submission_create(
            actor=request.user, province=province, **data
        )
        return self.answer(submission, status.HTTP_201_CREATED)

    @extend_schema(
        request=s.SubmissionUpdateSerializer,
        responses=s.MonthlySubmissionDetailSerializer,
        parameters=[OpenApiParameter("If-Match", str, OpenApiParameter.HEADER, required=False)],
    )
    def partial_update(self, request, *args, **kwargs):
        submission = self.get_object()
        data = dict(self.read_input(s.SubmissionUpdateSerializer, partial=True))
        version = requested_version(request, data.pop("version", None))
        submission = submission_services.submission_update(
            actor=request.user, submission=submission, version=version, **data
        )
        return self.answer(submission)

    def _step(self, service, serializer_class, **extra):
        submission = self.get_object()
        data = dict(self.read_input(serializer_class))
        version = requested_version(self.request, data.pop("version", None))
        submission = service(
            actor=self.request.user, submission=submission, version=version, **data, **extra
        )
        return self.answer(submission)

    @extend_schema(request=s.TransitionSerializer, responses=s.MonthlySubmissionDetailSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        """Draft or returned → submitted (the province's officer)."""
        return self._step(submission_services.submission_submit, s.TransitionSerializer)

    @extend_schema(request=s.TransitionSerializer, responses=s.MonthlySubmissionDetailSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        """Submitted → approved (staff); the figures are then locked."""
        return self._step(submission_services.submission_approve, s.TransitionSerializer)

    @extend_schema(
        request=s.ReasonTransitionSerializer, responses=s.MonthlySubmissionDetailSerializer
    )
    @action(detail=True, methods=["post"], url_path="return")
    def return_(self, request, pk=None):
        """Submitted → returned to the province, with a reason (staff)."""
        return self._step(submission_services.submission_return, s.ReasonTransitionSerializer)

    @extend_schema(
        request=s.ReasonTransitionSerializer, responses=s.MonthlySubmissionDetailSerializer
    )
    @action(detail=True, methods=["post"])
    def reopen(self, request, pk=None):
        """Approved → returned, to revise a locked figure, with a reason (staff)."""
        return self._step(submission_services.submission_reopen, s.ReasonTransitionSerializer)

    @extend_schema(responses=s.SubmissionEventSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None, filterset_class=None)
    def history(self, request, pk=None):
        """Every edit and step: who, when, the version, the figures before and after, why."""
        submission = self.get_object()
        events = submission.history.select_related("actor").order_by("version")
        return Response(s.SubmissionEventSerializer(events, many=True).data)


# Statistics ---------------------------------------------------------------------------------


class StatisticsViewSet(CachedReadsMixin, viewsets.ViewSet):
    """National statistics by one rule (``selectors.national_month``): the contract outside
    systems rely on."""

    read_capability = Capability.VIEW_STATISTICS
    action_capabilities = {"register_discrepancies": Capability.REVIEW_SUBMISSIONS}
    throttle_scope = "statistics"
    read_cache_generations = (statistics_generation,)

    def _query(self, serializer_class):
        serializer = serializer_class(data=self.request.query_params)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    @extend_schema(
        parameters=[s.MonthlyStatisticsQuerySerializer], responses=s.MonthlyStatisticsSerializer
    )
    @action(detail=False)
    def monthly(self, request):
        """One month: established and dissolved by sector, active, against the year's plan,
        how many provinces are in (approved / submitted / missing) and one row per province
        valid that month. Until every province is approved the month is ``provisional``: a
        province not counted carries its last approved active total (``carried``), and the plan
        percentage is not given."""
        query = self._query(s.MonthlyStatisticsQuerySerializer)

        def read() -> Response:
            figures = selectors.monthly_statistics(
                year=query["year"], month=query["month"], basis=query["basis"]
            )
            provinces = selectors.with_province_history(
                figures["provinces"], on=month_end(query["year"], query["month"])
            )
            return Response({**figures, "provinces": provinces})

        return self.cached_read(read)

    @extend_schema(
        parameters=[
            OpenApiParameter("from", str, required=True, description="YYYY-MM"),
            OpenApiParameter("to", str, required=True, description="YYYY-MM"),
            OpenApiParameter("province", str, description="GSO code"),
            OpenApiParameter("geography", str, enum=["historical", "current"]),
            OpenApiParameter("basis", str, enum=["approved", "submitted"]),
        ],
        responses=s.SeriesPointSerializer(many=True),
    )
    @action(detail=False)
    def series(self, request):
        """Month by month, nationally or for one province; ``geography=current`` sums the
        months before July 2025 into today's 34 provinces."""
        return self.cached_read(self._series)

    def _series(self) -> Response:
        query = self._query(s.SeriesQuerySerializer)
        code = query.get("province")
        if code and query["geography"] == "current":
            if not Province.objects.current().filter(code=code).exists():
                raise ValidationError(
                    {
                        "province": [
                            _("No current province has the code “%(code)s”.") % {"code": code}
                        ]
                    }
                )
        elif code and not Province.objects.filter(code=code).exists():
            raise ValidationError(
                {"province": [_("No province has ever had the code “%(code)s”.") % {"code": code}]}
            )
        return Response(
            selectors.statistics_series(
                start=query["from"],
                end=query["to"],
                province_code=code,
                geography=query["geography"],
                basis=query["basis"],
            )
        )

    @extend_schema(
        parameters=[s.PeriodStatisticsQuerySerializer], responses=s.PeriodStatisticsSerializer
    )
    @action(detail=False)
    def period(self, request):
        """A quarter or a year (``period=quarter&quarter=4`` or ``period=year``): its months'
        flows summed and its last month's stock, against the year's plan, beside the same months
        of the year before, month by month and per province in both geographies. A period in
        progress runs to the last closed month (``complete`` false); it is ``provisional`` while
        any of its months is."""
        query = self._query(s.PeriodStatisticsQuerySerializer)
        # Not kept whole in the read cache: how far a period in progress runs depends on the day;
        # its months come from the statistics cache.
        figures = period_statistics(
            kind=query["period"],
            year=query["year"],
            quarter=query.get("quarter"),
            basis=query["basis"],
        )
        figures["provinces"] = selectors.with_province_history(figures["provinces"])
        return Response(figures)

    @extend_schema(parameters=[s.OnTimeQuerySerializer], responses=s.OnTimeSerializer)
    @action(detail=False, url_path="on-time")
    def on_time(self, request):
        """Per province, its months of a year (the closed ones): on time (sent by the deadline
        and approved without being returned), late, returned, awaiting review or not
        reported, and its on-time rate; the national rate beside them."""
        query = self._query(s.OnTimeQuerySerializer)
        rates = on_time_rates(year=query["year"])
        return Response({**rates, "provinces": selectors.with_province_history(rates["provinces"])})

    @extend_schema(
        parameters=[s.MonthlyQuerySerializer], responses=s.RegisterDiscrepancySerializer(many=True)
    )
    @action(detail=False, url_path="register-discrepancies")
    def register_discrepancies(self, request):
        """Per province, the register's counts for a month next to the submitted ones."""
        query = self._query(s.MonthlyQuerySerializer)
        rows = selectors.register_discrepancies(year=query["year"], month=query["month"])
        return Response(
            selectors.with_province_history(rows, on=month_end(query["year"], query["month"]))
        )
