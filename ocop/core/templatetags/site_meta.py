"""The <head> of public pages: canonical link, hreflang alternates, Open Graph and JSON-LD.

Absolute URLs use SITE_URL (the address printed on QR codes), never the request's Host header,
so a page reached through another name still points search engines at the one public address."""

import json

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

register = template.Library()

OG_LOCALES = {"vi": "vi_VN", "en": "en_GB"}
# Characters that would end a <script> element or open an HTML comment inside JSON-LD.
JSON_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def absolute(path: str) -> str:
    return path if path.startswith(("http://", "https://")) else f"{settings.SITE_URL}{path}"


@register.simple_tag(takes_context=True)
def page_links(context):
    """{"canonical", "alternates": [(hreflang, url)], "og_locale"} of the current page.

    The canonical URL keeps only the page number of a list (filters and searches are variants of
    the list, not pages of their own). Alternates only where the page exists in both languages."""
    request = context.get("request")
    if request is None:
        return {"canonical": "", "alternates": [], "og_locale": OG_LOCALES["vi"]}
    path = request.path
    page = request.GET.get("page", "")
    query = f"?page={page}" if page.isdigit() and page != "1" else ""
    versions = {code: translate_url(path, code) for code, _ in settings.LANGUAGES}
    alternates = []
    if len(set(versions.values())) > 1:
        alternates = [(code, absolute(url + query)) for code, url in versions.items()]
        alternates.append(("x-default", absolute(versions[settings.LANGUAGE_CODE] + query)))
    return {
        "canonical": absolute(path + query),
        "alternates": alternates,
        "og_locale": OG_LOCALES.get(get_language() or "vi", "vi_VN"),
    }


@register.filter
def absolute_url(path) -> str:
    return absolute(str(path)) if path else ""


@register.simple_tag(takes_context=True)
def json_ld(context, data: dict):
    """A schema.org block: <script type="application/ld+json"> with the page's CSP nonce."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(JSON_ESCAPES)
    return format_html('<script type="application/ld+json" nonce="{}">{}</script>',
                       context.get("csp_nonce", ""), mark_safe(text))  # noqa: S308 (escaped above)
