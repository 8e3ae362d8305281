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

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Count, F, QuerySet, Window
from django.db.models.expressions import RawSQL
from django.http import Http404
from django.utils import timezone

from ocop.catalog.facets import sector_sets
from ocop.catalog.models import CatalogWithdrawal
from ocop.certificates.models import Certificate
from ocop.certificates.selectors import certificates_for_products, with_current_certificate
from ocop.certificates.status import in_force_q
from ocop.lib.text import fold
from ocop.registry.models import Producer, Product, ProductPhoto
from ocop.territory.models import AdminUnit

MAX_SEARCH_WORDS = 8
MAX_SEARCH_LENGTH = 100


def today_local() -> date:
    return timezone.localdate()


def in_force_certificates(today: date | None = None) -> QuerySet[Certificate]:
    return Certificate.objects.filter(in_force_q(today or today_local()))


def published_products(*, today: date | None = None) -> QuerySet[Product]:
    """The one definition of a public product, annotated with public_stars. The certificate
    shown for it is its best in force: the highest stars, then the newest (current_certificates)."""
    # NOT IN over the (few) withdrawals: one hashed lookup per row, where NOT EXISTS made PostgreSQL
    # probe the withdrawals once per product.
    products = Product.objects.filter(is_active=True).exclude(pk__in=CatalogWithdrawal.objects.values("product_id"))
    # public_stars is annotated by with_current_certificate (the type checker cannot follow it).
    return with_current_certificate(products, today=today).filter(public_stars__isnull=False)  # type: ignore[misc]


def current_certificates(product_ids, *, today: date | None = None) -> dict[int, Certificate]:
    """{product id: the certificate it shows} (its best in force, with its decision), in one query."""
    return certificates_for_products(product_ids, today=today or today_local())


def published_producers(*, today: date | None = None) -> QuerySet[Producer]:
    return Producer.objects.filter(pk__in=published_products(today=today).values("producer_id"))


def published_certificates(*, today: date | None = None) -> QuerySet[Certificate]:
    """Certificates in force of published products."""
    today = today or today_local()
    return in_force_certificates(today).filter(product__in=published_products(today=today).values("pk"))


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
        queryset = queryset.filter(public_stars=filters.stars)  # type: ignore[misc]  # annotated
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
    return filter_products(published_products(today=today), filters)


def products_page(queryset: QuerySet[Product], offset: int, limit: int, *,
                  counted: bool = True) -> tuple[list[Product], int | None]:
    """One page of an annotated product queryset and the number of all its rows, in two queries:
    the page's ids, stars and total from a narrow query, then those products with their producer
    and commune. The total is None when the page is past the end.

    With stored standings (no GROUP BY) the page is read in index order and stops after it, and the
    total is an uncorrelated subquery, counted once from a covering index; over grouped rows (the
    computed fallback) the total is a window count over the sorted rows. COUNTED=False: the page
    only (the caller knows the total), and None for it."""
    if not counted:
        rows = list(queryset.values_list("pk", "public_stars")[offset: offset + limit])  # type: ignore[misc]  # annotated
        return _page_of([(pk, stars, None) for pk, stars in rows]), None
    if queryset.query.group_by is None:
        try:
            sql, params = queryset.order_by().values("pk").query.sql_with_params()
        except EmptyResultSet:  # a filter that can match nothing (an empty scope)
            return [], None
        total: RawSQL | Window = RawSQL(f"SELECT COUNT(*) FROM ({sql}) AS counted", params)
    else:
        total = Window(Count("*"))
    rows = list(queryset.annotate(page_total=total).values_list("pk", "public_stars", "page_total")
                [offset: offset + limit])
    return _page_of(rows), (rows[0][2] if rows else None)


def _page_of(rows) -> list[Product]:
    """The products of ROWS (id, stars, total) in their order, with producer and commune."""
    found = Product.objects.filter(pk__in=[row[0] for row in rows]).select_related("producer", "unit__parent")
    by_id = {product.pk: product for product in found}
    page = []
    for pk, stars, _total in rows:
        product = by_id[pk]
        product.public_stars = stars  # type: ignore[attr-defined]  # as the annotation would
        page.append(product)
    return page


# --- Related rows of a page of products ------------------------------------------------------------

def attach_public_details(products: list[Product], *, today: date | None = None) -> list[Product]:
    """Set .certificate (best in force, with its decision; None without one) and .cover (first
    photo or None) on each product, in two queries whatever the number of products."""
    ids = [p.pk for p in products]
    certificates = current_certificates(ids, today=today)
    covers: dict[int, ProductPhoto] = {}
    for photo in ProductPhoto.objects.filter(product_id__in=ids).order_by("product_id", "position", "id"):
        covers.setdefault(photo.product_id, photo)
    for product in products:
        product.certificate = certificates.get(product.pk)
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


def _over(queryset: QuerySet, select: str) -> list[tuple]:
    """Run SELECT over QUERYSET as the common table "t" (its annotations are its columns): group
    published products by their per-product aggregate, which the ORM cannot group by directly.
    A table used twice in SELECT is computed once (PostgreSQL materialises it)."""
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"WITH t AS ({sql}) {select}", params)
        return cursor.fetchall()


def key_figures(*, today: date | None = None) -> KeyFigures:
    """Counts over published products, in one query whatever their number: the products are grouped
    on their own columns first (from the covering index when the standings hold), and only the
    groups are joined to their commune and province."""
    keyed = published_products(today=today).annotate(k_set=F("criteria_set"), k_unit=F("unit_id"),
                                                     k_producer=F("producer_id"))
    rows = keyed.values("public_stars", "k_set", "k_unit", "k_producer").order_by()  # (no sort by name)
    units = connection.ops.quote_name(AdminUnit._meta.db_table)
    figures = KeyFigures()
    provinces: dict[tuple[str, str], int] = {}
    groups = _over(rows, "SELECT g.public_stars, g.k_set, p.code, p.name, SUM(g.n), NULL, NULL "
                         "FROM (SELECT t.public_stars, t.k_set, t.k_unit, COUNT(*) AS n FROM t "
                         "      GROUP BY t.public_stars, t.k_set, t.k_unit) AS g "
                         f"JOIN {units} AS u ON u.id = g.k_unit LEFT JOIN {units} AS p ON p.id = u.parent_id "
                         "GROUP BY g.public_stars, g.k_set, p.code, p.name "
                         "UNION ALL SELECT NULL, NULL, NULL, NULL, NULL, COUNT(DISTINCT t.k_producer), "
                         "COUNT(DISTINCT t.k_unit) FROM t")
    for stars, criteria_set, code, name, n, producers, communes in groups:
        if n is None:
            figures.producers, figures.communes = producers, communes
            continue
        n = int(n)
        figures.by_stars[stars] = figures.by_stars.get(stars, 0) + n
        figures.by_set[criteria_set] = figures.by_set.get(criteria_set, 0) + n
        provinces[(code, name)] = provinces.get((code, name), 0) + n
    figures.products = sum(figures.by_stars.values())
    figures.by_province = sorted(((c, name, n) for (c, name), n in provinces.items()), key=lambda r: (-r[2], r[0] or ""))
    return figures
