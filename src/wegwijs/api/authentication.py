"""Token authentication for machine clients: ``Authorization: Token <key>`` or ``Bearer <key>``.

Tokens are made with ``wegwijs createtoken USERNAME``. A token stands for its user, with
the same scope as that user's pages.
"""

from rest_framework.authentication import TokenAuthentication


class BearerTokenAuthentication(TokenAuthentication):
    keyword = "Token"

    def authenticate(self, request):  # noqa: ANN001, ANN201
        header = request.META.get("HTTP_AUTHORIZATION", "")
        if header.startswith("Bearer "):
            request.META["HTTP_AUTHORIZATION"] = "Token " + header[len("Bearer ") :]
        return super().authenticate(request)
