"""Factories for registry tests. They write rows directly (fast); service behaviour is tested
through the services themselves."""

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


class ProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Product

    producer = factory.SubFactory(ProducerFactory)
    unit = factory.SelfAttribute("producer.unit")
    name = factory.Sequence(lambda n: f"Hạt điều rang muối {n}")
    criteria_set = "07"
    search_text = factory.LazyAttribute(lambda o: fold(f"{o.name} {o.producer.name}"))


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Document

    producer = factory.SubFactory(ProducerFactory)
    kind = Document.Kind.FOOD_SAFETY
    number = factory.Sequence(lambda n: f"{n:03d}/ATTP")
    issuer = "Sở Y tế Đồng Nai"
    file = factory.django.FileField(filename="giay.pdf", data=b"%PDF-1.4\n%%EOF\n")
