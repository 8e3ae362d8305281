from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from ocop.api.urls import api
from ocop.catalog import views as catalog_views
from ocop.core import views as core_views

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("tai-khoan/", include("ocop.accounts.urls")),
    path("tieu-chi/", include("ocop.criteria.urls")),
    path("portal/ho-so/", include("ocop.rating.portal_urls")),  # before the portal include
    path("portal/thong-bao/", include("ocop.certificates.portal_urls")),
    path("portal/", include("ocop.portal.urls")),
    path("xac-minh/", include("ocop.certificates.public_urls")),
    path("api/v1/", api.urls),
    path("", catalog_views.home, name="home"),
    path("", include("ocop.catalog.urls")),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
