"""A page with an inline script (tests only): the cached HTML must carry each response's own nonce."""

from django.urls import path

from config.urls import urlpatterns as site_urlpatterns
from ocop.catalog.html_cache import render_page


def scripted(request):
    return render_page(request, "scripted", "scripted.html", lambda: {"word": "xin chào"})


urlpatterns = [path("scripted/", scripted), *site_urlpatterns]
