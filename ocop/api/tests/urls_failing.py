"""An API path whose view fails (tests only): an unexpected error under /api/ is a problem too."""

from django.urls import path

from config.urls import handler403, handler404, handler500  # noqa: F401  (the site's error pages)
from config.urls import urlpatterns as site_urlpatterns


def failing(request):
    raise RuntimeError("a bug, with a secret in its message")


urlpatterns = [path("api/v1/failing-for-tests", failing), *site_urlpatterns]
