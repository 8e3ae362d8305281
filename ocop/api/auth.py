"""Who is calling: a bearer token, else the browser session (with CSRF on writes), else nobody.

* ``token_or_session`` authenticates or answers 401; a wrong or revoked token is always 401,
  even on public endpoints (a client must learn its key no longer works).
* ``anonymous`` lets public endpoints through without credentials; they then serve published
  data only (ocop.catalog.selectors.published_products).
"""

from django.contrib.auth.models import AnonymousUser
from ninja.errors import AuthenticationError, HttpError
from ninja.security import HttpBearer
from ninja.utils import check_csrf

from ocop.api.tokens import user_for_key

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class BearerAuth(HttpBearer):
    """A bearer token (documented in OpenAPI), else the browser session."""

    def __call__(self, request):
        header = request.headers.get("Authorization")
        if header:
            scheme, _sep, key = header.partition(" ")
            if scheme.lower() != "bearer":
                raise AuthenticationError()
            user = user_for_key(key.strip())
            if user is None:
                raise AuthenticationError()
            request.user = user
            return user
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.is_active:
            if request.method not in SAFE_METHODS and check_csrf(request) is not None:
                raise HttpError(403, "CSRF")
            return user
        return None

    def authenticate(self, request, token):  # pragma: no cover - __call__ does the work
        return user_for_key(token)


class Anonymous:
    """Lets a public endpoint through; request.auth is then an AnonymousUser."""

    def __call__(self, request):
        return _Nobody()


class _Nobody(AnonymousUser):
    def __bool__(self):  # ninja needs a truthy result to accept the request
        return True


token_or_session = BearerAuth()
anonymous = Anonymous()
PUBLIC = [token_or_session, anonymous]
#: OpenAPI for public endpoints: a token is optional. Ninja appends this list to the operation's
#: [{"BearerAuth": []}]; the empty requirement means "no credentials" is accepted too.
PUBLIC_OPENAPI = {"security": [{}]}
PRIVATE = [token_or_session]


def caller(request):
    """The authenticated user, or None for an anonymous call."""
    user = getattr(request, "auth", None)
    return user if user is not None and getattr(user, "is_authenticated", False) else None
