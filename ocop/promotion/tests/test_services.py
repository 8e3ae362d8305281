"""Promotion services: scope, validation, audit; and the indicators selector."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ocop.core.models import AuditEvent
from ocop.promotion import services
from ocop.promotion.models import BuyerContact, EcommerceLink, Event, FollowUpOrder, Participation, SalesPoint
from ocop.promotion.selectors import promotion_indicators

pytestmark = pytest.mark.django_db


def fair(unit, **extra):
    fields = {"name": "Hội chợ OCOP Đồng Nai 2026", "organiser": "Sở Công Thương", "starts_on": date(2026, 5, 1),
              "ends_on": date(2026, 5, 5), "place": "Biên Hòa", "unit": unit, "organising_cost": Decimal(10_000_000)}
    return Event(**(fields | extra))


def test_event_save_writes_an_audit_event(personas):
    event = services.event_save(event=fair(personas.units.dong_nai), actor=personas.province)
    assert AuditEvent.objects.filter(action="promotion.event.create", target_id=str(event.pk)).exists()
    event.place = "Long Khánh"
    services.event_save(event=event, actor=personas.province)
    update = AuditEvent.objects.get(action="promotion.event.update")
    assert update.before == {"place": "Biên Hòa"} and update.after == {"place": "Long Khánh"}


@pytest.mark.parametrize(("persona", "allowed"), [
    ("province", True), ("national", True), ("superuser", True),
    ("commune_a", False), ("other_province", False), ("auditor", False), ("producer", False),
])
def test_who_may_record_a_province_event(personas, persona, allowed):
    event = fair(personas.units.dong_nai)
    if allowed:
        services.event_save(event=event, actor=getattr(personas, persona))
    else:
        with pytest.raises(PermissionDenied):
            services.event_save(event=event, actor=getattr(personas, persona))


def test_moving_a_record_out_of_scope_is_refused(personas):
    event = services.event_save(event=fair(personas.units.commune_a), actor=personas.commune_a)
    event.unit = personas.units.commune_b
    with pytest.raises(PermissionDenied):
        services.event_save(event=event, actor=personas.commune_a)


def test_dates_and_money_are_validated(personas):
    with pytest.raises(ValidationError):
        services.event_save(event=fair(personas.units.dong_nai, ends_on=date(2026, 4, 1)), actor=None)
    with pytest.raises(ValidationError):
        services.event_save(event=fair(personas.units.dong_nai, organising_cost=Decimal(-1)), actor=None)


def test_participation_products_must_be_the_producers(personas, catalog):
    event = services.event_save(event=fair(personas.units.dong_nai), actor=None)
    participation = Participation(event=event, producer=catalog.producer_a, cost=Decimal(1), sales=Decimal(2))
    with pytest.raises(ValidationError):
        services.participation_save(participation=participation, actor=None, products=[catalog.dieu])
    services.participation_save(participation=participation, actor=None, products=[catalog.banh_pia])
    assert list(participation.products.all()) == [catalog.banh_pia]


def test_a_follow_up_order_names_a_buyer_met_at_the_same_event(personas, catalog):
    event = services.event_save(event=fair(personas.units.dong_nai), actor=None)
    a = services.participation_save(participation=Participation(event=event, producer=catalog.producer_a), actor=None)
    b = services.participation_save(participation=Participation(event=event, producer=catalog.producer_b), actor=None)
    buyer = services.buyer_contact_save(contact=BuyerContact(participation=a, name="Co.opmart"), actor=None)
    with pytest.raises(ValidationError):
        services.follow_up_order_save(order=FollowUpOrder(participation=b, buyer=buyer, ordered_on=date(2026, 6, 1),
                                                          amount=Decimal(5)), actor=None)


@pytest.mark.parametrize(("url", "ok"), [
    ("https://shopee.vn/banh-pia", True), ("HTTPS://tiki.vn/x", True), ("http://example.vn", True),
    ("javascript:alert(1)", False), ("ftp://example.vn/x", False), ("shopee.vn/x", False),
])
def test_ecommerce_links_are_http_or_https(personas, catalog, url, ok):
    link = EcommerceLink(product=catalog.banh_pia, platform="shopee", url=url)
    if ok:
        saved = services.ecommerce_link_save(link=link, actor=personas.commune_a)
        assert saved.url.startswith(("http://", "https://"))
    else:
        with pytest.raises(ValidationError):
            services.ecommerce_link_save(link=link, actor=personas.commune_a)


def test_ecommerce_links_are_scoped_by_the_products_commune(personas, catalog):
    with pytest.raises(PermissionDenied):
        services.ecommerce_link_save(link=EcommerceLink(product=catalog.banh_pia, platform="tiki",
                                                        url="https://tiki.vn/a"), actor=personas.commune_b)


def test_sales_point_keeps_its_products(personas, catalog):
    point = SalesPoint(name="Điểm bán OCOP Trấn Biên", address="12 Võ Thị Sáu", unit=personas.units.commune_a)
    services.sales_point_save(sales_point=point, actor=personas.commune_a, products=[catalog.banh_pia, catalog.dieu])
    assert point.products.count() == 2
    services.sales_point_delete(sales_point=point, actor=personas.province)
    assert not SalesPoint.objects.exists()
    assert AuditEvent.objects.filter(action="promotion.sales_point.delete").exists()


@pytest.fixture
def fairs(personas, catalog):
    dn, hcm = personas.units.dong_nai, personas.units.hcm
    e1 = services.event_save(event=fair(dn), actor=None)
    e2 = services.event_save(event=fair(personas.units.commune_a, name="Phiên chợ OCOP", organising_cost=Decimal(0),
                                        starts_on=date(2026, 9, 1), ends_on=date(2026, 9, 1)), actor=None)
    e3 = services.event_save(event=fair(hcm, name="Hội chợ TP HCM"), actor=None)
    services.event_save(event=fair(dn, name="Năm trước", starts_on=date(2025, 5, 1), ends_on=date(2025, 5, 2)),
                        actor=None)
    pa = services.participation_save(
        participation=Participation(event=e1, producer=catalog.producer_a, cost=Decimal(2_000_000),
                                    sales=Decimal(6_000_000)), actor=None, products=[catalog.banh_pia])
    services.participation_save(
        participation=Participation(event=e1, producer=catalog.producer_b, cost=Decimal(1_000_000),
                                    sales=Decimal(1_000_000)), actor=None, products=[catalog.dieu, catalog.revoked])
    services.participation_save(
        participation=Participation(event=e2, producer=catalog.producer_a, sales=Decimal(500_000)), actor=None)
    services.participation_save(
        participation=Participation(event=e3, producer=catalog.producer_hcm, sales=Decimal(9)), actor=None)
    buyer = services.buyer_contact_save(contact=BuyerContact(participation=pa, name="Bách Hóa Xanh"), actor=None)
    services.buyer_contact_save(contact=BuyerContact(participation=pa, name="Co.opmart"), actor=None)
    services.follow_up_order_save(order=FollowUpOrder(participation=pa, buyer=buyer, ordered_on=date(2026, 6, 1),
                                                      amount=Decimal(4_000_000)), actor=None)
    return e1, e2, e3


def test_indicators_of_a_province_year(personas, fairs):
    figures = promotion_indicators(unit=personas.units.dong_nai, year=2026)
    assert [f.event.name for f in figures.events] == ["Hội chợ OCOP Đồng Nai 2026", "Phiên chợ OCOP"]
    first = figures.events[0]
    assert (first.participants, first.products, first.contacts, first.orders) == (2, 3, 2, 1)
    assert first.result.sales == Decimal(7_000_000) and first.result.follow_up == Decimal(4_000_000)
    assert first.result.cost == Decimal(13_000_000)  # 3 M producers + 10 M organising
    assert first.result.ratio == Decimal("0.85")
    assert figures.event_count == 2 and figures.producers == 2 and figures.participations == 3
    assert figures.result.revenue == Decimal(11_500_000)


def test_indicators_country_commune_and_user_scope(personas, fairs):
    assert promotion_indicators(unit=None, year=2026).event_count == 3
    assert promotion_indicators(unit=personas.units.commune_a, year=2026).event_count == 1
    assert promotion_indicators(unit=None, year=2026, user=personas.other_province).event_count == 1
    assert promotion_indicators(unit=personas.units.dong_nai, year=2024).event_count == 0


def test_indicators_query_count_is_fixed(personas, fairs, django_assert_num_queries):
    with django_assert_num_queries(6):
        promotion_indicators(unit=personas.units.dong_nai, year=2026)


def test_demo_seed_is_idempotent(catalog):
    from ocop.promotion import demo

    first = demo.seed(log=lambda *a: None)
    second = demo.seed(log=lambda *a: None)
    assert first["events"] == second["events"] == 4
    assert first["participations"] == second["participations"] > 0
    assert second["links_added"] == 0 and EcommerceLink.objects.count() == 4
    assert set(SalesPoint.objects.values_list("products__unit__parent__code", flat=True)) <= {"75", None}
