"""robots.txt and the site icon at the root, where crawlers and browsers look for them."""

from django.conf import settings
from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from ocop.core import favicon

# Private areas: the back office, the producer portal, accounts, the API's documentation and the
# language switch. The public API itself stays crawlable (open data).
DISALLOW = ("/admin/", "/portal/", "/tai-khoan/", "/api/v1/docs", "/i18n/", "/bao-cao-gia-mao/",
            "/en/bao-cao-gia-mao/")


@require_GET
@cache_control(max_age=86400, public=True)
def robots_txt(request):
    lines = ["User-agent: *", "Allow: /", *(f"Disallow: {path}" for path in DISALLOW),
             "", f"Sitemap: {settings.SITE_URL}{reverse('sitemap')}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


@require_GET
@cache_control(max_age=604800, public=True)
def favicon_ico(request):
    return HttpResponse(favicon.ico(), content_type="image/x-icon")


@require_GET
@cache_control(max_age=604800, public=True)
def touch_icon(request):
    return HttpResponse(favicon.png(180), content_type="image/png")
