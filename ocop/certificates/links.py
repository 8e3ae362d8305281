"""Links from the public verification page to pages of the apps above certificates (the catalog's
product page and its report of a suspected fake). Certificates never import those apps: each
registers a provider here when it is ready (ocop.catalog.apps), and the page asks them all. With no
provider registered (the catalog not installed), the page shows no links."""

from collections.abc import Callable

#: Providers: certificate → {link name: URL} ("product", "report"); registered at app start.
PROVIDERS: list[Callable[[object], dict[str, str]]] = []


def register(provider: Callable[[object], dict[str, str]]) -> None:
    if provider not in PROVIDERS:
        PROVIDERS.append(provider)


def public_links(certificate) -> dict[str, str]:
    links: dict[str, str] = {}
    for provider in PROVIDERS:
        links.update(provider(certificate))
    return links
