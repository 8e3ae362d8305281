"""Reads of the registry, always through the user's scope (ocop.accounts.scope).

Lists carry their related rows (select_related) so the number of queries does not grow with
the number of rows. *_get raise Http404 outside the user's scope, exactly as for a missing row.
"""

from django.db.models import QuerySet
from django.http import Http404

from ocop.accounts.scope import visible_to
from ocop.lib.text import fold
from ocop.registry.models import Document, Producer, ProducerMember, Product
from ocop.registry.status import with_status


def folded_search(queryset: QuerySet, q: str | None, field: str = "search_text") -> QuerySet:
    """Rows whose folded search text contains every word of Q ("dong nai" finds "Đồng Nai")."""
    for word in fold(q).split():
        queryset = queryset.filter(**{f"{field}__contains": word})
    return queryset


def producers_visible_to(user) -> QuerySet[Producer]:
    return visible_to(Producer.objects.all(), user, "unit")


def producer_list(*, user, q: str | None = None, kind: str | None = None, unit=None) -> QuerySet[Producer]:
    queryset = producers_visible_to(user).select_related("unit__parent")
    if kind:
        queryset = queryset.filter(kind=kind)
    if unit is not None:
        queryset = queryset.filter(unit=unit)
    return folded_search(queryset, q)


def producer_get(*, user, pk) -> Producer:
    try:
        return producer_list(user=user).get(pk=pk)
    except (Producer.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def producers_of_user(user) -> QuerySet[Producer]:
    """The producers a portal user acts for ("my producer"), whatever their back-office scope."""
    if not getattr(user, "is_authenticated", False):
        return Producer.objects.none()
    ids = ProducerMember.objects.filter(user=user).values("producer_id")
    return Producer.objects.filter(pk__in=ids).select_related("unit__parent")


def products_visible_to(user) -> QuerySet[Product]:
    return visible_to(Product.objects.all(), user, "unit")


def product_list(
    *, user, q: str | None = None, producer=None, unit=None, criteria_set: str | None = None
) -> QuerySet[Product]:
    queryset = products_visible_to(user).select_related("producer", "unit__parent")
    if producer is not None:
        queryset = queryset.filter(producer=producer)
    if unit is not None:
        queryset = queryset.filter(unit=unit)
    if criteria_set:
        queryset = queryset.filter(criteria_set=criteria_set)
    return folded_search(queryset, q)


def product_get(*, user, pk) -> Product:
    try:
        return product_list(user=user).prefetch_related("photos").get(pk=pk)
    except (Product.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def documents_visible_to(user) -> QuerySet[Document]:
    return visible_to(Document.objects.all(), user, "producer__unit")


def document_list(
    *, user, producer=None, product=None, kind: str | None = None, status: str | None = None, q: str | None = None
) -> QuerySet[Document]:
    """Documents with their computed `status` annotation (valid / expiring / expired)."""
    queryset = with_status(documents_visible_to(user).select_related("producer__unit", "product"))
    if producer is not None:
        queryset = queryset.filter(producer=producer)
    if product is not None:
        queryset = queryset.filter(product=product)
    if kind:
        queryset = queryset.filter(kind=kind)
    if status:
        queryset = queryset.filter(status=status)
    return folded_search(queryset, q, "producer__search_text")


def document_get(*, user, pk) -> Document:
    try:
        return document_list(user=user).get(pk=pk)
    except (Document.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


# --- The producer's own records (portal): never another producer's -----------------------------

def own_products(user, *, q: str | None = None) -> QuerySet[Product]:
    """Products of the user's own producers ("Sản phẩm của tôi"), whatever their office scope."""
    if not getattr(user, "is_authenticated", False):
        return Product.objects.none()
    ids = ProducerMember.objects.filter(user=user).values("producer_id")
    queryset = Product.objects.filter(producer__in=ids).select_related("producer", "unit")
    return folded_search(queryset, q).order_by("name", "id")


def own_product_get(*, user, pk) -> Product:
    try:
        return own_products(user).get(pk=pk)
    except (Product.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def own_address_requests(producer) -> QuerySet:
    return producer.address_requests.select_related("old_unit", "unit", "decided_by").order_by("-requested_at", "-id")
