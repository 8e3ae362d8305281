"""schema.org data of public pages (JSON-LD): a product with its OCOP rating, a producer."""

from django import template
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ocop.core.templatetags.site_meta import absolute, json_ld

register = template.Library()


@register.simple_tag(takes_context=True)
def product_json_ld(context, product, certificate, photos=()):
    """schema.org Product: the OCOP rating as a review by the recognising authority (stars out of
    5) and as a named property, the producer as manufacturer, the photos and the OCOP code."""
    url = absolute(reverse("catalog:product_detail", args=[product.pk]))
    data = {
        "@context": "https://schema.org",
        "@type": "Product",
        "@id": url,
        "url": url,
        "name": product.name,
        "description": (product.description or "")[:500] or product.name,
        "category": product.get_criteria_set_display(),
        "manufacturer": {
            "@type": "Organization",
            "name": product.producer.name,
            "url": absolute(reverse("catalog:producer_detail", args=[product.producer.pk])),
        },
    }
    if images := [absolute(photo.image.url) for photo in photos if photo.image]:
        data["image"] = images
    if product.ocop_code:
        data["productID"] = product.ocop_code
    if certificate is not None:
        stars = certificate.stars
        rating = ngettext("Sản phẩm OCOP %(n)s sao", "Sản phẩm OCOP %(n)s sao", stars) % {"n": stars}
        data["award"] = rating
        data["additionalProperty"] = {"@type": "PropertyValue", "name": _("Hạng OCOP"), "value": stars,
                                      "minValue": 1, "maxValue": 5, "unitText": _("sao")}
        data["review"] = {
            "@type": "Review",
            "name": rating,
            "reviewRating": {"@type": "Rating", "ratingValue": stars, "bestRating": 5, "worstRating": 1},
            "author": {"@type": "Organization", "name": _("Hội đồng đánh giá, phân hạng sản phẩm OCOP")},
            "datePublished": certificate.issued_on.isoformat() if certificate.issued_on else None,
        }
    return json_ld(context, data)
