"""Concrete URLs for the permission matrix: every path parameter filled from the matrix world
(ocop/core/tests/permission_world.py), so parametrised routes are called on real records."""

import re

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from ocop.core.tests.routes import Route

ADMIN_MODEL = re.compile(r"^admin/(?P<app>\w+)/(?P<model>\w+)/")

#: pk of a route, by URL name: which record the route is about.
PK_OBJECT = {
    "portal:dossier_": "draft_dossier",
    "portal:product_": "registry.product",
    "portal:certificate_rerate": "certificates.certificate",
    "portal:address_request": "registry.producer",
    "portal:producer_detail": "registry.producer",
    "portal:verification_move": "registry.producer",
    "portal:document_create": "registry.producer",
    "portal:idea_create": "registry.producer",
    "portal:idea_": "cycle.productidea",
    "portal:plan_create": "cycle.productidea",
    "portal:plan_": "cycle.businessplan",
    "portal:implementation_": "cycle.implementation",
    "portal:milestone_done": "cycle.implementation",
    "catalog:product_detail": "registry.product",
    "catalog:producer_detail": "registry.producer",
    "admin:rating_dossier_": "rating.dossier",
    "admin:program_task_": "program.departmenttask",
    "admin:program_period_": "period",
    "admin:program_reportjob_": "program.reportjob",
}

#: The state a move route asks for: one the record may really reach from its current state.
MOVE_TARGET = {
    "portal:dossier_move": "submitted",
    "portal:verification_move": "verified",
    "portal:idea_move": "submitted",
    "portal:plan_move": "submitted",
    "portal:implementation_move": "completed",
}


def record(world, name: str):
    return world.objects.get(name) or world.values[name]


def _pk_object(world, name: str):
    for prefix, obj in PK_OBJECT.items():
        if name.startswith(prefix):
            return record(world, obj)
    raise LookupError(f"no record for the pk of {name}")


def _admin_object(world, route: Route):
    match = ADMIN_MODEL.match(route.pattern)
    return world.objects[f"{match['app']}.{match['model']}"]


def path_kwargs(route: Route, world) -> dict:
    params = re.findall(r"<(?:\w+:)?(\w+)>", route.pattern)
    name = route.name or ""
    values = {}
    for param in params:
        if param == "object_id":
            values[param] = str(_admin_object(world, route).pk)
        elif param == "pk":
            values[param] = _pk_object(world, name).pk
        elif param == "id":  # admin:auth_user_password_change
            values[param] = world.objects["accounts.user"].pk
        elif param == "evidence_pk":
            values[param] = world.values["evidence"].pk
        elif param == "photo_pk":
            values[param] = world.values["photo"].pk
        elif param == "link_pk":
            values[param] = world.objects["promotion.ecommercelink"].pk
        elif param == "milestone_pk":
            values[param] = world.values["milestone"].pk
        elif param == "level":
            values[param] = "province"
        elif param == "to":
            values[param] = MOVE_TARGET[name]
        elif param == "fmt":
            values[param] = "csv" if name.startswith("catalog:") else "pdf" if name.endswith("_document") else "xlsx"
        elif param == "name":
            values[param] = "san-pham"
        elif param == "regime":
            values[param] = "qd26-2026"
        elif param == "set_code":
            values[param] = "07"
        elif param == "uid":
            values[param] = world.values["uid"]
        elif param == "url":
            values[param] = "khong-co-trang-nay/"
        elif param == "section":  # sitemap-<section>.xml
            values[param] = "products-vi"
        elif param == "path":  # an evidence document of the producer in commune A
            values[param] = world.objects["registry.document"].file.name
        else:
            raise LookupError(f"no value for <{param}> in {route.pattern}")
    return values


def url_for(route: Route, world) -> str:
    if route.api_methods:
        return re.sub(r"{(\w+)}", lambda m: str(_api_value(m[1], route, world)), route.pattern)
    if route.name == "admin:view_on_site":
        product = world.objects["registry.product"]
        return reverse(route.name, kwargs={"content_type_id": ContentType.objects.get_for_model(product).pk,
                                           "object_id": product.pk})
    if route.name == "admin:app_list":
        return reverse(route.name, kwargs={"app_label": "registry"})
    kwargs = path_kwargs(route, world)
    if route.name:
        return reverse(route.name, kwargs=kwargs)
    # Unnamed: the admin's object redirects and catch-all, the DEBUG media route.
    path = route.pattern.removesuffix("$").replace("^", "")
    path = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: str(kwargs[m[1]]), path)
    path = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(kwargs[m[1]]), path)
    return "/" + path


def _api_value(param: str, route: Route, world):
    if param == "dossier_id" and "/sheets/" in route.pattern:
        return world.objects["rating.dossier"].pk  # accepted, before its council
    return {
        "unit_id": world.personas.units.commune_a.pk,
        "producer_id": world.objects["registry.producer"].pk,
        "product_id": world.objects["registry.product"].pk,
        "uid": world.values["uid"],
        "dossier_id": world.values["draft_dossier"].pk,
        "level": "province",
        "code": "products_certified",
        "product_code": _product_code(world),
    }[param]


def _product_code(world) -> str:
    """The OCOP code printed on the label of the world's certificate (its uid when it has none)."""
    from ocop.certificates.models import Certificate

    certificate = Certificate.objects.select_related("product").get(uid=world.values["uid"])
    return certificate.product.ocop_code or str(certificate.uid)
