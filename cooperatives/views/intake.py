"""The Excel template download and the upload of a filled workbook (officers)."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from accounts.access import Capability, visible_to
from vca_portal import clock

from ..excel import XLSX_CONTENT_TYPE, build_template, months_between, template_filename
from ..forms import TemplateForm, UploadForm
from ..models import MonthlySubmission, month_end
from ..services.intake import IntakeRefused, submissions_upload, upload_size_limit
from .common import AnyCapabilityMixin, own_provinces

C = Capability


class TemplateDownloadView(AnyCapabilityMixin, View):
    """The workbook of one of the officer's provinces for a range of months, prefilled with
    what is on file."""

    required_capabilities = (C.EDIT_OWN_PROVINCE,)

    def get(self, request):
        form = TemplateForm(request.GET, provinces=own_provinces(request.user))
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
            return redirect("cooperatives:submission-index")
        province = form.cleaned_data["province"]
        today = clock.today()
        months = [
            (year, month)
            for year, month in months_between(form.cleaned_data["start"], form.cleaned_data["end"])
            if (year, month) <= (today.year, today.month)
            and province.is_valid_on(month_end(year, month))
        ]
        if not months:
            messages.error(
                request, _("%(province)s reports no month in that period.") % {"province": province}
            )
            return redirect("cooperatives:submission-index")
        submissions = visible_to(request.user, MonthlySubmission.objects.all()).filter(
            province=province,
            year__gte=months[0][0],
            year__lte=months[-1][0],
        )
        content = build_template(province=province, months=months, submissions=list(submissions))
        response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
        filename = template_filename(province, months)
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response


class UploadView(AnyCapabilityMixin, View):
    """Upload a filled workbook: every month saved, or nothing and every problem listed."""

    required_capabilities = (C.EDIT_OWN_PROVINCE,)
    template_name = "cooperatives/upload.html"

    def get(self, request):
        return render(request, self.template_name, {"form": UploadForm(), "errors": []})

    def post(self, request):
        form = UploadForm(request.POST, request.FILES)
        errors: list[str] = []
        if form.is_valid():
            upload = form.cleaned_data["file"]
            limit = upload_size_limit()
            if upload.size > limit:
                errors = [
                    _("The file is larger than %(limit)s MB; split it by period.")
                    % {"limit": f"{limit / (1024 * 1024):g}"}
                ]
            else:
                try:
                    result = submissions_upload(
                        actor=request.user, data=upload.read(), filename=upload.name
                    )
                except IntakeRefused as refused:
                    errors = refused.messages
                else:
                    messages.success(
                        request,
                        _(
                            "%(saved)d month(s) saved as drafts, %(unchanged)d unchanged."
                            " Check them and submit each month."
                        )
                        % {"saved": len(result.saved), "unchanged": result.unchanged},
                    )
                    return redirect("cooperatives:submission-index")
        return render(request, self.template_name, {"form": form, "errors": errors}, status=400)
