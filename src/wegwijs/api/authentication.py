"""Token authentication for machine clients: ``Authorization: Token <key>`` or ``Bearer <key>``.

Tokens are made with ``wegwijs createtoken USERNAME``. A token stands for its user, with
the same scope as that user's pages.
"""

from rest_framework.authentication import TokenAuthentication, get_authorization_header


class BearerTokenAuthentication(TokenAuthentication):
    keyword = "Token"

    def authenticate(self, request):
        # Read the header, don't rewrite META: DRF reads request.headers, which Django caches
        # the first time it is used (content negotiation does so before authentication).
        auth = get_authorization_header(request).split()
        if len(auth) == 2 and auth[0].lower() == b"bearer":
            return self.authenticate_credentials(auth[1].decode("latin-1"))
        return super().authenticate(request)
