"""Bulk creation for the Excel import: the same rules as producer_create / product_create (scope,
full_clean, search text, codes, one AuditEvent per record through ocop.core.audit.audit_record_many) in a few queries per batch
instead of several per row, so that a 20,000-row file imports in seconds.

Differences from the single-record services, and why they are safe here:
* the commune of each row is checked once per distinct unit (current commune, write scope);
* the database CheckConstraint is not re-queried per row: Producer.clean() checks the same rule
  in Python, and the constraint itself still guards the insert;
* possible duplicates were reported by the import's validation and confirmed by the user.
"""

from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ocop.core.audit import AuditAction, Entry, audit_record_many, snapshot
from ocop.registry import services
from ocop.registry.models import Producer, Product
from ocop.registry.search_text import producer_search_text, product_search_text
from ocop.registry.validators import normalize_code

BATCH = 500


def _check_units(actor, units) -> None:
    for unit in {u.pk: u for u in units}.values():
        if not (unit.generation == "current" and unit.level == "commune"):
            raise ValidationError({"unit": _("Phải là xã, phường hiện hành.")})
        services.check_can_write(actor, unit)


def _audit_created(action: AuditAction, actor, objects, fields) -> None:
    audit_record_many(action=action, actor=actor, batch_size=BATCH, entries=(
        Entry(obj, unit=obj.unit,
              after=snapshot(obj, fields) | ({"ocop_code": obj.ocop_code} if hasattr(obj, "ocop_code") else {}))
        for obj in objects
    ))


@transaction.atomic
def producers_create_bulk(*, actor, rows: list[dict]) -> list[Producer]:
    """Create one producer per dict of fields (unit as an AdminUnit)."""
    _check_units(actor, [row["unit"] for row in rows])
    producers = []
    for fields in rows:
        producer = Producer(**fields)
        producer.tax_code = normalize_code(producer.tax_code)
        producer.full_clean(exclude=["unit"], validate_unique=False, validate_constraints=False)
        producer.search_text = producer_search_text(producer)
        producers.append(producer)
    created = Producer.objects.bulk_create(producers, batch_size=BATCH)
    _audit_created(AuditAction.PRODUCER_CREATE, actor, created, services.PRODUCER_FIELDS)
    return created


@transaction.atomic
def products_create_bulk(*, actor, rows: list[dict], year: int | None = None) -> list[Product]:
    """Create one product per dict of fields (producer and unit as objects). Products get their
    OCOP code when first sent for evaluation; with YEAR (products evaluated that year) the codes
    are reserved now, per commune in one locked counter update each."""
    _check_units(actor, [row["unit"] for row in rows])
    by_unit: dict[int, list[Product]] = defaultdict(list)
    products = []
    for fields in rows:
        product = Product(**fields)
        product.full_clean(exclude=["unit", "producer"], validate_unique=False, validate_constraints=False)
        services.product_kind_check(product)
        by_unit[product.unit.pk].append(product)
        products.append(product)
    if year is not None:
        for group in by_unit.values():
            for product, code in zip(group, services.product_codes_reserve(group[0].unit, year, len(group)), strict=True):
                product.ocop_code = code
    for product in products:
        product.search_text = product_search_text(product)
    created = Product.objects.bulk_create(products, batch_size=BATCH)
    _audit_created(AuditAction.PRODUCT_CREATE, actor, created, services.PRODUCT_FIELDS)
    return created
