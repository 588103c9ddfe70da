from django.contrib.auth.decorators import login_not_required
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django_otp import match_token
from drf_spectacular.utils import extend_schema
from knox.views import LoginView as KnoxLoginView
from knox.views import LogoutAllView as KnoxLogoutAllView
from knox.views import LogoutView as KnoxLogoutView
from rest_framework import mixins, viewsets
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response

from accounts.access import Capability
from accounts.authentication import TokenAuthentication, delete_expired_tokens
from accounts.models import User
from accounts.two_factor import requires_two_factor
from vca_portal.api.viewsets import ScopedQuerysetMixin

from .serializers import TokenRequestSerializer, TokenSerializer, UserSerializer


@method_decorator(login_not_required, name="dispatch")
class TokenLoginView(KnoxLoginView):
    """Exchange a username and password for an expiring API token (stored hashed)."""

    authentication_classes = ()
    permission_classes = (AllowAny,)
    throttle_scope = "login"

    def get_user_serializer_class(self):
        return UserSerializer

    @extend_schema(request=TokenRequestSerializer, responses=TokenSerializer)
    def post(self, request, format=None):  # noqa: A002 (knox's signature)
        # The plain HttpRequest, so that the lockout (django-axes) sees and marks this attempt.
        serializer = AuthTokenSerializer(data=request.data, context={"request": request._request})
        serializer.is_valid(raise_exception=True)
        user = serializer.validated_data["user"]
        code = str(request.data.get("otp", "")).strip()
        if requires_two_factor(user) and (not code or match_token(user, code) is None):
            raise ValidationError(
                {"otp": [_("This account needs the 6-digit code of its authenticator app.")]}
            )
        request.user = user
        delete_expired_tokens(user)
        return super().post(request, format=format)


class TokenLogoutView(KnoxLogoutView):
    """End the token used for this request."""

    authentication_classes = (TokenAuthentication,)
    permission_classes = (IsAuthenticated,)

    @extend_schema(request=None, responses={204: None})
    def post(self, request, format=None):  # noqa: A002
        return super().post(request, format=format)


class TokenLogoutAllView(KnoxLogoutAllView):
    """End every token of the signed-in user."""

    authentication_classes = (TokenAuthentication,)
    permission_classes = (IsAuthenticated,)

    @extend_schema(request=None, responses={204: None})
    def post(self, request, format=None):  # noqa: A002
        return super().post(request, format=format)


class UserViewSet(
    ScopedQuerysetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Accounts: administrators see all, everyone else their own (``/users/me/``)."""

    queryset = User.objects.select_related("province", "unit").order_by("username")
    serializer_class = UserSerializer
    read_capability = Capability.ADMINISTER
    action_capabilities = {"me": Capability.VIEW_PROVINCES}
    filterset_fields = ["role"]

    @action(detail=False, methods=["get"])
    def me(self, request):
        return Response(UserSerializer(request.user).data)
