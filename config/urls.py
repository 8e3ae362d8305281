from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path
from django.views.decorators.cache import cache_page

from ocop.api.urls import api
from ocop.catalog import robots
from ocop.catalog import views as catalog_views
from ocop.catalog.sitemaps import sitemaps
from ocop.core import views as core_views
from ocop.core.media import serve_media

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("robots.txt", robots.robots_txt, name="robots_txt"),
    path("favicon.ico", robots.favicon_ico, name="favicon"),
    path("apple-touch-icon.png", robots.touch_icon, name="touch_icon"),
    # Search engines: an index of sections, each paginated (ocop/catalog/sitemaps.py); an hour in
    # the cache (a sitemap page of 50,000 URLs is one query, but crawlers fetch them all).
    path("sitemap.xml", cache_page(3600)(sitemap_views.index), {"sitemaps": sitemaps(),
         "sitemap_url_name": "sitemap_section"}, name="sitemap"),
    path("sitemap-<section>.xml", cache_page(3600)(sitemap_views.sitemap), {"sitemaps": sitemaps()},
         name="sitemap_section"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("tai-khoan/", include("ocop.accounts.urls")),
    path("portal/", include("ocop.portal.urls")),
    path(settings.OCOP_API_ROOT.lstrip("/"), api.urls),
    # Uploaded files, each through its owner's rule (never a plain static folder: see core/media.py).
    path(f"{settings.MEDIA_URL.strip('/')}/<path:path>", serve_media, name="media"),
]
# Public pages: Vietnamese at the site root, English under /en/ (own URLs for search engines, with
# hreflang links). The back office, the producer portal, accounts and the API stay unprefixed and
# follow the language cookie (ocop.core.middleware.LanguageMiddleware).
handler404 = "ocop.core.views.page_not_found"
handler403 = "ocop.core.views.permission_denied"
handler500 = "ocop.core.views.server_error"
urlpatterns += i18n_patterns(
    path("tieu-chi/", include("ocop.criteria.urls")),
    path("xac-minh/", include("ocop.certificates.public_urls")),
    path("", catalog_views.home, name="home"),
    path("", include("ocop.catalog.urls")),
    prefix_default_language=False,
)
