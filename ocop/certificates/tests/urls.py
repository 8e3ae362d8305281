"""The project's URLs plus the portal pages of this app, as the producer portal will mount them."""

from django.urls import include, path

from config.urls import urlpatterns as project_urls

urlpatterns = [path("portal/thong-bao/", include("ocop.certificates.portal_urls")), *project_urls]
