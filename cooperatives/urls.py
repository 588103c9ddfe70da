from django.urls import path

from .views import intake, register, review, submissions

app_name = "cooperatives"

urlpatterns = [
    # Monthly submissions: the officer's pages
    path("submissions/", submissions.SubmissionIndexView.as_view(), name="submission-index"),
    path(
        "submissions/new/<int:province_id>/<int:year>/<int:month>/",
        submissions.SubmissionCreateView.as_view(),
        name="submission-create",
    ),
    path(
        "submissions/<int:pk>/",
        submissions.SubmissionDetailView.as_view(),
        name="submission-detail",
    ),
    path(
        "submissions/<int:pk>/edit/",
        submissions.SubmissionEditView.as_view(),
        name="submission-edit",
    ),
    path(
        "submissions/<int:pk>/submit/",
        submissions.SubmissionSubmitView.as_view(),
        name="submission-submit",
    ),
    path("submissions/template/", intake.TemplateDownloadView.as_view(), name="template"),
    path("submissions/upload/", intake.UploadView.as_view(), name="upload"),
    # Review (staff)
    path(
        "submissions/<int:pk>/approve/",
        submissions.SubmissionApproveView.as_view(),
        name="submission-approve",
    ),
    path(
        "submissions/<int:pk>/return/",
        submissions.SubmissionReturnView.as_view(),
        name="submission-return",
    ),
    path(
        "submissions/<int:pk>/reopen/",
        submissions.SubmissionReopenView.as_view(),
        name="submission-reopen",
    ),
    path("completeness/", review.CompletenessView.as_view(), name="completeness"),
    path("reminders/", review.RemindersView.as_view(), name="reminders"),
    # The register
    path("register/", register.CooperativeListView.as_view(), name="cooperative-list"),
    path("register/new/", register.CooperativeCreateView.as_view(), name="cooperative-create"),
    path(
        "register/export.<str:fmt>",
        register.CooperativeExportView.as_view(),
        name="cooperative-export",
    ),
    path("register/<int:pk>/", register.CooperativeDetailView.as_view(), name="cooperative-detail"),
    path(
        "register/<int:pk>/edit/", register.CooperativeEditView.as_view(), name="cooperative-edit"
    ),
    path(
        "register/<int:pk>/members/",
        register.CooperativeMembersView.as_view(),
        name="cooperative-members",
    ),
]
