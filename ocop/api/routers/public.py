"""Read endpoints open to everyone: administrative units, producers, products, certificates.

Without credentials they serve published data only (ocop.catalog.selectors); with a token or a
session they serve the caller's scope (ocop.accounts.scope), exactly as the back office does.
Out-of-scope and unpublished records answer 404.
"""

from datetime import date
from uuid import UUID

from django.http import Http404
from ninja import Path, Query, Router

from ocop.api import present
from ocop.api.auth import PUBLIC, PUBLIC_OPENAPI, caller
from ocop.api.errors import READ_ERRORS
from ocop.api.pagination import Key, Ordering, page
from ocop.api.schemas import (
    MAX_ID,
    CertificateFilters,
    CertificateOut,
    CertificatePage,
    PageParams,
    ProducerFilters,
    ProducerOut,
    ProducerPage,
    ProductFilters,
    ProductOut,
    ProductPage,
    UnitFilters,
    UnitOut,
    UnitPage,
)
from ocop.catalog.selectors import (
    CatalogFilters,
    attach_public_details,
    filter_products,
    published_producers,
    published_products,
    with_current_certificate,
)
from ocop.certificates.models import Certificate
from ocop.certificates.selectors import certificate_lookup, public_certificates
from ocop.certificates.status import with_live_status
from ocop.registry.models import Producer, Product
from ocop.registry.selectors import folded_search, producers_visible_to, products_visible_to
from ocop.territory.models import AdminUnit
from ocop.territory.selectors import unit_list

router = Router(auth=PUBLIC)
PathId = Path(..., ge=1, le=MAX_ID)


def public_get(path: str, schema, tag: str, **kwargs):
    return router.get(path, response={200: schema, **READ_ERRORS}, tags=[tag], openapi_extra=PUBLIC_OPENAPI, **kwargs)


# The documented order of each list (docs/api.md); the id breaks ties, so the order is total.
BY_PATH = Ordering("path", (Key("path", str), Key("pk")))
BY_NAME = Ordering("name", (Key("name", str), Key("pk")))
PRODUCT_ORDERS = {
    "stars": Ordering("stars", (Key("public_stars", descending=True, nullable=True), Key("name", str), Key("pk"))),
    "name": BY_NAME,
    "new": Ordering("new", (Key("pk", descending=True),)),
}
NEWEST_ISSUED = Ordering("issued", (Key("issued_on", date, descending=True), Key("pk", descending=True)))


def by_id(queryset):
    """Load a page's rows by id from QUERYSET (the list's filters already chose them)."""
    return lambda ids: queryset.in_bulk(ids)


def _get(queryset, **lookup):
    try:
        return queryset.get(**lookup)
    except queryset.model.DoesNotExist:
        raise Http404 from None


# --- Units (reference data: the same for everyone) -------------------------------------------------

@public_get("/units", UnitPage, "units", summary="Đơn vị hành chính")
def units_list(request, filters: Query[UnitFilters], params: Query[PageParams]):
    units = unit_list(q=filters.q, generation=filters.generation, level=filters.level, parent=filters.parent)
    return page(units, params, BY_PATH, present.unit_out)


@public_get("/units/{unit_id}", UnitOut, "units")
def unit_get(request, unit_id: int = PathId):
    return present.unit_out(_get(AdminUnit.objects.all(), pk=unit_id))


# --- Producers ------------------------------------------------------------------------------------

def _producers(request):
    user = caller(request)
    base = published_producers() if user is None else producers_visible_to(user)
    return base.select_related("unit__parent"), user is not None


def _in_unit(queryset, field: str, level: str, code: str | None):
    if not code:
        return queryset
    unit = AdminUnit.objects.filter(generation="current", level=level, code=code).first()
    if unit is None:
        return queryset.none()
    return queryset.filter(**{f"{field}__path__startswith": unit.path})


@public_get("/producers", ProducerPage, "producers", summary="Chủ thể OCOP")
def producers_list(request, filters: Query[ProducerFilters], params: Query[PageParams]):
    queryset, private = _producers(request)
    if filters.kind:
        queryset = queryset.filter(kind=filters.kind)
    queryset = _in_unit(queryset, "unit", "province", filters.province)
    queryset = _in_unit(queryset, "unit", "commune", filters.commune)
    queryset = folded_search(queryset, (filters.q or "")[:100])
    return page(queryset, params, BY_NAME, lambda p: present.producer_out(p, private=private),
                load=by_id(Producer.objects.select_related("unit__parent")))


@public_get("/producers/{producer_id}", ProducerOut, "producers")
def producer_get(request, producer_id: int = PathId):
    queryset, private = _producers(request)
    return present.producer_out(_get(queryset, pk=producer_id), private=private)


# --- Products -------------------------------------------------------------------------------------

def _products(request):
    user = caller(request)
    base = published_products() if user is None else with_current_certificate(products_visible_to(user))
    return base, user


def _presenter(user):
    """Anonymous callers see published products only; others learn which of theirs are published."""
    published: set[int] = set()

    def prepare(items):
        attach_public_details(items)
        ids = [p.pk for p in items]
        if user is None:
            published.update(ids)
        else:
            published.update(published_products().filter(pk__in=ids).values_list("pk", flat=True))

    return prepare, lambda product: present.product_out(product, published_ids=published)


@public_get("/products", ProductPage, "products", summary="Sản phẩm")
def products_list(request, filters: Query[ProductFilters], params: Query[PageParams]):
    queryset, user = _products(request)
    queryset = filter_products(queryset, CatalogFilters(
        q=filters.q or "", stars=filters.stars, sector=filters.sector or "", criteria_set=filters.criteria_set or "",
        province=filters.province or "", commune=filters.commune or "", kind=filters.kind or "",
        producer=filters.producer, sort=filters.sort,
    ))
    prepare, show = _presenter(user)
    return page(queryset, params, PRODUCT_ORDERS[filters.sort], show, prepare=prepare, carry=("public_stars",),
                load=by_id(Product.objects.select_related("producer", "unit__parent")))


@public_get("/products/{product_id}", ProductOut, "products")
def product_get(request, product_id: int = PathId):
    queryset, user = _products(request)
    product = _get(queryset.select_related("producer", "unit__parent"), pk=product_id)
    prepare, show = _presenter(user)
    prepare([product])
    return show(product)


# --- Certificates (public: anyone verifies any issued certificate and its live status) ----------

def _certificate_rows(queryset=None):
    queryset = Certificate.objects.all() if queryset is None else queryset
    return with_live_status(queryset).select_related("product__producer", "decision", "revocation_decision")


def _certificates(request):
    return _certificate_rows(public_certificates(user=caller(request)))


@public_get("/certificates", CertificatePage, "certificates", summary="Giấy chứng nhận OCOP")
def certificates_list(request, filters: Query[CertificateFilters], params: Query[PageParams]):
    """Every issued certificate with its live status (valid, expiring, expired, revoked, suspended), for
    everyone: a revoked or expired certificate is listed and verifiable, not hidden."""
    queryset = _certificates(request)
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    if filters.stars:
        queryset = queryset.filter(stars=filters.stars)
    if filters.product:
        queryset = queryset.filter(product_id=filters.product)
    if filters.ocop_code:
        queryset = queryset.filter(product__ocop_code__iexact=filters.ocop_code)
    return page(queryset, params, NEWEST_ISSUED, present.certificate_out, load=by_id(_certificate_rows()))


@public_get("/certificates/by-code/{product_code}", CertificateOut, "certificates",
            summary="Tra cứu theo mã sản phẩm OCOP (hoặc mã xác minh)")
def certificate_by_code(request, product_code: str = Path(..., max_length=64)):
    """The certificate of the OCOP product code printed on the label (the product's most recently
    issued one), or of a verification code: the same lookup as the web page /xac-minh/<code>/.
    404 only when no certificate was ever issued under that code."""
    return present.certificate_out(certificate_lookup(product_code, queryset=_certificates(request)))


@public_get("/certificates/{uid}", CertificateOut, "certificates", summary="Xác minh giấy chứng nhận")
def certificate_get(request, uid: UUID):
    return present.certificate_out(_get(_certificates(request), uid=uid))
