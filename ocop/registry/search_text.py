"""What the registry's searches match a producer or a product on: names and codes, folded (no
diacritics, lower case; ocop.lib.text.fold), kept in each record's ``search_text``."""

from ocop.lib.text import fold
from ocop.registry.models import Producer, Product


def producer_search_text(producer: Producer) -> str:
    return fold(f"{producer.name} {producer.tax_code} {producer.rep_name}")


def product_search_text(product: Product, producer_name: str | None = None) -> str:
    producer_name = producer_name if producer_name is not None else product.producer.name
    return fold(f"{product.name} {producer_name} {product.ocop_code or ''}")
