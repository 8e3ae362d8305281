"""Every route the site answers: the URL resolver walked recursively (the admin site's get_urls()
included) and every operation of the API's OpenAPI schema.

A route's key names it in the permission matrix: the URL name with its namespace
("admin:registry_product_change", "portal:idea_detail"), the pattern for unnamed routes
("admin/<model>/<path:object_id>/" redirects, the admin's catch-all), and "METHOD /path" for API
operations ("GET /dossiers/{dossier_id}").
"""

import re
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver

#: URL patterns of the API; its operations are checked through the OpenAPI schema instead.
API_PREFIX = "api/v1/"


@dataclass(frozen=True)
class Route:
    key: str
    pattern: str  # the full pattern ("portal/y-tuong/<int:pk>/"); for the API, the OpenAPI path
    name: str | None = None
    api_methods: tuple[str, ...] = ()


def walk(patterns, prefix: str = "", namespace: str | None = None):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = namespace
            if entry.namespace:
                inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            yield from walk(entry.url_patterns, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            name = entry.name and (f"{namespace}:{entry.name}" if namespace else entry.name)
            yield prefix + str(entry.pattern), name


def route_key(pattern: str, name: str | None) -> str:
    return name or pattern


def url_routes(urlconf=None) -> list[Route]:
    """Site routes outside the API, one per key (a pattern registered twice counts once)."""
    routes = {}
    for pattern, name in walk(get_resolver(urlconf).url_patterns):
        if pattern.startswith(API_PREFIX) and name not in {"api:openapi-json", "api:openapi-view", "api:api-root"}:
            continue
        key = route_key(pattern, name)
        routes.setdefault(key, Route(key, pattern, name))
    return list(routes.values())


def api_url_paths(urlconf=None) -> set[str]:
    """The API's URL patterns as OpenAPI paths ("dossiers/<dossier_id>" → "/dossiers/{dossier_id}")."""
    paths = set()
    for pattern, name in walk(get_resolver(urlconf).url_patterns):
        if pattern.startswith(API_PREFIX) and name not in {"api:openapi-json", "api:openapi-view", "api:api-root"}:
            paths.add("/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", pattern))
    return paths


def api_routes(api) -> list[Route]:
    schema = api.get_openapi_schema()
    routes = []
    for path, operations in schema["paths"].items():
        methods = tuple(m.upper() for m in operations)
        for method in methods:
            routes.append(Route(f"{method} {path}", path, api_methods=methods))
    return routes
