"""The cooperative register: list with filters, export, detail, create and edit. A provincial
officer sees and keeps only their own province's entries (``visible_to``), everywhere."""

import csv

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from accounts.access import Capability, has_capability, visible_to
from vca_portal.errors import ConflictError

from ..excel import XLSX_CONTENT_TYPE
from ..forms import CooperativeFilterForm, CooperativeForm, add_service_errors
from ..models import Cooperative
from ..services.register import COOPERATIVE_FIELDS, cooperative_create, cooperative_update
from .common import AnyCapabilityMixin, own_provinces, province_label

C = Capability
PAGE_SIZE = 25
_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\x00")


def safe_text(value) -> str:
    """Text a spreadsheet will never read as a formula (CSV/formula injection)."""
    text = "" if value is None else str(value)
    if text.startswith(_FORMULA_PREFIXES):
        text = "'" + text
    return text


def _filtered(request):
    provinces = own_provinces(request.user)
    form = CooperativeFilterForm(request.GET or None, provinces=provinces)
    form.fields["province"].label_from_instance = province_label
    queryset = visible_to(
        request.user, Cooperative.objects.select_related("province").order_by("name", "pk")
    )
    if request.GET:
        queryset = form.filter(queryset)
    return form, queryset


def _can_keep_register(user) -> bool:
    return has_capability(user, C.MANAGE_REGISTER) or has_capability(user, C.EDIT_OWN_PROVINCE)


class CooperativeListView(AnyCapabilityMixin, TemplateView):
    required_capabilities = (C.VIEW_REGISTER,)
    template_name = "cooperatives/cooperative_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form, queryset = _filtered(self.request)
        page = Paginator(queryset, PAGE_SIZE).get_page(self.request.GET.get("page"))
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(
            filter_form=form,
            page=page,
            query=query.urlencode(),
            can_create=_can_keep_register(self.request.user),
        )
        return context


EXPORT_COLUMNS = (
    ("registration_code", gettext_lazy("Registration code")),
    ("name", gettext_lazy("Name")),
    ("kind", gettext_lazy("Kind")),
    ("sector", gettext_lazy("Sector")),
    ("sub_sector", gettext_lazy("Sub-sector")),
    ("province_code", gettext_lazy("Province code")),
    ("province", gettext_lazy("Province")),
    ("status", gettext_lazy("Status")),
    ("established_on", gettext_lazy("Established on")),
    ("dissolved_on", gettext_lazy("Dissolved on")),
    ("members", gettext_lazy("Members")),
    ("charter_capital", gettext_lazy("Charter capital (VND)")),
)


def _export_row(cooperative: Cooperative) -> list:
    return [
        safe_text(cooperative.registration_code),
        safe_text(cooperative.name),
        cooperative.get_kind_display(),
        cooperative.get_sector_display(),
        cooperative.get_sub_sector_display(),
        cooperative.province.code,
        cooperative.province.name,
        cooperative.get_status_display(),
        cooperative.established_on.strftime("%d/%m/%Y"),
        cooperative.dissolved_on.strftime("%d/%m/%Y") if cooperative.dissolved_on else "",
        cooperative.members,
        int(cooperative.charter_capital),
    ]


class CooperativeExportView(AnyCapabilityMixin, View):
    """The filtered list (all pages) as CSV or xlsx; the same scope and filters as the list."""

    required_capabilities = (C.VIEW_REGISTER,)

    def get(self, request, fmt: str):
        if fmt not in ("csv", "xlsx"):
            raise Http404
        _form, queryset = _filtered(request)
        stamp = timezone.localdate().strftime("%Y%m%d")
        headers = [str(header) for _name, header in EXPORT_COLUMNS]
        if fmt == "csv":
            response = HttpResponse(content_type="text/csv; charset=utf-8")
            response["Content-Disposition"] = f'attachment; filename="so-dang-ky-htx-{stamp}.csv"'
            response.write("\ufeff")  # Excel opens UTF-8 CSV with Vietnamese correctly
            writer = csv.writer(response)
            writer.writerow(headers)
            for cooperative in queryset.iterator(chunk_size=2000):
                writer.writerow(_export_row(cooperative))
            return response
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet("HTX")
        sheet.append(headers)
        for cooperative in queryset.iterator(chunk_size=2000):
            row = _export_row(cooperative)
            sheet.append(
                [ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v for v in row]
            )
        response = HttpResponse(content_type=XLSX_CONTENT_TYPE)
        response["Content-Disposition"] = f'attachment; filename="so-dang-ky-htx-{stamp}.xlsx"'
        workbook.save(response)
        return response


def _visible_cooperative(user, pk: int) -> Cooperative:
    return get_object_or_404(
        visible_to(user, Cooperative.objects.select_related("province")), pk=pk
    )


class CooperativeDetailView(AnyCapabilityMixin, TemplateView):
    required_capabilities = (C.VIEW_REGISTER,)
    template_name = "cooperatives/cooperative_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["cooperative"] = _visible_cooperative(self.request.user, kwargs["pk"])
        context["can_edit"] = _can_keep_register(self.request.user)
        return context


class _CooperativeFormView(AnyCapabilityMixin, View):
    required_capabilities = (C.MANAGE_REGISTER, C.EDIT_OWN_PROVINCE)
    template_name = "cooperatives/cooperative_form.html"

    def form(self, *args, **kwargs) -> CooperativeForm:
        form = CooperativeForm(*args, provinces=own_provinces(self.request.user), **kwargs)
        form.fields["province"].label_from_instance = province_label
        return form

    def render_form(self, form, cooperative=None, status=200):
        return render(
            self.request,
            self.template_name,
            {"form": form, "cooperative": cooperative},
            status=status,
        )

    def save(self, form, cooperative=None):
        try:
            if cooperative is None:
                saved = cooperative_create(actor=self.request.user, **form.cleaned_data)
            else:
                saved = cooperative_update(
                    actor=self.request.user, cooperative=cooperative, **form.cleaned_data
                )
        except ValidationError as error:
            add_service_errors(form, error)
        except (ConflictError, PermissionDenied) as error:
            form.add_error(None, str(error))
        else:
            messages.success(self.request, _("The register entry was saved."))
            return redirect("cooperatives:cooperative-detail", pk=saved.pk)
        return self.render_form(form, cooperative, status=400)


class CooperativeCreateView(_CooperativeFormView):
    def get(self, request):
        return self.render_form(self.form())

    def post(self, request):
        form = self.form(request.POST)
        if not form.is_valid():
            return self.render_form(form, status=400)
        return self.save(form)


class CooperativeEditView(_CooperativeFormView):
    def get(self, request, pk: int):
        cooperative = _visible_cooperative(request.user, pk)
        initial = {name: getattr(cooperative, name) for name in COOPERATIVE_FIELDS}
        return self.render_form(self.form(initial=initial), cooperative)

    def post(self, request, pk: int):
        cooperative = _visible_cooperative(request.user, pk)
        form = self.form(request.POST)
        if not form.is_valid():
            return self.render_form(form, cooperative, status=400)
        return self.save(form, cooperative)
