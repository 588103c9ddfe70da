"""Browser pages of the inspection committee. Thin: reads come from ``selectors``, writes go
through ``services``."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import DetailView, FormView, ListView, TemplateView

from accounts.access import Capability, CapabilityRequiredMixin, has_capability
from vca_portal.errors import ConflictError

from . import selectors, services
from .choices import COMPLAINT_OPEN
from .exports import complaint_table, export_response, inspection_table
from .filtersets import ComplaintFilterSet, InspectionFilterSet, OrganisationFilterSet
from .forms import (
    ComplaintForm,
    ComplaintTransitionForm,
    InspectionForm,
    InspectionPlanForm,
    RecommendationForm,
)

VIEW = Capability.VIEW_INSPECTIONS
MANAGE = Capability.MANAGE_INSPECTIONS


class CommitteeView(CapabilityRequiredMixin):
    required_capability = VIEW

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_manage"] = has_capability(self.request.user, MANAGE)
        return context


class FilteredListView(CommitteeView, ListView):
    paginate_by = 50
    filterset_class = None

    def base_queryset(self):
        raise NotImplementedError

    def get_queryset(self):
        self.filterset = self.filterset_class(
            self.request.GET or None, queryset=self.base_queryset(), request=self.request
        )
        return self.filterset.qs if self.filterset.is_bound else self.filterset.queryset

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["filter"] = self.filterset
        query = self.request.GET.copy()
        query.pop("page", None)
        context["query"] = query.urlencode()
        return context


class ServiceFormView(CapabilityRequiredMixin, FormView):
    """A form whose valid data goes to a service; the service's own errors come back to the
    form and nothing is saved."""

    required_capability = MANAGE

    def load(self) -> None:
        """Fetch the objects the form works on (after the capability check)."""

    def get(self, request, *args, **kwargs):
        self.load()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.load()
        return super().post(request, *args, **kwargs)

    def save(self, form):
        raise NotImplementedError

    def form_valid(self, form):
        try:
            self.object = self.save(form)
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.error_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, error)
            return self.form_invalid(form)
        except ConflictError as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        messages.success(self.request, self.success_message)
        return redirect(self.get_success_url())

    def get_success_url(self):
        return self.object.get_absolute_url()


def _changed_fields(form) -> dict:
    return {name: form.cleaned_data[name] for name in form.fields}


# Plans --------------------------------------------------------------------------------------


class PlanListView(CommitteeView, ListView):
    template_name = "inspections/plan_list.html"
    context_object_name = "plans"
    paginate_by = 50

    def get_queryset(self):
        return selectors.inspection_plans(user=self.request.user)


class PlanFormView(ServiceFormView):
    template_name = "inspections/form.html"
    form_class = InspectionPlanForm
    success_message = _("The plan was saved.")

    def load(self):
        self.plan = None
        if "pk" in self.kwargs:
            self.plan = get_object_or_404(
                selectors.inspection_plans(user=self.request.user), pk=self.kwargs["pk"]
            )

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.plan}

    def get_context_data(self, **kwargs):
        title = _("Edit plan") if self.plan else _("New inspection plan")
        return super().get_context_data(title=title, **kwargs)

    def save(self, form):
        if self.plan:
            return services.inspection_plan_update(plan=self.plan, **_changed_fields(form))
        return services.inspection_plan_create(**_changed_fields(form))

    def get_success_url(self):
        return reverse("inspections:plan-list")


# Inspections --------------------------------------------------------------------------------


class InspectionListView(FilteredListView):
    template_name = "inspections/inspection_list.html"
    context_object_name = "inspections"
    filterset_class = InspectionFilterSet

    def base_queryset(self):
        return selectors.inspections(user=self.request.user)


class ExportView(CapabilityRequiredMixin, View):
    required_capability = VIEW

    def dispatch(self, request, *args, **kwargs):
        if kwargs.get("fmt") not in ("csv", "xlsx"):
            raise Http404
        return super().dispatch(request, *args, **kwargs)


class InspectionExportView(ExportView):
    def get(self, request, fmt):
        queryset = selectors.inspections(user=request.user)
        rows = InspectionFilterSet(request.GET, queryset=queryset, request=request).qs
        header, table = inspection_table(rows)
        return export_response(fmt, "inspections", str(_("Inspections")), header, table)


class InspectionDetailView(CommitteeView, DetailView):
    template_name = "inspections/inspection_detail.html"
    context_object_name = "inspection"

    def get_queryset(self):
        return selectors.inspection_detail(user=self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["timeline"] = selectors.inspection_timeline(self.object)
        context["today"] = selectors.local_today()
        return context


class InspectionFormView(ServiceFormView):
    template_name = "inspections/form.html"
    form_class = InspectionForm
    success_message = _("The inspection was saved.")

    def load(self):
        self.inspection = None
        if "pk" in self.kwargs:
            self.inspection = get_object_or_404(
                selectors.inspections(user=self.request.user), pk=self.kwargs["pk"]
            )

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.inspection}

    def get_context_data(self, **kwargs):
        title = _("Edit inspection") if self.inspection else _("New inspection")
        return super().get_context_data(title=title, **kwargs)

    def save(self, form):
        if self.inspection:
            return services.inspection_update(inspection=self.inspection, **_changed_fields(form))
        return services.inspection_create(**_changed_fields(form))


class RecommendationFormView(ServiceFormView):
    template_name = "inspections/form.html"
    form_class = RecommendationForm
    success_message = _("The recommendation was saved.")

    def load(self):
        self.recommendation = None
        self.inspection = get_object_or_404(
            selectors.inspections(user=self.request.user), pk=self.kwargs["pk"]
        )
        if "recommendation_pk" in self.kwargs:
            self.recommendation = get_object_or_404(
                self.inspection.recommendations.all(), pk=self.kwargs["recommendation_pk"]
            )

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.recommendation}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title=_("Recommendation"), subtitle=str(self.inspection), **kwargs
        )

    def save(self, form):
        if self.recommendation:
            return services.recommendation_update(
                recommendation=self.recommendation, **_changed_fields(form)
            )
        return services.recommendation_create(inspection=self.inspection, **_changed_fields(form))

    def get_success_url(self):
        return self.inspection.get_absolute_url()


# Organisations ------------------------------------------------------------------------------


class OrganisationListView(FilteredListView):
    """The enterprises, schools and other bodies the committee inspects or receives complaints
    about, with how many of each."""

    template_name = "inspections/organisation_list.html"
    context_object_name = "organisations"
    filterset_class = OrganisationFilterSet

    def base_queryset(self):
        return selectors.organisations(user=self.request.user)


class OrganisationDetailView(CommitteeView, DetailView):
    template_name = "inspections/organisation_detail.html"
    context_object_name = "organisation"

    def get_queryset(self):
        return selectors.organisations(user=self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["oversight"] = selectors.organisation_oversight(
            user=self.request.user, organisation=self.object
        )
        return context


# Complaints ---------------------------------------------------------------------------------


def _with_complainants(user, complaints):
    return [(c, selectors.complainant_for(user=user, complaint=c)) for c in complaints]


class ComplaintListView(FilteredListView):
    template_name = "inspections/complaint_list.html"
    context_object_name = "complaints"
    filterset_class = ComplaintFilterSet

    def base_queryset(self):
        return selectors.complaints(user=self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["rows"] = _with_complainants(self.request.user, context["complaints"])
        return context


class ComplaintExportView(ExportView):
    def get(self, request, fmt):
        queryset = selectors.complaints(user=request.user)
        rows = ComplaintFilterSet(request.GET, queryset=queryset, request=request).qs
        header, table = complaint_table(rows, user=request.user)
        return export_response(fmt, "complaints", str(_("Complaints")), header, table)


class ComplaintDetailView(CommitteeView, DetailView):
    template_name = "inspections/complaint_detail.html"
    context_object_name = "complaint"

    def get_queryset(self):
        return selectors.complaint_detail(user=self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["complainant"] = selectors.complainant_for(
            user=self.request.user, complaint=self.object
        )
        if context["can_manage"] and self.object.status in COMPLAINT_OPEN:
            context["transition_form"] = kwargs.get("transition_form") or (
                ComplaintTransitionForm(complaint=self.object)
            )
        return context


class ComplaintFormView(ServiceFormView):
    template_name = "inspections/form.html"
    form_class = ComplaintForm
    success_message = _("The case was saved.")

    def load(self):
        self.complaint = None
        if "pk" in self.kwargs:
            self.complaint = get_object_or_404(
                selectors.complaints(user=self.request.user), pk=self.kwargs["pk"]
            )

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.complaint, "user": self.request.user}

    def get_context_data(self, **kwargs):
        title = _("Edit case") if self.complaint else _("Record a complaint")
        return super().get_context_data(title=title, **kwargs)

    def save(self, form):
        if self.complaint:
            return services.complaint_update(
                complaint=self.complaint, by=self.request.user, **_changed_fields(form)
            )
        return services.complaint_create(by=self.request.user, **_changed_fields(form))


class ComplaintTransitionView(CapabilityRequiredMixin, View):
    required_capability = MANAGE

    def post(self, request, pk):
        complaint = get_object_or_404(selectors.complaints(user=request.user), pk=pk)
        form = ComplaintTransitionForm(request.POST, complaint=complaint)
        if form.is_valid():
            try:
                services.complaint_transition(
                    complaint=complaint, by=request.user, **form.cleaned_data
                )
            except ValidationError as error:
                for field, errors in getattr(error, "error_dict", {None: error.messages}).items():
                    form.add_error(field if field in form.fields else None, errors)
            except ConflictError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("The case's status was updated."))
                return redirect(complaint.get_absolute_url())
        view = ComplaintDetailView()
        view.setup(request, pk=pk)
        view.object = get_object_or_404(view.get_queryset(), pk=pk)
        context = view.get_context_data(object=view.object, transition_form=form)
        return view.render_to_response(context)


class DeadlineView(CommitteeView, TemplateView):
    template_name = "inspections/deadlines.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(selectors.deadlines(user=self.request.user))
        context["overdue_rows"] = _with_complainants(
            self.request.user, context["overdue_complaints"]
        )
        context["due_rows"] = _with_complainants(self.request.user, context["complaints_due"])
        return context
