from django.urls import path
from rest_framework.routers import DefaultRouter

from .views import DashboardView, ReportViewSet

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("reports", ReportViewSet, basename="report")

urlpatterns = [
    path("dashboard/", DashboardView.as_view(), name="api-dashboard"),
    *router.urls,
]
