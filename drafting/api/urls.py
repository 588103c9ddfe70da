from django.urls import path
from rest_framework.routers import DefaultRouter

from .views import DocumentFileView, DraftedDocumentViewSet

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("drafts", DraftedDocumentViewSet, basename="draft")

urlpatterns = [
    # Any format reaches the view, which checks the caller first and then answers 404 for
    # a format other than docx or pdf.
    path("documents/<int:pk>/<str:file_format>/", DocumentFileView.as_view(), name="document-file"),
    *router.urls,
]
