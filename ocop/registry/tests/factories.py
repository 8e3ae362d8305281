"""Factories of the registry's rows (factory_boy): producers, products, documents. The one place a
test anywhere builds a producer or a product; they write rows directly (fast), and the services are
tested through themselves.

    ProducerFactory(unit=commune)                   a cooperative with a tax code
    HouseholdFactory(unit=commune, name="Hộ …")      a household business, no tax code
    ProductFactory(producer=producer, name="…")      in its producer's unit unless unit= is given
    ProductFactory(producer__unit=commune)           with a new cooperative of its own
"""

import factory

from ocop.lib.text import fold
from ocop.registry.models import Document, Producer, Product


class ProducerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Producer

    kind = Producer.Kind.COOPERATIVE
    name = factory.Sequence(lambda n: f"Hợp tác xã Nông nghiệp Số {n}")
    tax_code = factory.Sequence(lambda n: f"36{n:08d}")
    rep_name = "Nguyễn Thị Hoa"
    workforce_total = 10
    search_text = factory.LazyAttribute(lambda o: fold(f"{o.name} {o.tax_code}"))


class HouseholdFactory(ProducerFactory):
    kind = Producer.Kind.HOUSEHOLD
    name = factory.Sequence(lambda n: f"Hộ kinh doanh Lê Văn {n}")
    tax_code = ""
    rep_name = "Lê Văn Tâm"
    workforce_total = 0


class ProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Product

    producer = factory.SubFactory(ProducerFactory)
    unit = factory.SelfAttribute("producer.unit")
    name = factory.Sequence(lambda n: f"Hạt điều rang muối {n}")
    criteria_set = "07"
    ocop_code = None
    search_text = factory.LazyAttribute(
        lambda o: fold(f"{o.name} {o.producer.name} {o.ocop_code or ''}".strip()))


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Document

    producer = factory.SubFactory(ProducerFactory)
    kind = Document.Kind.FOOD_SAFETY
    number = factory.Sequence(lambda n: f"{n:03d}/ATTP")
    issuer = "Sở Y tế Đồng Nai"
    file = factory.django.FileField(filename="giay.pdf", data=b"%PDF-1.4\n%%EOF\n")
