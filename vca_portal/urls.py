from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from vca_portal import views

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("healthz", views.health, name="health"),
    path("accounts/", include("accounts.urls")),
    # Choosing the language is open to everyone, the sign-in page's visitors included.
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("admin/", admin.site.urls),
    path("api/v1/", include("vca_portal.api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves its script as a file, so the docs need no inline script either.
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("cooperatives/", include("cooperatives.urls")),
    path("tasks/", include("tasks.urls")),
    path("meetings/", include("meetings.urls")),
    path("inspections/", include("inspections.urls")),
    path("reports/", include("reports.urls")),
    path("search/", include("search.urls")),
    path("documents/", include("drafting.urls")),
]

handler400 = "vca_portal.request_limits.bad_request"
