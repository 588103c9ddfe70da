from rest_framework.routers import DefaultRouter

from .views import AgreementViewSet, ConclusionViewSet, DocumentViewSet, MeetingViewSet

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("meetings", MeetingViewSet, basename="meeting")
router.register("conclusions", ConclusionViewSet, basename="conclusion")
router.register("documents", DocumentViewSet, basename="document")
router.register("agreements", AgreementViewSet, basename="agreement")

urlpatterns = router.urls
