from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("dashboard/", views.DashboardView.as_view(), name="dashboard"),
    path("", views.ReportListView.as_view(), name="report-list"),
    path("build/", views.ReportBuildView.as_view(), name="report-build"),
    path("<int:pk>/", views.ReportDetailView.as_view(), name="report-detail"),
]
