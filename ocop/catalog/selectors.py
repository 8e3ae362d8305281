"""Everything the public sees goes through published_products(): a product is public when it is
recognised — it holds an OCOP certificate in force today (valid or expiring: issued, not past its
last valid day, not revoked) — it is still produced (is_active), and no officer has withdrawn it
from the catalog. Producers are public through their published products only; certificates,
sales points and e-commerce links only for published products.

The pages, the search, the API for anonymous users and the open-data files all start here.
Lists carry their related rows in a fixed number of queries (no N+1).
"""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone

from ocop.catalog.facets import sector_sets
from ocop.catalog.models import CatalogWithdrawal
from ocop.certificates.models import Certificate
from ocop.core.text import fold
from ocop.registry.models import Producer, Product, ProductPhoto
from ocop.territory.models import AdminUnit

MAX_SEARCH_WORDS = 8
MAX_SEARCH_LENGTH = 100


def today_local() -> date:
    return timezone.localdate()


def in_force_certificates(today: date | None = None) -> QuerySet[Certificate]:
    """Certificates in force on TODAY: status valid or expiring (ocop.certificates.lifecycle)."""
    today = today or today_local()
    return Certificate.objects.filter(issued_on__lte=today, valid_until__gte=today).filter(
        Q(revoked_on__isnull=True) | Q(revoked_on__gt=today)
    )


def with_current_certificate(queryset: QuerySet[Product], *, today: date | None = None) -> QuerySet[Product]:
    """Annotate each product with its certificate in force (the newest, as
    ocop.certificates.selectors.current_certificate): public_certificate_id and public_stars,
    both None for a product without one."""
    today = today or today_local()
    current = in_force_certificates(today).filter(product=OuterRef("pk")).order_by("-issued_on", "-pk")
    return queryset.annotate(public_certificate_id=Subquery(current.values("pk")[:1]),
                             public_stars=Subquery(current.values("stars")[:1]))


def published_products(*, today: date | None = None) -> QuerySet[Product]:
    """The one definition of a public product, annotated with its certificate's id and stars."""
    products = Product.objects.filter(is_active=True).filter(
        ~Exists(CatalogWithdrawal.objects.filter(product=OuterRef("pk")))
    )
    return with_current_certificate(products, today=today).filter(public_certificate_id__isnull=False)


def published_producers(*, today: date | None = None) -> QuerySet[Producer]:
    public = published_products(today=today).filter(producer=OuterRef("pk"))
    return Producer.objects.filter(Exists(public))


def published_certificates(*, today: date | None = None) -> QuerySet[Certificate]:
    """Certificates in force of published products."""
    today = today or today_local()
    products = published_products(today=today).values("pk")
    return in_force_certificates(today).filter(product__in=products)


# --- Search and filters --------------------------------------------------------------------------

def search_words(q: str | None) -> list[str]:
    """The folded words of a query ("Bánh  pía" → ["banh", "pia"]), bounded in number and length."""
    text = fold((q or "").replace("\x00", " ")[:MAX_SEARCH_LENGTH])
    return text.split()[:MAX_SEARCH_WORDS]


@dataclass(frozen=True)
class CatalogFilters:
    q: str = ""
    stars: int | None = None
    sector: str = ""
    criteria_set: str = ""
    province: str = ""  # current province code, e.g. "75"
    commune: str = ""  # current commune code, e.g. "26068"
    kind: str = ""  # producer kind
    producer: int | None = None
    sort: str = "stars"  # "stars" | "name" | "new"

    def cache_key(self) -> str:
        return "|".join(str(getattr(self, f)) for f in self.__dataclass_fields__)


SORTS = {
    "stars": (F("public_stars").desc(nulls_last=True), "name", "pk"),
    "name": ("name", "pk"),
    "new": ("-pk",),
}


def _unit_path(level: str, code: str) -> str | None:
    if not code:
        return None
    unit = AdminUnit.objects.filter(generation=AdminUnit.Generation.CURRENT, level=level, code=code).only("path")
    found = unit.first()
    return found.path if found else ""


def filter_products(queryset: QuerySet[Product], filters: CatalogFilters) -> QuerySet[Product]:
    """Apply the catalog's search and filters to a product queryset (public or scoped)."""
    for word in search_words(filters.q):
        queryset = queryset.filter(search_text__contains=word)
    if filters.stars:
        queryset = queryset.filter(public_stars=filters.stars)
    if filters.sector:
        queryset = queryset.filter(criteria_set__in=sector_sets(filters.sector))
    if filters.criteria_set:
        queryset = queryset.filter(criteria_set=filters.criteria_set)
    for level, code in ((AdminUnit.Level.PROVINCE, filters.province), (AdminUnit.Level.COMMUNE, filters.commune)):
        path = _unit_path(level, code)
        if path is not None:
            queryset = queryset.filter(unit__path__startswith=path) if path else queryset.none()
    if filters.kind:
        queryset = queryset.filter(producer__kind=filters.kind)
    if filters.producer:
        queryset = queryset.filter(producer_id=filters.producer)
    return queryset.order_by(*SORTS.get(filters.sort, SORTS["stars"]))


def catalog_products(filters: CatalogFilters, *, today: date | None = None) -> QuerySet[Product]:
    products = published_products(today=today).select_related("producer", "unit__parent")
    return filter_products(products, filters)


# --- Related rows of a page of products ------------------------------------------------------------

def attach_public_details(products: list[Product]) -> list[Product]:
    """Set .certificate (with its decision) and .cover (first photo or None) on each product, in
    two queries whatever the number of products."""
    ids = [p.pk for p in products]
    certificates = Certificate.objects.filter(
        pk__in=[p.public_certificate_id for p in products]
    ).select_related("decision")
    by_id = {c.pk: c for c in certificates}
    covers: dict[int, ProductPhoto] = {}
    for photo in ProductPhoto.objects.filter(product_id__in=ids).order_by("product_id", "position", "id"):
        covers.setdefault(photo.product_id, photo)
    for product in products:
        product.certificate = by_id.get(product.public_certificate_id)
        product.cover = covers.get(product.pk)
    return products


def public_product_get(pk, *, today: date | None = None) -> Product:
    """A published product with its certificate, photos, producer and commune; 404 otherwise."""
    try:
        product = (
            published_products(today=today).select_related("producer__unit__parent", "unit__parent")
            .prefetch_related("photos").get(pk=int(pk))
        )
    except (Product.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404 from None
    attach_public_details([product])
    return product


def public_producer_get(pk, *, today: date | None = None) -> Producer:
    try:
        return published_producers(today=today).select_related("unit__parent").get(pk=int(pk))
    except (Producer.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404 from None


# --- Key figures -----------------------------------------------------------------------------------

@dataclass
class KeyFigures:
    products: int = 0
    producers: int = 0
    communes: int = 0
    by_stars: dict[int, int] = field(default_factory=dict)
    by_set: dict[str, int] = field(default_factory=dict)
    by_province: list[tuple[str, str, int]] = field(default_factory=list)  # (code, name, products)


def key_figures(*, today: date | None = None) -> KeyFigures:
    """Counts over published products, in four grouped queries."""
    products = published_products(today=today)
    figures = KeyFigures()
    for row in products.values("public_stars").annotate(n=Count("pk")).order_by():
        figures.by_stars[row["public_stars"]] = row["n"]
    figures.products = sum(figures.by_stars.values())
    for row in products.values("criteria_set").annotate(n=Count("pk")).order_by():
        figures.by_set[row["criteria_set"]] = row["n"]
    totals = products.aggregate(producers=Count("producer", distinct=True), communes=Count("unit", distinct=True))
    figures.producers, figures.communes = totals["producers"], totals["communes"]
    rows = products.values("unit__parent__code", "unit__parent__name").annotate(n=Count("pk")).order_by("-n")
    figures.by_province = [(r["unit__parent__code"], r["unit__parent__name"], r["n"]) for r in rows]
    return figures
