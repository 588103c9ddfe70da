from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import DetailView, ListView, TemplateView, View

from accounts.access import Capability, CapabilityRequiredMixin, has_capability, visible_to

from . import services
from .api.serializers import report_summary
from .choices import ReportKind
from .forms import MonthForm, PeriodForm
from .models import Report
from .selectors import (
    dashboard_data,
    dashboard_default_month,
    late_count,
    previous_month,
    report_list,
)


class DashboardView(CapabilityRequiredMixin, TemplateView):
    """Leadership's home: a month's figures against plan, trends, provinces, tasks,
    complaints and meetings. Charts are drawn by ``static/js/reports.js`` from the API;
    every chart has its table."""

    required_capability = Capability.VIEW_DASHBOARD
    template_name = "reports/dashboard.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = MonthForm(self.request.GET or None)
        if form.is_bound and form.is_valid():
            year, month = form.period()
        else:
            year, month = dashboard_default_month()
            form = MonthForm(initial=MonthForm.initial_for(year, month))
        data = dashboard_data(user=self.request.user, year=year, month=month)
        context.update(
            form=form,
            late_count=late_count(data["statistics"]),
            year=year,
            month=month,
            data=data,
            api_url=f"{reverse('api-dashboard')}?year={year}&month={month}",
            can_view_reports=has_capability(self.request.user, Capability.VIEW_REPORTS),
        )
        return context


class ReportListView(CapabilityRequiredMixin, ListView):
    """Every version of every month's report, and (for staff) a form to build one."""

    required_capability = Capability.VIEW_REPORTS
    template_name = "reports/report_list.html"
    context_object_name = "reports"
    paginate_by = 24

    def get_queryset(self):
        return report_list(user=self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        year, month = previous_month()
        context["can_build"] = has_capability(self.request.user, Capability.BUILD_REPORTS)
        context["form"] = MonthForm(initial=MonthForm.initial_for(year, month))
        context["period_form"] = PeriodForm(
            initial={"kind": ReportKind.QUARTER, "year": year, "quarter": (month - 1) // 3 + 1}
        )
        return context


class ReportBuildView(CapabilityRequiredMixin, View):
    """Request a build from the browser; the report page then shows its progress."""

    required_capability = Capability.BUILD_REPORTS
    http_method_names = ["post"]

    def post(self, request):
        if request.POST.get("kind") in (ReportKind.QUARTER, ReportKind.YEAR):
            form = PeriodForm(request.POST)
            if not form.is_valid():
                for errors in form.errors.values():
                    for message in errors:
                        messages.error(request, message)
                return redirect("reports:report-list")
            period = form.period()
        else:
            form = MonthForm(request.POST)
            if not form.is_valid():
                messages.error(request, _("Choose a valid month."))
                return redirect("reports:report-list")
            year, month = form.period()
            period = {"kind": ReportKind.MONTH, "year": year, "month": month}
        try:
            report = services.report_request(**period, requested_by=request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return redirect("reports:report-list")
        # The report page says whether it is still being built or already done (where builds
        # run in-process, the build ends when this request commits, before the page is shown).
        return redirect(f"{reverse('reports:report-detail', args=[report.pk])}?requested=1")


class ReportDetailView(CapabilityRequiredMixin, DetailView):
    """The printable report; while it builds, its progress (polled from the API)."""

    required_capability = Capability.VIEW_REPORTS
    template_name = "reports/report_detail.html"
    context_object_name = "report"

    def get_object(self, queryset=None):
        return get_object_or_404(
            visible_to(self.request.user, Report.objects.select_related("requested_by")),
            pk=self.kwargs["pk"],
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        report = self.object
        context.update(
            snapshot=report.snapshot,
            late_count=late_count(report.snapshot.get("statistics") or {}),
            summary=report_summary(report.snapshot) if report.is_ready else None,
            can_build=has_capability(self.request.user, Capability.BUILD_REPORTS),
            can_draft=has_capability(self.request.user, Capability.MANAGE_WORK),
            just_requested="requested" in self.request.GET,
            status_url=reverse("report-detail", kwargs={"pk": report.pk}),
            xlsx_url=reverse("report-xlsx", kwargs={"pk": report.pk}),
            other_versions=Report.objects.filter(
                kind=report.kind, year=report.year, month=report.month
            )
            .exclude(pk=report.pk)
            .defer("snapshot")
            .order_by("-version"),
        )
        return context
