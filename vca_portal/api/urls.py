"""/api/v1/: each app contributes its routes in ``<app>/api/urls.py``."""

from django.urls import include, path

from accounts.api.views import TokenLoginView, TokenLogoutAllView, TokenLogoutView

urlpatterns = [
    path("auth/token/", TokenLoginView.as_view(), name="api-token"),
    path("auth/logout/", TokenLogoutView.as_view(), name="api-logout"),
    path("auth/logoutall/", TokenLogoutAllView.as_view(), name="api-logout-all"),
    path("", include("accounts.api.urls")),
    path("", include("cooperatives.api.urls")),
    path("", include("tasks.api.urls")),
    path("", include("meetings.api.urls")),
    path("", include("inspections.api.urls")),
    path("", include("reports.api.urls")),
    path("", include("search.api.urls")),
    path("", include("drafting.api.urls")),
]
