"""The cooperative register: list with filters, export, detail, create and edit. A provincial
officer sees and keeps only their own province's entries (``visible_to``), everywhere."""

import csv
import io
import tempfile

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import BigIntegerField, CharField, F, Func, Value
from django.db.models.functions import Cast
from django.http import FileResponse, Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from accounts.access import Capability, has_capability, visible_to
from vca_portal import clock
from vca_portal.errors import ConflictError
from vca_portal.spreadsheets import safe_text

from ..choices import CooperativeKind, CooperativeStatus, Sector, SubSector
from ..excel import XLSX_CONTENT_TYPE
from ..forms import CooperativeFilterForm, CooperativeForm, MemberCountForm, add_service_errors
from ..models import Cooperative
from ..services.register import (
    COOPERATIVE_FIELDS,
    cooperative_create,
    cooperative_record_members,
    cooperative_update,
)
from .common import AnyCapabilityMixin, own_provinces, province_label

C = Capability
PAGE_SIZE = 25
# The list counts its rows up to this many (400 pages): counting costs what the rows counted do,
# so a register of a million entries answers as fast as one of ten thousand. Beyond, the page
# says "more than 10.000" and asks for a filter.
COUNT_CAP = 10_000
# A guard against runaway workbooks: written row by row through lxml into a temporary file, the
# whole national register (100,000 rows) takes about as long as the fastest writer and constant
# memory (make bench), so the limit is well above it.
XLSX_EXPORT_MAX_ROWS = 250_000


def _filtered(request):
    provinces = own_provinces(request.user)
    form = CooperativeFilterForm(request.GET or None, provinces=provinces)
    form.fields["province"].label_from_instance = province_label
    queryset = visible_to(
        request.user,
        Cooperative.objects.select_related("province__successor").order_by("name", "pk"),
    )
    if request.GET:
        queryset = form.filter(queryset, user=request.user)
    return form, queryset


class CappedPaginator(Paginator):
    """Counts at most ``COUNT_CAP`` rows (``capped`` when there are more) and pages through
    those."""

    @cached_property
    def counted(self) -> int:
        return self.object_list[: COUNT_CAP + 1].count()

    @cached_property
    def count(self) -> int:
        return min(self.counted, COUNT_CAP)

    @property
    def capped(self) -> bool:
        return self.counted > COUNT_CAP


def _can_keep_register(user) -> bool:
    return has_capability(user, C.MANAGE_REGISTER) or has_capability(user, C.EDIT_OWN_PROVINCE)


class CooperativeListView(AnyCapabilityMixin, TemplateView):
    required_capabilities = (C.VIEW_REGISTER,)
    template_name = "cooperatives/cooperative_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form, queryset = _filtered(self.request)
        page = CappedPaginator(queryset, PAGE_SIZE).get_page(self.request.GET.get("page"))
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(
            filter_form=form,
            page=page,
            query=query.urlencode(),
            count_cap=COUNT_CAP,
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
    ("tax_code", gettext_lazy("Cooperative number (tax code)")),
    ("registering_authority", gettext_lazy("Registering authority")),
    ("members", gettext_lazy("Members")),
    ("charter_capital", gettext_lazy("Charter capital (VND)")),
)


EXPORT_VALUES = (
    "registration_code",
    "name",
    "kind",
    "sector",
    "sub_sector",
    "province__code",
    "province__name",
    "status",
    "established_text",
    "dissolved_text",
    "tax_code",
    "registering_authority",
    "members",
    "capital",
)


def _day_text(field: str) -> Func:
    """The date as dd/mm/yyyy, formatted by the database."""
    return Func(F(field), Value("DD/MM/YYYY"), function="to_char", output_field=CharField())


def _labels() -> tuple[dict, ...]:
    """The display labels in the request's language, looked up once per export rather than
    once per cell (``get_FOO_display`` translates on every call)."""
    return tuple(
        {value: str(label) for value, label in choices.choices}
        for choices in (CooperativeKind, Sector, SubSector, CooperativeStatus)
    )


def _export_rows(queryset, labels: tuple[dict, ...]):
    """The export's rows straight from ``values_list`` in chunks (dates already formatted and
    the capital already whole by the database): no model instances, and the memory stays flat
    however many rows there are."""
    kinds, sectors, sub_sectors, statuses = labels
    rows = (
        queryset.annotate(
            established_text=_day_text("established_on"),
            dissolved_text=_day_text("dissolved_on"),
            capital=Cast("charter_capital", BigIntegerField()),
        )
        .values_list(*EXPORT_VALUES)
        .iterator(chunk_size=2000)
    )
    for (
        code,
        name,
        kind,
        sector,
        sub_sector,
        p_code,
        p_name,
        status,
        born,
        gone,
        tax_code,
        authority,
        members,
        capital,
    ) in rows:
        yield [
            safe_text(code),
            safe_text(name),
            kinds.get(kind, kind),
            sectors.get(sector, sector),
            sub_sectors.get(sub_sector, sub_sector),
            p_code,
            p_name,
            statuses.get(status, status),
            born,
            gone or "",
            tax_code,  # digits and a dash only, by the database's check
            safe_text(authority),
            members,
            capital,
        ]


def _csv_chunks(headers: list[str], rows, batch: int = 1000):
    """CSV text in chunks of ``batch`` rows, starting with the BOM Excel needs for UTF-8."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write("\ufeff")  # Excel opens UTF-8 CSV with Vietnamese correctly
    writer.writerow(headers)
    for number, row in enumerate(rows, 1):
        writer.writerow(row)
        if number % batch == 0:
            yield buffer.getvalue().encode()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode()


class CooperativeExportView(AnyCapabilityMixin, View):
    """The filtered list (all pages) as CSV or xlsx; the same scope and filters as the list.
    CSV is streamed as it is read; the workbook is written row by row (write-only) to a
    temporary file, then streamed from it."""

    required_capabilities = (C.VIEW_REGISTER,)

    def get(self, request, fmt: str):
        if fmt not in ("csv", "xlsx"):
            raise Http404
        _form, queryset = _filtered(request)
        stamp = clock.today().strftime("%Y%m%d")
        headers = [str(header) for _name, header in EXPORT_COLUMNS]
        rows = _export_rows(queryset, _labels())
        if fmt == "csv":
            response = StreamingHttpResponse(
                _csv_chunks(headers, rows), content_type="text/csv; charset=utf-8"
            )
            response["Content-Disposition"] = f'attachment; filename="so-dang-ky-htx-{stamp}.csv"'
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
        for row in rows:
            sheet.append(
                [ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v for v in row]
            )
        spool = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it when sent
        workbook.save(spool)
        spool.seek(0)
        return FileResponse(
            spool,
            as_attachment=True,
            filename=f"so-dang-ky-htx-{stamp}.xlsx",
            content_type=XLSX_CONTENT_TYPE,
        )


def _visible_cooperative(user, pk: int) -> Cooperative:
    return get_object_or_404(
        visible_to(user, Cooperative.objects.select_related("province__successor")), pk=pk
    )


class CooperativeDetailView(AnyCapabilityMixin, TemplateView):
    required_capabilities = (C.VIEW_REGISTER,)
    template_name = "cooperatives/cooperative_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        cooperative = _visible_cooperative(self.request.user, kwargs["pk"])
        context.update(_detail_context(self.request.user, cooperative))
        return context


def _detail_context(user, cooperative: Cooperative, member_form=None) -> dict:
    """What the entry's page shows; the members form (for those who keep the register)
    unbound, or as it was sent with its errors."""
    can_edit = _can_keep_register(user)
    if can_edit and member_form is None:
        member_form = MemberCountForm(initial={"on": clock.today()})
    # The inspections app reads the register; this page reads its casework lazily.
    from inspections.selectors import oversight_of

    return {
        "cooperative": cooperative,
        "can_edit": can_edit,
        "member_form": member_form if can_edit else None,
        "status_changes": cooperative.status_changes.order_by("on", "pk"),
        "member_counts": cooperative.member_counts.order_by("on"),
        "former_names": cooperative.former_names.order_by("used_until", "pk"),
        "oversight": oversight_of(user=user, cooperative=cooperative),
    }


class CooperativeMembersView(AnyCapabilityMixin, View):
    """The members form of an entry's page: a day's counts by type, recorded by the service
    the API uses; refused with the reasons on the page, and nothing saved."""

    required_capabilities = (C.MANAGE_REGISTER, C.EDIT_OWN_PROVINCE)

    def get(self, request, pk: int):
        return redirect("cooperatives:cooperative-detail", pk=pk)

    def post(self, request, pk: int):
        cooperative = _visible_cooperative(request.user, pk)
        form = MemberCountForm(request.POST)
        if form.is_valid():
            try:
                cooperative_record_members(
                    actor=request.user, cooperative=cooperative, **form.cleaned_data
                )
            except ValidationError as error:
                add_service_errors(form, error)
            except PermissionDenied as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("The member count was saved."))
                return redirect("cooperatives:cooperative-detail", pk=cooperative.pk)
        return render(
            request,
            "cooperatives/cooperative_detail.html",
            _detail_context(request.user, cooperative, member_form=form),
            status=400,
        )


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
