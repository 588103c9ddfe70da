from django.urls import path

from . import views

app_name = "inspections"

urlpatterns = [
    path("", views.InspectionListView.as_view(), name="inspection-list"),
    path("new/", views.InspectionFormView.as_view(), name="inspection-create"),
    path(
        "export.<str:fmt>",
        views.InspectionExportView.as_view(),
        name="inspection-export",
    ),
    path("<int:pk>/", views.InspectionDetailView.as_view(), name="inspection-detail"),
    path("<int:pk>/edit/", views.InspectionFormView.as_view(), name="inspection-update"),
    path(
        "<int:pk>/recommendations/new/",
        views.RecommendationFormView.as_view(),
        name="recommendation-create",
    ),
    path(
        "<int:pk>/recommendations/<int:recommendation_pk>/edit/",
        views.RecommendationFormView.as_view(),
        name="recommendation-update",
    ),
    path("plans/", views.PlanListView.as_view(), name="plan-list"),
    path("plans/new/", views.PlanFormView.as_view(), name="plan-create"),
    path("plans/<int:pk>/edit/", views.PlanFormView.as_view(), name="plan-update"),
    path("organisations/", views.OrganisationListView.as_view(), name="organisation-list"),
    path(
        "organisations/<int:pk>/",
        views.OrganisationDetailView.as_view(),
        name="organisation-detail",
    ),
    path("complaints/", views.ComplaintListView.as_view(), name="complaint-list"),
    path("complaints/new/", views.ComplaintFormView.as_view(), name="complaint-create"),
    path(
        "complaints/export.<str:fmt>",
        views.ComplaintExportView.as_view(),
        name="complaint-export",
    ),
    path("complaints/<int:pk>/", views.ComplaintDetailView.as_view(), name="complaint-detail"),
    path("complaints/<int:pk>/edit/", views.ComplaintFormView.as_view(), name="complaint-update"),
    path(
        "complaints/<int:pk>/status/",
        views.ComplaintTransitionView.as_view(),
        name="complaint-transition",
    ),
    path("deadlines/", views.DeadlineView.as_view(), name="deadlines"),
]
