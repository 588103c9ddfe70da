"""The staff's overview pages: the completeness matrix and the reminders list."""

from django.views.generic import TemplateView

from accounts.access import Capability, has_capability, visible_to
from vca_portal import clock

from ..choices import REPORTED_STATUSES, STATUS_MISSING, SubmissionStatus
from ..models import MonthlySubmission
from ..selectors import (
    previous_month,
    provinces_not_reported,
    reminders_sent,
    submission_completeness,
)
from ..services.reminders import answering_officers
from .common import AnyCapabilityMixin
from .submissions import _year

C = Capability
AWAITING_LIMIT = 100


class CompletenessView(AnyCapabilityMixin, TemplateView):
    """Provinces × months of a year with each month's status and lateness, in the geography of
    each month (the 63 former provinces until 06/2025, the 34 current ones after). Leadership
    sees it read-only."""

    required_capabilities = (C.REVIEW_SUBMISSIONS, C.VIEW_ALL_SUBMISSIONS)
    template_name = "cooperatives/completeness.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = clock.today()
        year = _year(self.request, today.year)
        reviewer = has_capability(self.request.user, C.REVIEW_SUBMISSIONS)
        rows = submission_completeness(year=year)
        openable = set(
            visible_to(self.request.user, MonthlySubmission.objects.filter(year=year)).values_list(
                "pk", flat=True
            )
        )
        totals = {month: {"expected": 0, "reported": 0, "approved": 0} for month in range(1, 13)}
        for row in rows:
            for month, cell in row["months"].items():
                if cell is None:
                    continue
                totals[month]["expected"] += 1
                if cell["status"] in REPORTED_STATUSES:
                    totals[month]["reported"] += 1
                if cell["status"] == SubmissionStatus.APPROVED:
                    totals[month]["approved"] += 1
                # A cell links to the submission only when the user's scope lets them open it
                # (leadership: what has been submitted; staff: everything).
                cell["linked"] = cell["submission_id"] in openable
        awaiting = []
        if reviewer:
            awaiting = (
                visible_to(self.request.user, MonthlySubmission.objects.all())
                .filter(status=SubmissionStatus.SUBMITTED)
                .select_related("province")
                .order_by("submitted_at", "pk")[:AWAITING_LIMIT]
            )
        context.update(
            awaiting=awaiting,
            year=year,
            years=range(today.year, 2020, -1),
            months=range(1, 13),
            rows=rows,
            totals=[totals[month] for month in range(1, 13)],
            reviewer=reviewer,
        )
        return context


class RemindersView(AnyCapabilityMixin, TemplateView):
    """The provinces that have not reported a month (nothing entered, a draft, or returned and
    not resubmitted), with their officers to contact."""

    required_capabilities = (C.REVIEW_SUBMISSIONS,)
    template_name = "cooperatives/reminders.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = clock.today()
        year, month = previous_month(today.year, today.month)
        try:
            year = int(self.request.GET.get("year", year))
            month = int(self.request.GET.get("month", month))
        except (TypeError, ValueError):
            pass
        if not (2000 <= year <= 2100 and 1 <= month <= 12) or (year, month) > (
            today.year,
            today.month,
        ):
            year, month = previous_month(today.year, today.month)
        provinces = list(provinces_not_reported(year=year, month=month))
        ids = [province.pk for province in provinces]
        submissions = {
            row["province_id"]: row
            for row in MonthlySubmission.objects.filter(
                year=year, month=month, province__in=ids
            ).values("pk", "province_id", "status")
        }
        officers = answering_officers(provinces)
        sent = reminders_sent(year=year, month=month)
        rows = []
        for province in provinces:
            submission = submissions.get(province.pk)
            rows.append(
                {
                    "province": province,
                    "status": submission["status"] if submission else STATUS_MISSING,
                    "submission_id": submission["pk"] if submission else None,
                    "officers": officers[province.pk],
                    "reminders": sent.get(province.pk, []),
                }
            )
        context.update(
            year=year,
            month=month,
            rows=rows,
            months=range(1, 13),
            years=range(today.year, 2020, -1),
        )
        return context
