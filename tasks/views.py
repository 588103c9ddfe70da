"""Browser pages for tasks: the list and board with filters, a task with its progress, and
completion by unit and month."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.generic import DetailView, ListView, TemplateView, View

from accounts.access import Capability, CapabilityRequiredMixin, has_capability, visible_to
from meetings.forms import style_form
from vca_portal import clock
from vca_portal.errors import ConflictError

from . import selectors, services
from .choices import TaskStatus
from .filtersets import TaskFilterSet
from .forms import CancelForm, CompleteForm, CompletionYearForm, ProgressForm
from .models import Task, local_today


class TaskFilterMixin(CapabilityRequiredMixin):
    required_capability = Capability.VIEW_WORK

    def filtered(self):
        self.filterset = TaskFilterSet(
            self.request.GET, queryset=selectors.task_list(user=self.request.user)
        )
        style_form(self.filterset.form)
        return self.filterset.qs if self.filterset.is_valid() else Task.objects.none()

    def summary(self):
        if not self.filterset.is_valid():
            return None
        return selectors.task_summary(user=self.request.user, **self.filterset.summary_arguments())


class TaskListView(TaskFilterMixin, ListView):
    """Tasks with the filters of the summary and their "80/122 completed" on top."""

    template_name = "tasks/task_list.html"
    paginate_by = 50

    def get_queryset(self):
        return self.filtered().order_by("due_on", "id")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            filter=self.filterset, summary=self.summary(), today=local_today(), **kwargs
        )


class TaskBoardView(TaskFilterMixin, TemplateView):
    """The same tasks as columns by status: a unit's board."""

    template_name = "tasks/task_board.html"
    limit = 200

    def get_context_data(self, **kwargs):
        tasks = list(self.filtered().order_by("due_on", "id")[: self.limit])
        columns = [
            {"status": value, "label": label, "tasks": [t for t in tasks if t.status == value]}
            for value, label in TaskStatus.choices
        ]
        return super().get_context_data(
            filter=self.filterset,
            columns=columns,
            truncated=len(tasks) == self.limit,
            summary=self.summary(),
            today=local_today(),
            **kwargs,
        )


class TaskDetailView(CapabilityRequiredMixin, DetailView):
    required_capability = Capability.VIEW_WORK
    template_name = "tasks/task_detail.html"
    context_object_name = "task"

    def get_queryset(self):
        return selectors.task_list(user=self.request.user).prefetch_related(
            "progress_updates__created_by"
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_update"] = services.can_update_task(self.request.user, self.object)
        context["progress_form"] = kwargs.get("progress_form") or ProgressForm()
        context["complete_form"] = CompleteForm(initial={"completed_on": local_today()})
        context["today"] = local_today()
        context["can_cancel"] = has_capability(self.request.user, Capability.MANAGE_WORK)
        context["cancel_form"] = CancelForm()
        return context


class _TaskActionView(CapabilityRequiredMixin, View):
    required_capability = Capability.UPDATE_UNIT_TASKS

    def get_task(self, pk) -> Task:
        return get_object_or_404(visible_to(self.request.user, Task.objects.all()), pk=pk)

    def run(self, action, pk):
        try:
            action()
        except PermissionDenied:
            raise
        except ConflictError as error:
            messages.error(self.request, str(error))
        except ValidationError as error:
            messages.error(self.request, " ".join(error.messages))
        return redirect("tasks:task-detail", pk=pk)


class TaskProgressView(_TaskActionView):
    def post(self, request, pk):
        task = self.get_task(pk)
        form = ProgressForm(request.POST, request.FILES)
        if not form.is_valid():
            if not services.can_update_task(request.user, task):
                raise PermissionDenied
            for field, errors in form.errors.items():
                messages.error(request, f"{form.fields[field].label}: {' '.join(errors)}")
            return redirect("tasks:task-detail", pk=pk)

        def add():
            services.task_add_progress(task=task, user=request.user, **form.cleaned_data)
            messages.success(request, _("Progress was recorded."))

        return self.run(add, pk)


class TaskCompleteView(_TaskActionView):
    def post(self, request, pk):
        task = self.get_task(pk)
        form = CompleteForm(request.POST)
        form.is_valid()

        def complete():
            services.task_complete(
                task=task,
                user=request.user,
                completed_on=form.cleaned_data.get("completed_on"),
                note=form.cleaned_data.get("note", ""),
            )
            messages.success(request, _("The task was completed."))

        return self.run(complete, pk)


class TaskCancelView(_TaskActionView):
    required_capability = Capability.MANAGE_WORK

    def post(self, request, pk):
        task = self.get_task(pk)
        form = CancelForm(request.POST)
        form.is_valid()

        def cancel():
            services.task_cancel(
                task=task, user=request.user, reason=form.cleaned_data.get("reason", "")
            )
            messages.success(request, _("The task was cancelled."))

        return self.run(cancel, pk)


class TaskCompletionView(CapabilityRequiredMixin, TemplateView):
    """Completion by unit and month of a year: a table and a chart."""

    required_capability = Capability.VIEW_WORK
    template_name = "tasks/task_completion.html"

    def get_context_data(self, **kwargs):
        form = CompletionYearForm(self.request.GET or None)
        year = form.cleaned_data["year"] if form.is_valid() else clock.today().year
        if not form.is_bound:
            form = CompletionYearForm(initial={"year": year})
        table = selectors.completion_by_unit_and_month(user=self.request.user, year=year)
        chart = {
            "labels": [row["unit_name"] for row in table["rows"]],
            "completed": [row["completed"] for row in table["rows"]],
            "open": [row["total"] - row["completed"] for row in table["rows"]],
            "completedLabel": _("Completed"),
            "openLabel": _("Not completed"),
        }
        return super().get_context_data(
            form=form,
            year=year,
            table=table,
            chart=chart,
            can_manage=has_capability(self.request.user, Capability.MANAGE_WORK),
            **kwargs,
        )
