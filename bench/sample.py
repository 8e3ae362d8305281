"""Realistic inputs picked from the benchmark database: the province with the most products in
force, a published product of it, a certificate in force of that product, and a superuser to open
the back-office pages with (created once, named bench-admin, when the data has none)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Sample:
    today: date
    province_id: int
    province_code: str
    province_name: str
    product_id: int
    certificate_uid: str
    user_id: int
    products: int
    published: int
    certificates: int
    producers: int
    communes_with_products: int


def superuser():
    from django.contrib.auth import get_user_model

    User = get_user_model()
    user = User.objects.filter(is_superuser=True, is_active=True).order_by("pk").first()
    if user is None:
        user = User.objects.create_superuser("bench-admin", "bench-admin@example.invalid", None)
    return user


def pick() -> Sample:
    from django.db.models import Count

    from ocop.catalog.selectors import in_force_certificates, published_products, today_local
    from ocop.certificates.models import Certificate
    from ocop.registry.models import Producer, Product
    from ocop.territory.models import AdminUnit

    today = today_local()
    busiest = (in_force_certificates(today).filter(product__unit__parent__level=AdminUnit.Level.PROVINCE)
               .values("product__unit__parent").annotate(n=Count("pk")).order_by("-n").first())
    if busiest is None:
        raise SystemExit("Cơ sở dữ liệu đo không có giấy chứng nhận còn hiệu lực nào: chưa tạo dữ liệu?")
    province = AdminUnit.objects.get(pk=busiest["product__unit__parent"])
    published = published_products(today=today)
    product = published.filter(unit__parent=province).order_by("pk").first()
    certificate = in_force_certificates(today).filter(product=product).order_by("-stars", "-issued_on").first()
    return Sample(
        today=today, province_id=province.pk, province_code=province.code, province_name=province.name,
        product_id=product.pk, certificate_uid=str(certificate.uid), user_id=superuser().pk,
        products=Product.objects.count(), published=published.count(), certificates=Certificate.objects.count(),
        producers=Producer.objects.count(),
        communes_with_products=Product.objects.values("unit").distinct().count(),
    )
