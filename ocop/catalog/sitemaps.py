"""sitemap.xml of the public site (Django's sitemaps framework): products, producers and the
verification pages of certificates in force, each in Vietnamese (site root) and English (/en/).

Fast at national scale (240,000 products): each section is a queryset of (id, changed) pairs in id
order, sliced by the framework's paginator (50,000 URLs a page, one LIMIT/OFFSET query and one
COUNT per page), and URLs are built from one reversed pattern instead of a reverse() per row."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.urls import reverse
from django.utils import translation
from django.utils.functional import cached_property

from ocop.catalog import selectors

PLACEHOLDER = "0"


class SiteUrlMixin:
    """Absolute URLs on SITE_URL (the public address), not on the Host header of the request."""

    def get_protocol(self, protocol=None):
        return urlsplit(settings.SITE_URL).scheme or "http"

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc


class PublicSitemap(SiteUrlMixin, Sitemap):
    limit = 50_000
    url_name = ""

    def __init__(self, language: str):
        self.language = language

    @cached_property
    def pattern(self) -> str:  # reversed on first use: the URLconf is still loading at __init__
        with translation.override(self.language):
            return reverse(self.url_name, args=[PLACEHOLDER])

    def location(self, item):
        return self.pattern.replace(f"/{PLACEHOLDER}/", f"/{item[0]}/")

    def lastmod(self, item):
        return item[1]


class ProductSitemap(PublicSitemap):
    url_name = "catalog:product_detail"
    priority = 0.8

    def items(self):
        return selectors.published_products().order_by("pk").values_list("pk", "updated_at")


class ProducerSitemap(PublicSitemap):
    url_name = "catalog:producer_detail"
    priority = 0.5

    def items(self):
        return selectors.published_producers().order_by("pk").values_list("pk", "updated_at")


class CertificateSitemap(PublicSitemap):
    url_name = "certificates:verify"
    priority = 0.4

    def items(self):
        return selectors.published_certificates().order_by("pk").values_list("uid", "updated_at")


class PagesSitemap(SiteUrlMixin, Sitemap):
    """The fixed public pages."""

    names = ("home", "catalog:product_list", "criteria:index", "catalog:open_data", "catalog:verify_lookup")

    def __init__(self, language: str):
        self.language = language

    def items(self):
        return list(self.names)

    def location(self, item):
        with translation.override(self.language):
            return reverse(item)


def sitemaps() -> dict[str, Sitemap]:
    """Sections of the index (sitemap.xml → sitemap-<section>.xml?p=N)."""
    sections = {}
    for code, _ in settings.LANGUAGES:
        sections[f"pages-{code}"] = PagesSitemap(code)
        sections[f"products-{code}"] = ProductSitemap(code)
        sections[f"producers-{code}"] = ProducerSitemap(code)
        sections[f"certificates-{code}"] = CertificateSitemap(code)
    return sections
