from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from ocop.api.urls import api
from ocop.catalog import views as catalog_views
from ocop.core import views as core_views
from ocop.core.media import serve_media

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("tai-khoan/", include("ocop.accounts.urls")),
    path("tieu-chi/", include("ocop.criteria.urls")),
    path("portal/", include("ocop.portal.urls")),
    path("xac-minh/", include("ocop.certificates.public_urls")),
    path("api/v1/", api.urls),
    # Uploaded files, each through its owner's rule (never a plain static folder: see core/media.py).
    path(f"{settings.MEDIA_URL.strip('/')}/<path:path>", serve_media, name="media"),
    path("", catalog_views.home, name="home"),
    path("", include("ocop.catalog.urls")),
]
