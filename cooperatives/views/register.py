"""The cooperative register: list with filters, export, detail, create and edit. A provincial
officer sees and keeps only their own province's entries (``visible_to``), everywhere."""

import csv

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from accounts.access import Capability, has_capability, visible_to
from vca_portal.errors import ConflictError
from vca_portal.spreadsheets import safe_text

from ..choices import CooperativeKind, CooperativeStatus, Sector, SubSector
from ..excel import XLSX_CONTENT_TYPE
from ..forms import CooperativeFilterForm, CooperativeForm, add_service_errors
from ..models import Cooperative
from ..services.register import COOPERATIVE_FIELDS, cooperative_create, cooperative_update
from .common import AnyCapabilityMixin, own_provinces, province_label

C = Capability
PAGE_SIZE = 25
# Writing xlsx is far slower than CSV (about a second per 1,000 rows without lxml); the whole
# national register is exported as CSV, which Excel opens as well.
XLSX_EXPORT_MAX_ROWS = 10_000


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


def _labels() -> dict[str, dict[str, str]]:
    """The display labels of the choice fields, translated once per export rather than once
    per row and field (``get_FOO_display`` translates each time)."""
    return {
        choices.__name__: {value: str(label) for value, label in choices.choices}
        for choices in (CooperativeKind, Sector, SubSector, CooperativeStatus)
    }


def _export_row(cooperative: Cooperative, labels: dict[str, dict[str, str]]) -> list:
    return [
        safe_text(cooperative.registration_code),
        safe_text(cooperative.name),
        labels["CooperativeKind"].get(cooperative.kind, cooperative.kind),
        labels["Sector"].get(cooperative.sector, cooperative.sector),
        labels["SubSector"].get(cooperative.sub_sector, cooperative.sub_sector),
        cooperative.province.code,
        cooperative.province.name,
        labels["CooperativeStatus"].get(cooperative.status, cooperative.status),
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
        labels = _labels()
        if fmt == "csv":
            response = HttpResponse(content_type="text/csv; charset=utf-8")
            response["Content-Disposition"] = f'attachment; filename="so-dang-ky-htx-{stamp}.csv"'
            response.write("\ufeff")  # Excel opens UTF-8 CSV with Vietnamese correctly
            writer = csv.writer(response)
            writer.writerow(headers)
            for cooperative in queryset.iterator(chunk_size=2000):
                writer.writerow(_export_row(cooperative, labels))
            return response
        total = queryset.count()
        if total > XLSX_EXPORT_MAX_ROWS:
            messages.error(
                request,
                _(
                    "%(total)d cooperatives match: more than the %(limit)d rows of an Excel"
                    " export. Narrow the filters or export CSV, which Excel also opens."
                )
                % {"total": total, "limit": XLSX_EXPORT_MAX_ROWS},
            )
            return redirect(f"{reverse('cooperatives:cooperative-list')}?{request.GET.urlencode()}")
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet("HTX")
        sheet.append(headers)
        for cooperative in queryset.iterator(chunk_size=2000):
            row = _export_row(cooperative, labels)
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
