from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

urlpatterns = [
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "password/",
        auth_views.PasswordChangeView.as_view(success_url="/"),
        name="password_change",
    ),
    path("two-factor/setup/", views.TwoFactorSetupView.as_view(), name="two-factor-setup"),
    path("two-factor/", views.TwoFactorVerifyView.as_view(), name="two-factor-verify"),
]
