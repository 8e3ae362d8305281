"""Đồng Nai demo for the certificates app (runs after the rating step of ocop.ops.demo.DEMO_STEPS).

* The demo's 2026 finalized province results (3★, 4★) are recognised by a province decision
  numbered by the system (the real path: decision_issue, then the certificates).
* The named products of ../shared/docs/domain.md §4.4 get certificates for their historical results:
  the eight national 5★ products of June 2025 under the real QĐ 2361/QĐ-BNNMT of 26/06/2025; the
  others (Hà Mỵ 5★ 2025, the 4★ Đồng Nai dairy products of 2023) under decisions whose number and
  date the sources do not give — recorded with an "MH-" (minh họa, illustrative) number, so that
  nobody mistakes them for real ones. The dairy certificates of 2023 have expired.
* Four fictional products of the demo registry get results and certificates dated so that the
  lists have something to show: certificates expiring in 40, 100 and 150 days (one of them issued
  by a former district under QĐ 148), and one revoked (misuse of the OCOP mark).
* Finally the daily job runs once, so the reminders due today are in the portal and the admin.

Idempotent: decisions by number, fictional results by product, revocation once.
"""

from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.utils import timezone

from ocop.certificates import lifecycle, services
from ocop.certificates.models import Certificate, Decision, DecisionItem
from ocop.certificates.reminders import lifecycle_run
from ocop.lib.formatting import official_date
from ocop.rating.models import RatingResult
from ocop.registry.models import Product
from ocop.territory.models import AdminUnit, UnitSuccession

PROVINCE_TITLE = "KT. CHỦ TỊCH – PHÓ CHỦ TỊCH"
ILLUSTRATIVE = "Số và ngày quyết định không có trong nguồn tin: minh họa (dữ liệu mẫu)."

NATIONAL_2025 = {
    "number": "2361/QĐ-BNNMT",
    "signed_on": date(2025, 6, 26),
    "note": "Công nhận 47 sản phẩm OCOP 5 sao năm 2025, trong đó 8 sản phẩm đầu tiên của Đồng Nai "
            "(nongnghiepmoitruong.vn; langngheviet.com.vn).",
    "products": [
        ("Công ty TNHH Ca cao Trọng Đức", "Bột ca cao 3 trong 1 Bunga"),
        ("Công ty TNHH Ca cao Trọng Đức", "Bột ca cao nguyên chất"),
        ("Công ty TNHH Xuất nhập khẩu Nga Biên", "Hạt điều vị phô mai trứng muối"),
        ("Công ty TNHH Xuất nhập khẩu Nga Biên", "Hạt điều rang muối nguyên bản"),
        ("Công ty TNHH Xuất nhập khẩu Nga Biên", "Hạt điều vị tỏi ớt"),
        ("Công ty TNHH Xuất nhập khẩu Nga Biên", "Hạt điều rang chay"),
        ("Công ty TNHH Dược liệu Tâm Tâm An", "Phúc Hưng Long Essential"),
        ("Công ty TNHH Dược liệu Tâm Tâm An", "Phúc Hưng Long Premium"),
    ],
}
HA_MY_2025 = {
    "number": "MH-1/QĐ-BNNMT", "signed_on": date(2025, 6, 26), "note": "Hà Mỵ, 3 sản phẩm 5 sao. " + ILLUSTRATIVE,
    "producer": "Công ty Cổ phần Hà Mỵ",
}
DAIRY_2023 = {
    "number": "MH-1/QĐ-UBND", "signed_on": date(2023, 4, 20), "note": "Sữa Đồng Nai, 9 sản phẩm 4 sao. " + ILLUSTRATIVE,
    "producer": "Công ty Cổ phần Chăn nuôi và chế biến sữa Đồng Nai",
}
# (product, level, stars, average, days until expiry — or None with a fixed date, revoke?)
FICTIONAL = [
    ("Sầu riêng Ri6 Long Khánh", "province", 4, "76.50", 40, None),
    ("Bình gốm men xanh đồng trổ Biên Hòa", "province", 4, "81.00", 100, None),
    ("Bưởi da xanh Tân Triều", "district", 3, "63.00", 150, None),
    ("Bánh đậu xanh Tam Phước", "province", 4, "72.25", None, date(2024, 8, 15)),
]
REVOKED = "Bánh đậu xanh Tam Phước"


def _results(queryset) -> list[RatingResult]:
    return list(queryset.exclude(pk__in=DecisionItem.objects.values("result_id")).select_related("product__unit"))


def _decide(log, *, level, unit, results, number="", signed_on, note="", title="") -> Decision | None:
    if not results:
        return None
    existing = Decision.objects.filter(number=number, year=signed_on.year).first() if number else None
    if existing is not None:
        return existing
    decision = services.decision_issue(level=level, unit=unit, results=results, signed_on=signed_on, actor=None,
                                       number=number, note=note, signer_title=title)
    services.certificates_issue(decision=decision)
    log(f"  Quyết định {decision.number} ngày {official_date(signed_on)}: {len(results)} giấy chứng nhận.")
    return decision


def _named(producer: str, names=None):
    queryset = RatingResult.objects.filter(product__producer__name=producer, is_historical=True)
    return queryset.filter(product__name__in=names) if names else queryset


def _old_district(commune: AdminUnit) -> AdminUnit | None:
    succession = UnitSuccession.objects.filter(successor=commune).select_related("predecessor__parent").first()
    parent = succession.predecessor.parent if succession else None
    return parent if parent is not None and parent.level == AdminUnit.Level.DISTRICT else None


def _fictional(log, province: AdminUnit, legacy: AdminUnit | None, today: date) -> int:
    from ocop.rating.services.historical import historical_result_record

    made = 0
    for index, (name, level, stars, average, days, fixed) in enumerate(FICTIONAL, start=1):
        product = Product.objects.filter(name=name).select_related("unit").first()
        if product is None or Certificate.objects.filter(product=product).exists():
            continue
        signed_on = fixed or lifecycle.add_months(today + timedelta(days=days), -lifecycle.CERTIFICATE_MONTHS)
        district = _old_district(product.unit) if level == "district" else None
        if level == "district" and district is None:
            level = "province"  # no pre-2025 map loaded: the province recognised it
        issuer = district or legacy or province
        result = historical_result_record(
            product=product, level=level, regime="qd148-2023", year=signed_on.year, average=Decimal(average),
            stars=stars, actor=None, rated_by_unit=issuer,
            source="Sản phẩm và kết quả hư cấu của dữ liệu mẫu.",
        )
        _decide(log, level=level, unit=issuer, results=[result], number=f"MH-{10 + index}/QĐ-UBND",
                signed_on=signed_on, note=ILLUSTRATIVE, title=PROVINCE_TITLE)
        made += 1
    return made


def _revoke(log, today: date) -> bool:
    certificate = Certificate.objects.filter(product__name=REVOKED, revoked_on__isnull=True).first()
    if certificate is None:
        return False
    services.certificate_revoke(
        certificate=certificate, ground=Certificate.Ground.MARK_MISUSE, finding_on=today - timedelta(days=6),
        signed_on=today, actor=None, signer_title=PROVINCE_TITLE,
        note="Kết luận kiểm tra: in nhãn 5 sao OCOP trên bao bì trong khi sản phẩm được công nhận 4 sao (minh họa).",
    )
    log(f"  Thu hồi giấy chứng nhận của «{REVOKED}».")
    return True


def seed(log=print) -> dict:
    code = settings.OCOP_DEFAULT_PROVINCE_CODE
    units = AdminUnit.objects.filter(level=AdminUnit.Level.PROVINCE, code=code)
    province = units.filter(generation=AdminUnit.Generation.CURRENT).first()
    if province is None:
        log("Quyết định, chứng nhận: chưa có đơn vị hành chính, bỏ qua.")
        return {"skipped": True}
    legacy = units.filter(generation=AdminUnit.Generation.LEGACY).first()
    today = timezone.localdate()
    before = Certificate.objects.count()
    log("Quyết định, chứng nhận:")

    finalized = RatingResult.objects.filter(
        level=RatingResult.Level.PROVINCE, is_historical=False, finalized_at__isnull=False, stars__in=[3, 4],
        potential_5_star=False, product__unit__parent=province,
    )
    _decide(log, level="province", unit=province, results=_results(finalized), signed_on=today,
            title=PROVINCE_TITLE, note="Công nhận sản phẩm OCOP đợt 2 năm 2026 (dữ liệu mẫu).")

    national = _named_list(NATIONAL_2025["products"])
    _decide(log, level="central", unit=None, results=_results(national), number=NATIONAL_2025["number"],
            signed_on=NATIONAL_2025["signed_on"], note=NATIONAL_2025["note"])
    _decide(log, level="central", unit=None, results=_results(_named(HA_MY_2025["producer"]).filter(level="central")),
            number=HA_MY_2025["number"], signed_on=HA_MY_2025["signed_on"], note=HA_MY_2025["note"])
    dairy = _named(DAIRY_2023["producer"]).filter(level="province", stars=4)
    _decide(log, level="province", unit=legacy or province, results=_results(dairy), number=DAIRY_2023["number"],
            signed_on=DAIRY_2023["signed_on"], note=DAIRY_2023["note"], title=PROVINCE_TITLE)

    fictional = _fictional(log, province, legacy, today)
    revoked = _revoke(log, today)
    reminders = lifecycle_run(today=today)
    made = Certificate.objects.count() - before
    log(f"  {made} giấy chứng nhận mới, {fictional} kết quả mẫu, {reminders['sent']} lượt nhắc hạn.")
    return {"certificates_created": made, "fictional_results": fictional, "revoked": revoked,
            "reminders_sent": reminders["sent"]}


def _named_list(pairs):
    from django.db.models import Q

    query = Q(pk__in=[])
    for producer, product in pairs:
        query |= Q(product__producer__name=producer, product__name=product)
    return RatingResult.objects.filter(query, level=RatingResult.Level.CENTRAL, is_historical=True, stars=5)
