"""The portal's URLs plus the floors of the benchmark (bench profile only)."""

from django.urls import include, path

from . import views

urlpatterns = [
    path("bench/trivial/", views.TrivialView.as_view(), name="bench-trivial"),
    path("bench/cooperatives/", views.CooperativeValuesView.as_view(), name="bench-cooperatives"),
    path("", include("vca_portal.urls")),
]
