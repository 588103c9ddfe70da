from rest_framework.routers import DefaultRouter

from .views import ProvinceViewSet

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("provinces", ProvinceViewSet, basename="province")

urlpatterns = router.urls
