from django.urls import path
from rest_framework.routers import DefaultRouter

from .intake import SubmissionUploadView
from .views import (
    CooperativeViewSet,
    MonthlySubmissionViewSet,
    PlanTargetViewSet,
    ProvinceViewSet,
    ProvincialUnionViewSet,
    StatisticsViewSet,
)

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("provinces", ProvinceViewSet, basename="province")
router.register("provincial-unions", ProvincialUnionViewSet, basename="provincial-union")
router.register("cooperatives", CooperativeViewSet, basename="cooperative")
router.register("plan-targets", PlanTargetViewSet, basename="plan-target")
router.register("submissions", MonthlySubmissionViewSet, basename="submission")
router.register("statistics", StatisticsViewSet, basename="statistics")

# Before the router, whose submissions/<pk>/ would otherwise take "upload".
urlpatterns = [
    path("submissions/upload/", SubmissionUploadView.as_view(), name="submission-upload"),
    *router.urls,
]
