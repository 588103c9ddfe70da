from django.urls import re_path
from rest_framework.routers import DefaultRouter

from .views import DocumentFileView, DraftedDocumentViewSet

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("drafts", DraftedDocumentViewSet, basename="draft")

urlpatterns = [
    re_path(
        r"^documents/(?P<pk>[0-9]+)/(?P<file_format>docx|pdf)/$",
        DocumentFileView.as_view(),
        name="document-file",
    ),
    *router.urls,
]
