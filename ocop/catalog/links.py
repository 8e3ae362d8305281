"""The catalog's links on the certificate verification page (registered in CatalogConfig.ready with
ocop.certificates.links): the product in the catalog when it is published there, and the report of a
suspected fake."""

from urllib.parse import urlencode

from django.urls import NoReverseMatch, reverse

from ocop.catalog.selectors import published_products


def certificate_links(certificate) -> dict[str, str]:
    links = {}
    try:
        if published_products().filter(pk=certificate.product_id).exists():
            links["product"] = reverse("catalog:product_detail", args=[certificate.product_id])
        links["report"] = reverse("catalog:fake_report") + "?" + urlencode(
            {"san_pham": certificate.product_id, "ma": str(certificate.uid)}
        )
    except NoReverseMatch:  # the catalog's URLs not mounted
        pass
    return links
