from rest_framework.routers import DefaultRouter

from .views import (
    ComplaintViewSet,
    InspectionPlanViewSet,
    InspectionViewSet,
    OrganisationViewSet,
    RecommendationViewSet,
)

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("inspection-plans", InspectionPlanViewSet, basename="inspection-plan")
router.register("inspections", InspectionViewSet, basename="inspection")
router.register("recommendations", RecommendationViewSet, basename="recommendation")
router.register("complaints", ComplaintViewSet, basename="complaint")
router.register("organisations", OrganisationViewSet, basename="organisation")

urlpatterns = router.urls
