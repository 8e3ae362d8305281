from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogConfig(AppConfig):
    name = "ocop.catalog"
    label = "catalog"
    verbose_name = _("Danh mục công khai")

    def ready(self):
        from ocop.catalog.links import certificate_links
        from ocop.certificates.links import register

        register(certificate_links)  # the verification page's links to the catalog
