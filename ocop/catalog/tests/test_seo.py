"""Public pages search engines understand: meta, canonical and hreflang, Open Graph, JSON-LD,
sitemap.xml, robots.txt, the site icon, and English at its own /en/ URLs."""

import io
import json
import re
import xml.etree.ElementTree as ET

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.urls import reverse
from PIL import Image

from ocop.core import favicon
from ocop.registry.models import ProductPhoto

pytestmark = pytest.mark.django_db
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def _head(html: str) -> str:
    return html.split("</head>", 1)[0]


def _meta(html: str, attr: str, name: str) -> str | None:
    found = re.search(rf'<meta {attr}="{re.escape(name)}" content="([^"]*)"', _head(html))
    return found.group(1) if found else None


def _links(html: str, rel: str) -> dict[str, str]:
    links = {}
    for tag in re.findall(rf'<link rel="{rel}"[^>]*>', _head(html)):
        hreflang = re.search(r'hreflang="([^"]+)"', tag)
        links[hreflang.group(1) if hreflang else rel] = re.search(r'href="([^"]+)"', tag).group(1)
    return links


def _json_ld(html: str) -> dict:
    block = re.search(r'<script type="application/ld\+json" nonce="[^"]+">(.*?)</script>', html, re.S)
    return json.loads(block.group(1))


def test_product_page_carries_description_canonical_hreflang_open_graph_and_json_ld(client, catalog):
    product = catalog.banh_pia
    ProductPhoto.objects.create(product=product, image=ContentFile(favicon.png(64), name="p.png"), caption="Hộp")
    path = reverse("catalog:product_detail", args=[product.pk])
    html = client.get(path).text
    site = settings.SITE_URL
    assert re.search(r"<title>Bánh pía sầu riêng · Mỗi xã một sản phẩm</title>", html)
    assert _meta(html, "name", "description") == "Bánh pía sầu riêng: sản phẩm OCOP 4 sao của Hợp tác xã Bánh Pía Tân Lộc."
    assert _links(html, "canonical") == {"canonical": f"{site}{path}"}
    assert _links(html, "alternate") == {"vi": f"{site}{path}", "en": f"{site}/en{path}", "x-default": f"{site}{path}"}
    image = _meta(html, "property", "og:image")
    assert image.startswith(f"{site}/media/registry/photos/") and image.endswith(".png")
    assert client.get(image.removeprefix(site)).status_code == 200
    assert _meta(html, "property", "og:type") == "product" and _meta(html, "property", "og:locale") == "vi_VN"
    assert _meta(html, "property", "og:title") == "Bánh pía sầu riêng"
    assert _meta(html, "name", "twitter:card") == "summary_large_image" and _meta(html, "name", "twitter:image") == image
    data = _json_ld(html)
    assert data["@type"] == "Product" and data["name"] == "Bánh pía sầu riêng" and data["image"] == [image]
    assert data["productID"] == "75-26068-001-2025"
    assert data["manufacturer"]["name"] == "Hợp tác xã Bánh Pía Tân Lộc"
    assert data["review"]["reviewRating"] == {"@type": "Rating", "ratingValue": 4, "bestRating": 5, "worstRating": 1}
    assert data["additionalProperty"]["value"] == 4


def test_english_product_page_has_its_own_url_and_english_head(client, catalog):
    path = reverse("catalog:product_detail", args=[catalog.banh_pia.pk])
    english = f"/en{path}"
    response = client.get(english)
    assert response.status_code == 200 and response.headers["Content-Language"] == "en"
    html = response.text
    assert '<html lang="en">' in html
    assert _links(html, "canonical") == {"canonical": f"{settings.SITE_URL}{english}"}
    assert _meta(html, "property", "og:locale") == "en_GB"
    assert _meta(html, "name", "description") == "Bánh pía sầu riêng: 4-star OCOP product of Hợp tác xã Bánh Pía Tân Lộc."
    assert _json_ld(html)["award"] == "4-star OCOP product"
    # Links inside the English page stay in English; the Vietnamese URL stays Vietnamese.
    assert f'href="/en{reverse("catalog:product_list")}"' in html
    assert '<html lang="vi">' in client.get(path).text


def test_language_switch_keeps_the_page_and_its_query(client, catalog):
    path = reverse("catalog:product_list")
    response = client.post(reverse("set_language"), {"language": "en", "next": f"{path}?q=banh&page=1"})
    assert response.status_code == 302 and response.url == f"/en{path}?q=banh&page=1"
    response = client.post(reverse("set_language"), {"language": "vi", "next": f"/en{path}?q=banh"})
    assert response.url == f"{path}?q=banh"


def test_list_canonical_keeps_only_the_page_number(client, catalog):
    html = client.get(reverse("catalog:product_list"), {"q": "banh", "sort": "name", "page": "1"}).text
    assert _links(html, "canonical")["canonical"] == f"{settings.SITE_URL}{reverse('catalog:product_list')}"


def test_portal_pages_are_not_indexed(client):
    html = client.get(reverse("portal:login")).text
    assert '<meta name="robots" content="noindex, nofollow">' in html
    assert 'rel="canonical"' not in html and "og:title" not in html


def _urls(xml: bytes) -> list[str]:
    return [node.text for node in ET.fromstring(xml).iter(f"{SM}loc")]


def test_sitemap_index_and_sections_list_exactly_the_public_pages(client, catalog, django_assert_max_num_queries):
    index = client.get("/sitemap.xml")
    assert index.status_code == 200 and index["Content-Type"].startswith("application/xml")
    sections = _urls(index.content)
    assert "http://testserver/sitemap-products-vi.xml" in sections and "http://testserver/sitemap-certificates-en.xml" in sections
    site = settings.SITE_URL
    with django_assert_max_num_queries(3):  # standings check, count, one page of (id, changed)
        products = _urls(client.get("/sitemap-products-vi.xml").content)
    assert products == [f"{site}/san-pham/{p.pk}/" for p in sorted(catalog.published, key=lambda p: p.pk)]
    assert _urls(client.get("/sitemap-products-en.xml").content) == [f"{site}/en/san-pham/{p.pk}/" for p in
                                                                      sorted(catalog.published, key=lambda p: p.pk)]
    producers = _urls(client.get("/sitemap-producers-vi.xml").content)
    assert sorted(producers) == sorted(f"{site}/chu-the/{p.pk}/" for p in
                                       (catalog.producer_a, catalog.producer_b, catalog.producer_hcm))
    certificates = _urls(client.get("/sitemap-certificates-vi.xml").content)
    expected = {catalog.cert_banh_pia.uid, catalog.cert_dieu.uid, catalog.cert_tra.uid}
    assert sorted(certificates) == sorted(f"{site}/xac-minh/{uid}/" for uid in expected)
    assert f"{site}/" in _urls(client.get("/sitemap-pages-vi.xml").content)
    assert f"{site}/en/" in _urls(client.get("/sitemap-pages-en.xml").content)
    assert client.get("/sitemap-products-vi.xml", {"p": 2}).status_code == 404


def test_robots_txt_allows_public_pages_and_points_at_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200 and response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.text.splitlines()
    assert lines[:2] == ["User-agent: *", "Allow: /"]
    for private in ("/admin/", "/portal/", "/api/v1/docs", "/tai-khoan/"):
        assert f"Disallow: {private}" in lines
    assert f"Sitemap: {settings.SITE_URL}/sitemap.xml" in lines


def test_site_icon_svg_ico_and_png(client):
    html = client.get("/").text
    assert '<link rel="icon" href="/static/ocop/favicon.svg" type="image/svg+xml">' in html
    svg = client.get("/static/ocop/favicon.svg")
    assert svg.status_code == 200 and b"<svg" in b"".join(svg.streaming_content)
    ico = client.get("/favicon.ico")
    assert ico.status_code == 200 and ico["Content-Type"] == "image/x-icon"
    image = Image.open(io.BytesIO(ico.content))
    assert image.format == "ICO" and (32, 32) in image.info["sizes"]
    png = Image.open(io.BytesIO(client.get("/apple-touch-icon.png").content))
    assert png.format == "PNG" and png.size == (180, 180)
    # The drawing: green tile, yellow star at the centre.
    assert png.convert("RGB").getpixel((90, 90)) == (253, 224, 71)
    assert png.convert("RGB").getpixel((10, 90)) == (21, 128, 61)


def test_english_404_under_the_english_prefix(client):
    response = client.get("/en/khong-co-trang-nay/")
    assert response.status_code == 404
    assert "Page not found" in response.text and '<html lang="en">' in response.text
    vietnamese = client.get("/khong-co-trang-nay/")
    assert "Không tìm thấy trang" in vietnamese.text
