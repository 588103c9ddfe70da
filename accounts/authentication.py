"""API token authentication: knox's hashed, expiring tokens."""

from drf_spectacular.contrib.knox_auth_token import KnoxTokenScheme
from knox.auth import TokenAuthentication as KnoxTokenAuthentication
from knox.models import get_token_model
from knox.signals import token_expired

from vca_portal import clock


class TokenAuthentication(KnoxTokenAuthentication):
    """knox's token authentication, less its sweep of the user's other tokens on every request
    (a query per API call just to delete expired ones). A request checks its own token's
    expiry; a user's other expired tokens are deleted when they next sign in for a token
    (``delete_expired_tokens``)."""

    def _cleanup_token(self, auth_token) -> bool:
        if auth_token.expiry is not None and auth_token.expiry < clock.now():
            username = auth_token.user.get_username()
            auth_token.delete()
            token_expired.send(sender=self.__class__, username=username, source="auth_token")
            return True
        return False


def delete_expired_tokens(user) -> int:
    """Delete ``user``'s expired API tokens; returns how many."""
    deleted, _ = get_token_model().objects.filter(user=user, expiry__lt=clock.now()).delete()
    return deleted


class TokenScheme(KnoxTokenScheme):
    """The same security scheme in the OpenAPI schema as knox's own class."""

    target_class = "accounts.authentication.TokenAuthentication"
