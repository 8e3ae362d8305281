"""Đồng Nai demo trade promotion: fairs with participants, sales, buyers and follow-up orders, two
OCOP sales points and e-commerce search links for published products.

Figures are illustrative. E-commerce links are the platforms' own search pages for the product's
name (no invented shop address). Idempotent: events by (name, start date), participation by
(event, producer), contacts by (participation, name), orders by (participation, date), sales
points by (name, commune), links by (product, URL).
"""

from datetime import date, timedelta
from decimal import Decimal
from urllib.parse import quote_plus

from django.conf import settings
from django.utils import timezone

from ocop.certificates.selectors import with_current_certificate
from ocop.promotion import services
from ocop.promotion.models import BuyerContact, EcommerceLink, Event, FollowUpOrder, Participation, SalesPoint
from ocop.registry.models import Product
from ocop.territory.models import AdminUnit

BUYERS = [("Nguyễn Văn Minh", "Siêu thị Co.opmart Biên Hòa"), ("Trần Thị Lan", "Chuỗi Bách Hóa Xanh"),
          ("Lê Quốc Huy", "Công ty XNK Nông sản Sài Gòn"), ("Phạm Thu Trang", "Cửa hàng đặc sản Long Khánh")]


def _event(province, name, starts_on, days, place, organiser, cost, kind=Event.Kind.FAIR):
    event = Event.objects.filter(name=name, starts_on=starts_on).first()
    if event is None:
        event = services.event_save(event=Event(
            name=name, kind=kind, organiser=organiser, starts_on=starts_on, ends_on=starts_on + timedelta(days=days),
            place=place, unit=province, organising_cost=Decimal(cost), visitors=days * 3000,
        ), actor=None)
    return event


def _take_part(event, producer, products, index: int) -> Participation:
    participation = Participation.objects.filter(event=event, producer=producer).first()
    if participation is None:
        participation = services.participation_save(participation=Participation(
            event=event, producer=producer, booth=f"A{index + 1:02d}", cost=Decimal(1_500_000 + 250_000 * (index % 4)),
            sales=Decimal(2_000_000 + 1_300_000 * (index % 5)),
        ), actor=None, products=products)
    if index % 2 == 0:
        name, organisation = BUYERS[index % len(BUYERS)]
        buyer = BuyerContact.objects.filter(participation=participation, name=name).first() or \
            services.buyer_contact_save(contact=BuyerContact(participation=participation, name=name,
                                                             organisation=organisation), actor=None)
        ordered_on = event.ends_on + timedelta(days=14)
        if ordered_on <= timezone.localdate() and not FollowUpOrder.objects.filter(
                participation=participation, ordered_on=ordered_on).exists():
            services.follow_up_order_save(order=FollowUpOrder(
                participation=participation, buyer=buyer, ordered_on=ordered_on,
                amount=Decimal(5_000_000 + 2_000_000 * (index % 3)),
            ), actor=None)
    return participation


def seed(log=print) -> dict:
    code = settings.OCOP_DEFAULT_PROVINCE_CODE
    province = AdminUnit.objects.filter(generation="current", level="province", code=code).first()
    if province is None:
        log("Xúc tiến thương mại: chưa có đơn vị hành chính, bỏ qua.")
        return {"skipped": True}
    # The province's products the catalog shows: a certificate in force, not withdrawn from the catalog
    # (read through the product's reverse relation: promotion imports nothing of the catalog, a face).
    recognised = with_current_certificate(Product.objects.filter(is_active=True, unit__parent=province,
                                                                 catalog_withdrawal__isnull=True))
    products = list(recognised.filter(public_stars__isnull=False).select_related("producer", "unit").order_by("pk")[:40])
    if not products:
        log("Xúc tiến thương mại: chưa có sản phẩm OCOP được công nhận, bỏ qua.")
        return {"skipped": True}
    today = timezone.localdate()
    events = [
        _event(province, "Hội chợ OCOP và hàng nông sản Đồng Nai", date(today.year, 4, 18), 4,
               "Trung tâm Hội nghị Tiệc cưới Biên Hòa", "Sở Công Thương Đồng Nai", 180_000_000),
        _event(province, "Phiên chợ hàng Việt – sản phẩm OCOP", date(today.year, 9, 6), 2,
               "Quảng trường tỉnh Đồng Nai", "Trung tâm Xúc tiến Thương mại Đồng Nai", 60_000_000,
               Event.Kind.WEEK),
        _event(province, "Tuần lễ OCOP Đồng Nai tại TP Hồ Chí Minh", today + timedelta(days=45), 6,
               "Nhà văn hoá Thanh niên, TP Hồ Chí Minh", "Sở Nông nghiệp và Môi trường Đồng Nai", 120_000_000),
        _event(province, "Hội chợ OCOP Đồng Nai", date(today.year - 1, 11, 2), 3,
               "Công viên Biên Hùng, Biên Hòa", "Sở Công Thương Đồng Nai", 150_000_000),
    ]
    by_producer: dict[int, list] = {}
    for product in products:
        by_producer.setdefault(product.producer_id, []).append(product)
    producers = list(by_producer.items())
    for e, event in enumerate(events):
        if event.starts_on > today:
            continue
        for i, (_producer_id, items) in enumerate(producers[e * 3: e * 3 + 10]):
            _take_part(event, items[0].producer, items[:3], i)

    points = [("Điểm giới thiệu và bán sản phẩm OCOP Đồng Nai", "1 Nguyễn Ái Quốc"),
              ("Cửa hàng OCOP Long Khánh", "25 Hùng Vương")]
    for index, (name, address) in enumerate(points):
        unit = products[index % len(products)].unit
        point = SalesPoint.objects.filter(name=name, unit=unit).first()
        if point is None:
            services.sales_point_save(sales_point=SalesPoint(
                name=name, address=address, unit=unit, operator="Trung tâm Xúc tiến Thương mại Đồng Nai",
                opened_on=date(today.year - 2, 6, 1),
            ), actor=None, products=products[index::2][:15])

    links = 0
    for product in products[:12]:
        for platform, base in (("shopee", "https://shopee.vn/search?keyword="), ("tiki", "https://tiki.vn/search?q=")):
            url = base + quote_plus(product.name)
            if not EcommerceLink.objects.filter(product=product, url=url).exists():
                services.ecommerce_link_save(link=EcommerceLink(product=product, platform=platform, url=url,
                                                                shop_name=product.producer.name[:150]), actor=None)
                links += 1
    counts = {"events": Event.objects.count(), "participations": Participation.objects.count(),
              "sales_points": SalesPoint.objects.count(), "links_added": links}
    log(f"Xúc tiến thương mại: {counts['events']} sự kiện, {counts['participations']} lượt tham gia, "
        f"{counts['sales_points']} điểm bán, thêm {links} liên kết thương mại điện tử.")
    return counts
