"""Token authentication for machine clients: ``Authorization: Token <key>`` or ``Bearer <key>``.

Tokens are made with ``wegwijs createtoken USERNAME``. A token stands for its user, with
the same scope as that user's pages.
"""

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication, get_authorization_header
from rest_framework.authtoken.models import Token


class BearerTokenAuthentication(TokenAuthentication):
    keyword = "Token"

    def authenticate(self, request: Any) -> tuple[Any, Any] | None:
        # Read the header, don't rewrite META: DRF reads request.headers, which Django caches
        # the first time it is used (content negotiation does so before authentication).
        auth = get_authorization_header(request).split()
        if len(auth) == 2 and auth[0].lower() == b"bearer":
            return self.authenticate_credentials(auth[1].decode("latin-1"))
        return super().authenticate(request)

    def authenticate_credentials(self, key: str) -> tuple[Any, Any]:
        # One query for the token, its user and the user's organisation (scoping needs it).
        try:
            token = Token.objects.select_related("user", "user__organisation").get(key=key)
        except Token.DoesNotExist as exc:
            raise exceptions.AuthenticationFailed(_("Invalid token.")) from exc
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        return (token.user, token)
