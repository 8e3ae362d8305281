"""Trade promotion (step 6): fairs and other events of every province with the producers that
took part, the products they showed, buyers met and orders that followed; OCOP sales points with
the recognised products they sell; e-commerce listings of recognised products."""

from collections import defaultdict
from datetime import date
from decimal import Decimal

from ocop.ops.synth import names
from ocop.ops.synth.context import Context, at, days
from ocop.promotion.models import BuyerContact, EcommerceLink, Event, FollowUpOrder, Participation, SalesPoint

THOUSAND = Decimal(1000)
PLATFORMS = (("shopee", "https://shopee.vn/ocop-{id}"), ("lazada", "https://www.lazada.vn/products/ocop-{id}.html"),
             ("tiki", "https://tiki.vn/ocop-p{id}.html"), ("tiktok", "https://www.tiktok.com/@ocop{id}"),
             ("postmart", "https://postmart.vn/san-pham/ocop-{id}"), ("website", "https://ocop{id}.example.com/"))
SALES_POINT_KINDS = (("showroom", "Trung tâm giới thiệu và bán sản phẩm OCOP"), ("shop", "Cửa hàng OCOP"),
                     ("supermarket", "Quầy OCOP siêu thị"), ("tourism", "Điểm dừng chân OCOP"))


def _events(ctx: Context, rng, producers_by_province, products_by_producer) -> None:
    events, participations, shown, contacts, orders = [], [], [], [], []
    through = Participation.products.through
    per_year = max(1, round(3 * ctx.factor))
    for province in ctx.geo.provinces:
        pool = producers_by_province[province.id]
        for year in range(ctx.today.year - 2, ctx.today.year + 1):
            for _ in range(per_year):
                starts = date(year, rng.randint(1, 12), rng.randint(1, 24))
                ends = starts + days(rng.randint(0, 5))
                kind, title = rng.choice(names.EVENT_KINDS)
                eid = ctx.sink.next_id(Event)
                past = ends < ctx.today
                events.append((eid, f"{title} {province.name} {year}", kind, f"Sở Công Thương tỉnh {province.name}",
                               starts, ends, f"Trung tâm Hội chợ Triển lãm {province.name}", province.id,
                               Decimal(rng.randint(100, 2000)) * 1_000_000 if past else Decimal(0),
                               rng.randint(2000, 60000) if past else None, "", True, at(starts - days(40)),
                               at(ends if past else starts - days(40))))
                if not past:
                    continue
                for producer in rng.sample(pool, min(len(pool), rng.randint(15, 40))):
                    pid = ctx.sink.next_id(Participation)
                    sales = Decimal(rng.randint(5, 400)) * 1_000_000
                    participations.append((pid, eid, producer.id, f"Gian {rng.randint(1, 200)}",
                                           Decimal(rng.randint(2, 30)) * 1_000_000, sales, "", at(ends), at(ends)))
                    for product_id in rng.sample(products_by_producer[producer.id],
                                                 min(2, len(products_by_producer[producer.id]))):
                        shown.append((ctx.sink.next_id(through), pid, product_id))
                    for _ in range(rng.choice((0, 1, 1, 2))):
                        buyer_name, _w = names.person(rng)
                        bid = ctx.sink.next_id(BuyerContact)
                        contacts.append((bid, pid, buyer_name, rng.choice(names.BUYER_ORGS), "", "",
                                         "Quan tâm nhập hàng định kỳ.", at(ends)))
                        if rng.random() < 0.5:
                            ordered = ends + days(rng.randint(7, 90))
                            if ordered < ctx.today:
                                orders.append((ctx.sink.next_id(FollowUpOrder), pid, bid, ordered,
                                               Decimal(rng.randint(5, 500)) * 1_000_000, ""))
    sink = ctx.sink
    sink.write(Event, ("id", "name", "kind", "organiser", "starts_on", "ends_on", "place", "unit_id",
                       "organising_cost", "visitors", "description", "is_public", "created_at", "updated_at"), events)
    sink.write(Participation, ("id", "event_id", "producer_id", "booth", "cost", "sales", "note", "created_at",
                               "updated_at"), participations)
    sink.write(through, ("id", "participation_id", "product_id"), shown)
    sink.write(BuyerContact, ("id", "participation_id", "name", "organisation", "phone", "email", "interest",
                              "created_at"), contacts)
    sink.write(FollowUpOrder, ("id", "participation_id", "buyer_id", "ordered_on", "amount", "note"), orders)


def _sales_points(ctx: Context, rng, recognised_by_province) -> None:
    points, stocked = [], []
    through = SalesPoint.products.through
    for province in ctx.geo.provinces:
        recognised = recognised_by_province[province.id]
        for _ in range(max(1, round((3 + len(province.communes) / 40) * ctx.factor))):
            commune = rng.choice(province.communes)
            kind, title = rng.choice(SALES_POINT_KINDS)
            sid = ctx.sink.next_id(SalesPoint)
            opened = ctx.today - days(rng.randint(30, 1500))
            points.append((sid, f"{title} {commune.name}", kind, rng.choice(names.BRAND_WORDS),
                           f"Số {rng.randint(1, 300)}, {commune.name}, {province.name}", commune.id,
                           f"0{rng.randrange(10**9, 10**10 - 1)}"[:11], opened, rng.random() < 0.95, at(opened),
                           at(opened)))
            for product in rng.sample(recognised, min(len(recognised), rng.randint(20, 60))):
                stocked.append((ctx.sink.next_id(through), sid, product.id))
    ctx.sink.write(SalesPoint, ("id", "name", "kind", "operator", "address", "unit_id", "phone", "opened_on",
                                "is_active", "created_at", "updated_at"), points)
    ctx.sink.write(through, ("id", "salespoint_id", "product_id"), stocked)


def _ecommerce(ctx: Context, rng) -> None:
    rows = []
    for product in ctx.products:
        if not product.recognised or rng.random() >= 0.3:
            continue
        for platform, url in rng.sample(PLATFORMS, rng.choice((1, 1, 2))):
            day = max(product.created, ctx.today - days(rng.randint(10, 900)))
            rows.append((ctx.sink.next_id(EcommerceLink), product.id, platform, url.format(id=product.id),
                         product.producer.name[:150], rng.random() < 0.9, None, at(day), at(day)))
    ctx.sink.write(EcommerceLink, ("id", "product_id", "platform", "url", "shop_name", "is_active", "created_by_id",
                                   "created_at", "updated_at"), rows)


def generate(ctx: Context) -> None:
    rng = ctx.rng("promotion")
    producers_by_province, products_by_producer, recognised_by_province = (
        defaultdict(list), defaultdict(list), defaultdict(list))
    for producer in ctx.producers:
        if producer.products:
            producers_by_province[producer.commune.province.id].append(producer)
    for product in ctx.products:
        products_by_producer[product.producer.id].append(product.id)
        if product.recognised:
            recognised_by_province[product.commune.province.id].append(product)
    _events(ctx, rng, producers_by_province, products_by_producer)
    _sales_points(ctx, rng, recognised_by_province)
    _ecommerce(ctx, rng)
    written = ctx.sink.written
    ctx.progress(f"xúc tiến: {written.get('promotion.Event', 0):,} sự kiện, "
                 f"{written.get('promotion.Participation', 0):,} lượt tham gia, "
                 f"{written.get('promotion.SalesPoint', 0):,} điểm bán, "
                 f"{written.get('promotion.EcommerceLink', 0):,} liên kết TMĐT")
