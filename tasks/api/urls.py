from rest_framework.routers import DefaultRouter

from .views import TaskViewSet, UnitViewSet, WorkProgramViewSet

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("units", UnitViewSet, basename="unit")
router.register("work-programmes", WorkProgramViewSet, basename="work-programme")
router.register("tasks", TaskViewSet, basename="task")

urlpatterns = router.urls
