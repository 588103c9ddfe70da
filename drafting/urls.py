from django.urls import path, re_path

from . import views

app_name = "drafting"

urlpatterns = [
    path("drafts/", views.DraftListView.as_view(), name="draft-list"),
    path("drafts/new/", views.DraftCreateView.as_view(), name="draft-create"),
    path("drafts/<int:pk>/", views.DraftDetailView.as_view(), name="draft-detail"),
    path("drafts/<int:pk>/edit/", views.DraftUpdateView.as_view(), name="draft-edit"),
    path("drafts/<int:pk>/issue/", views.DraftIssueView.as_view(), name="draft-issue"),
    path("drafts/<int:pk>/refresh/", views.DraftRefreshView.as_view(), name="draft-refresh"),
    path("drafts/<int:pk>/correction/", views.CorrectionCreateView.as_view(), name="draft-correct"),
    path("drafts/<int:pk>/status/", views.DraftStatusView.as_view(), name="draft-status"),
    re_path(
        r"^drafts/(?P<pk>[0-9]+)/file\.(?P<file_format>docx|pdf)$",
        views.DraftFileView.as_view(),
        name="draft-file",
    ),
]
