"""The provincial officer's pages: the year grid, the entry form, a submission with its
history, and the staff's review actions on it. Every write goes through
``services.submissions``."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from accounts.access import Capability, has_capability, officer_province_ids
from vca_portal import clock
from vca_portal.errors import ConflictError, StaleVersionError
from vca_portal.numbers import grouped

from ..choices import COOPERATIVE_LAW_2023_IN_FORCE, EDITABLE_STATUSES, SubmissionStatus
from ..forms import (
    ReasonForm,
    SubmissionForm,
    TemplateForm,
    UploadForm,
    VersionForm,
    add_service_errors,
)
from ..models import FIGURE_FIELDS, MonthlySubmission, SubmissionEvent, month_end
from ..selectors import (
    previous_active_total,
    reminders_open,
    stock_flow_check,
    submission_completeness,
    submission_deadline,
)
from ..services.submissions import (
    submission_approve,
    submission_create,
    submission_reopen,
    submission_return,
    submission_submit,
    submission_update,
)
from .common import AnyCapabilityMixin, own_provinces, province_label, visible_submission

C = Capability


def _year(request, default: int) -> int:
    try:
        year = int(request.GET.get("year", default))
    except (TypeError, ValueError):
        return default
    return year if 2000 <= year <= 2100 else default


class SubmissionIndexView(AnyCapabilityMixin, TemplateView):
    """The officer's year: one row per province they answer for (a current province and, for
    the months before July 2025, the provinces merged into it), a cell per month."""

    required_capabilities = (C.EDIT_OWN_PROVINCE,)
    template_name = "cooperatives/submission_index.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = clock.today()
        year = _year(self.request, today.year)
        own = officer_province_ids(self.request.user)
        rows = submission_completeness(year=year, province_ids=own)
        rows = [row for row in rows if any(row["months"].values())]
        provinces = own_provinces(self.request.user).filter(pk__in=own)
        notes = {province.pk: province.history_note for province in provinces}
        for row in rows:
            row["history_note"] = notes.get(row["province_id"], "")
        template_form = TemplateForm(
            provinces=provinces,
            initial={
                "province": self.request.user.province_id,
                "start": f"{year}-01",
                "end": f"{year}-{12 if year < today.year else today.month:02d}",
            },
        )
        template_form.fields["province"].label_from_instance = province_label
        context.update(
            year=year,
            years=range(today.year, 2020, -1),
            months=range(1, 13),
            rows=rows,
            template_form=template_form,
            upload_form=UploadForm(),
            reminders=list(reminders_open(province_ids=own)),
        )
        return context


class SubmissionFormMixin:
    template_name = "cooperatives/submission_form.html"

    def render_form(self, form, *, province, year, month, submission=None, status=200):
        context = {
            "form": form,
            "province": province,
            "year": year,
            "month": month,
            "submission": submission,
            "deadline": submission_deadline(year=year, month=month),
            "previous_active": previous_active_total(province=province, year=year, month=month),
        }
        return render(self.request, self.template_name, context, status=status)


class SubmissionCreateView(AnyCapabilityMixin, SubmissionFormMixin, View):
    """The first entry of a province-month; saved as a draft, or saved and submitted."""

    required_capabilities = (C.EDIT_OWN_PROVINCE,)

    def setup_period(self, province_id: int, year: int, month: int):
        province = get_object_or_404(own_provinces(self.request.user), pk=province_id)
        if not (1 <= month <= 12 and 2000 <= year <= 2100):
            raise Http404
        if not province.is_valid_on(month_end(year, month)):
            raise Http404
        existing = MonthlySubmission.objects.filter(
            province=province, year=year, month=month
        ).first()
        return province, existing

    def get(self, request, province_id: int, year: int, month: int):
        province, existing = self.setup_period(province_id, year, month)
        if existing is not None:
            return redirect("cooperatives:submission-detail", pk=existing.pk)
        return self.render_form(
            SubmissionForm.for_submission(None, groups_reported=_groups(year, month)),
            province=province,
            year=year,
            month=month,
        )

    def post(self, request, province_id: int, year: int, month: int):
        province, existing = self.setup_period(province_id, year, month)
        if existing is not None:
            messages.error(request, _("This month has been entered already; here it is."))
            return redirect("cooperatives:submission-detail", pk=existing.pk)
        form = SubmissionForm(request.POST, groups_reported=_groups(year, month))
        submit = request.POST.get("action") == "submit"
        if form.is_valid():
            try:
                with transaction.atomic():
                    submission = submission_create(
                        actor=request.user,
                        province=province,
                        year=year,
                        month=month,
                        **form.figures(),
                    )
                    if submit:
                        submission = submission_submit(
                            actor=request.user, submission=submission, version=submission.version
                        )
            except ValidationError as error:
                add_service_errors(form, error)
            except (ConflictError, StaleVersionError, PermissionDenied) as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _saved_message(submission, submit))
                return redirect("cooperatives:submission-detail", pk=submission.pk)
        return self.render_form(form, province=province, year=year, month=month, status=400)


def _groups(year: int, month: int) -> bool:
    """Whether the month's form asks for cooperative groups (from 07/2024, the 2023 Law)."""
    return (year, month) >= COOPERATIVE_LAW_2023_IN_FORCE


def _saved_message(submission: MonthlySubmission, submitted: bool) -> str:
    values = {"month": submission.month, "year": submission.year}
    if submitted:
        return _("The figures of %(month)02d/%(year)d were submitted for review.") % values
    return _("The figures of %(month)02d/%(year)d were saved as a draft.") % values


class SubmissionEditView(AnyCapabilityMixin, SubmissionFormMixin, View):
    """Edit a draft or returned month, starting from the version shown in the form."""

    required_capabilities = (C.EDIT_OWN_PROVINCE,)

    def get(self, request, pk: int):
        submission = visible_submission(request.user, pk)
        if submission.status not in EDITABLE_STATUSES:
            messages.info(request, _("Only a draft or returned submission can be edited."))
            return redirect("cooperatives:submission-detail", pk=pk)
        return self.render_form(
            SubmissionForm.for_submission(
                submission, groups_reported=_groups(submission.year, submission.month)
            ),
            province=submission.province,
            year=submission.year,
            month=submission.month,
            submission=submission,
        )

    def post(self, request, pk: int):
        submission = visible_submission(request.user, pk)
        form = SubmissionForm(
            request.POST, groups_reported=_groups(submission.year, submission.month)
        )
        submit = request.POST.get("action") == "submit"
        if form.is_valid():
            try:
                with transaction.atomic():
                    saved = submission_update(
                        actor=request.user,
                        submission=submission,
                        version=form.cleaned_data["version"],
                        **form.figures(),
                    )
                    if submit:
                        saved = submission_submit(
                            actor=request.user, submission=saved, version=saved.version
                        )
            except ValidationError as error:
                add_service_errors(form, error)
            except StaleVersionError as error:
                form.add_error(None, str(error))
                submission.refresh_from_db()
            except (ConflictError, PermissionDenied) as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _saved_message(saved, submit))
                return redirect("cooperatives:submission-detail", pk=saved.pk)
        return self.render_form(
            form,
            province=submission.province,
            year=submission.year,
            month=submission.month,
            submission=submission,
            status=409 if form.non_field_errors() else 400,
        )


def _shown(value) -> str | None:
    """A figure of the history as the reader writes it: "Có"/"Không", 26.661."""
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, int):
        return grouped(value)
    return value


def _history(submission: MonthlySubmission) -> list[dict]:
    labels = {name: MonthlySubmission._meta.get_field(name).verbose_name for name in FIGURE_FIELDS}
    entries = []
    events = SubmissionEvent.objects.filter(submission=submission).select_related("actor")
    for event in events.order_by("at", "pk"):
        before = event.before or {}
        changes = [
            {
                "label": labels[name],
                "before": _shown(before.get(name)),
                "after": _shown(event.after.get(name)),
            }
            for name in FIGURE_FIELDS
            if name in event.after
            and (event.before is None or before.get(name) != event.after[name])
        ]
        entries.append({"event": event, "changes": changes})
    return entries


class SubmissionDetailView(AnyCapabilityMixin, TemplateView):
    """A submission with its figures, the stock-flow check, its history and the actions the
    user may take on it (the staff's review page)."""

    required_capabilities = (C.EDIT_OWN_PROVINCE, C.VIEW_ALL_SUBMISSIONS, C.REVIEW_SUBMISSIONS)
    template_name = "cooperatives/submission_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        submission = visible_submission(user, kwargs["pk"])
        check = stock_flow_check(
            province=submission.province,
            year=submission.year,
            month=submission.month,
            established=submission.established_total,
            dissolved=submission.dissolved_total,
            active_total=submission.active_total,
        )
        is_officer = has_capability(user, C.EDIT_OWN_PROVINCE)
        reviewer = has_capability(user, C.REVIEW_SUBMISSIONS)
        editable = submission.status in EDITABLE_STATUSES
        context.update(
            submission=submission,
            check=check,
            history=_history(submission),
            deadline=submission_deadline(year=submission.year, month=submission.month),
            can_edit=is_officer and editable,
            can_review=reviewer and submission.status == SubmissionStatus.SUBMITTED,
            can_reopen=reviewer and submission.status == SubmissionStatus.APPROVED,
            version_form=VersionForm(initial={"version": submission.version}),
            reason_form=ReasonForm(initial={"version": submission.version}),
            back_url=reverse("cooperatives:completeness")
            if has_capability(user, C.VIEW_ALL_SUBMISSIONS)
            else reverse("cooperatives:submission-index"),
        )
        return context


class _TransitionView(AnyCapabilityMixin, View):
    """POST only: one workflow step, then back to the submission with what happened."""

    form_class = VersionForm
    success_message = ""

    def act(self, submission, form):  # pragma: no cover - every subclass defines it
        raise NotImplementedError

    def post(self, request, pk: int):
        submission = visible_submission(request.user, pk)
        form = self.form_class(request.POST)
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
            return redirect("cooperatives:submission-detail", pk=pk)
        try:
            self.act(submission, form)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        except (ConflictError, StaleVersionError, PermissionDenied) as error:
            messages.error(request, str(error))
        else:
            messages.success(request, self.success_message)
        return redirect("cooperatives:submission-detail", pk=pk)


class SubmissionSubmitView(_TransitionView):
    required_capabilities = (C.EDIT_OWN_PROVINCE,)

    def act(self, submission, form):
        submission_submit(
            actor=self.request.user, submission=submission, version=form.cleaned_data["version"]
        )
        self.success_message = _("The figures were submitted for review.")


class SubmissionApproveView(_TransitionView):
    required_capabilities = (C.REVIEW_SUBMISSIONS,)

    def act(self, submission, form):
        submission_approve(
            actor=self.request.user, submission=submission, version=form.cleaned_data["version"]
        )
        self.success_message = _("The figures were approved.")


class SubmissionReturnView(_TransitionView):
    required_capabilities = (C.REVIEW_SUBMISSIONS,)
    form_class = ReasonForm

    def act(self, submission, form):
        submission_return(
            actor=self.request.user,
            submission=submission,
            reason=form.cleaned_data["reason"],
            version=form.cleaned_data["version"],
        )
        self.success_message = _("The submission was returned to the province.")


class SubmissionReopenView(_TransitionView):
    required_capabilities = (C.REVIEW_SUBMISSIONS,)
    form_class = ReasonForm

    def act(self, submission, form):
        submission_reopen(
            actor=self.request.user,
            submission=submission,
            reason=form.cleaned_data["reason"],
            version=form.cleaned_data["version"],
        )
        self.success_message = _("The submission was reopened for correction.")
