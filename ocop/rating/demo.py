"""Đồng Nai demo for the rating app: the 2026 rounds, the round-2 council (secretary "thuky",
members "hoidong1".."hoidong3"), dossiers at each status through the services, finalized results
(3★, 4★, one potential 5★ forwarded to the central round), and historical results for the named
products of ../shared/docs/domain.md §4.4 under their regime and level.

The historical *stars, levels and years* follow the press sources quoted there; their *averages*
are illustrative (the sources give no scores) and say so in `source`. Idempotent: dossiers by
(product, year), historical results by (product, level, regime, year).
"""

from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.utils import timezone

from ocop.accounts.models import Role, User
from ocop.criteria.conditions import options_keeping_every_condition
from ocop.criteria.sheets import get_set, leaf_criteria
from ocop.rating.models import Council, CouncilMember, Dossier, RatingResult
from ocop.rating.services import council as council_services
from ocop.rating.services import dossiers, historical, results, review, rounds
from ocop.rating.workflow import DossierStatus as S
from ocop.registry.models import Producer, Product
from ocop.territory.models import AdminUnit

YEAR = 2026
MEMBERS = [
    ("hoidong1", "Nguyễn Văn Hội – Phó Giám đốc Sở Nông nghiệp và Môi trường", "chair",
     "Sở Nông nghiệp và Môi trường"),
    ("hoidong2", "Trần Thị Đồng – Sở Công Thương", "member", "Sở Công Thương"),
    ("hoidong3", "Lê Văn Thẩm – Sở Y tế", "member", "Sở Y tế"),
]

# (product name, final status, target average of the members' sheets or None, note)
DOSSIERS = [
    ("Bưởi đường lá cam Tân Triều", S.SUBMITTED, None, "overdue"),
    ("Hạt tiêu đen Cẩm Mỹ", S.SUBMITTED, None, ""),
    ("Khô cá lóc Trị An", S.RETURNED, None, ""),
    ("Chôm chôm nhãn Xuân Lập", S.PROPOSED, None, ""),
    ("Rượu nếp Xuân Bắc", S.ACCEPTED, 66, "one sheet"),
    ("Bánh tráng phơi sương Dầu Giây", S.ACCEPTED, 72, "all sheets, spread"),
    ("Nước mắm cá cơm Long Phước", S.RATED, 61, ""),
    ("Hạt điều rang muối Lộc Ninh", S.RATED, 78, ""),
    ("Mật ong hoa cà phê Bù Gia Mập", S.FORWARDED_CENTRAL, 92, ""),
    ("Giỏ mây tre đan Phú Lý", S.REJECTED, None, ""),
    ("Lan hồ điệp Tân An", S.WITHDRAWN, None, ""),
]

ILLUSTRATIVE = "điểm trung bình minh họa; hạng, cấp, năm theo nguồn tin"
# (producer, product, level, regime, year, average, stars, unit ("legacy"/"current"/None), source)
HISTORY = [
    ("Công ty TNHH Ca cao Trọng Đức", "Bột ca cao 3 trong 1 Bunga", "province", "qd1048-2019", 2020, "91.00", 5,
     "legacy", "Tiềm năng 5 sao cấp tỉnh năm 2020 (baodongnai)"),
    ("Công ty TNHH Ca cao Trọng Đức", "Bột ca cao 3 trong 1 Bunga", "central", "qd148-2023", 2025, "92.00", 5, None,
     "5 sao quốc gia 2025 (nongnghiep.vn; baodongnai English 02/2026)"),
    ("Công ty TNHH Ca cao Trọng Đức", "Bột ca cao nguyên chất", "central", "qd148-2023", 2025, "91.00", 5, None,
     "5 sao quốc gia 2025 (baodongnai English 02/2026)"),
    *[("Công ty TNHH Xuất nhập khẩu Nga Biên", name, "central", "qd148-2023", 2025, "90.50", 5, None,
       "5 sao quốc gia 2025 (baodongnai English 02/2026)")
      for name in ("Hạt điều vị phô mai trứng muối", "Hạt điều rang muối nguyên bản", "Hạt điều vị tỏi ớt",
                   "Hạt điều rang chay")],
    *[("Công ty TNHH Dược liệu Tâm Tâm An", name, "central", "qd148-2023", 2025, "91.50", 5, None,
       "5 sao quốc gia 2025 (vietnamnews.vn 01/08/2025)")
      for name in ("Phúc Hưng Long Essential", "Phúc Hưng Long Premium")],
    *[("Công ty Cổ phần Hà Mỵ", name, "central", "qd148-2023", 2025, "90.50", 5, None,
       "5 sao 2025 (vietnamnews.vn 01/08/2025)")
      for name in ("Nhân điều trắng", "Hạt điều rang muối Hà Mỵ", "Hạt điều không muối")],
    *[("Công ty Cổ phần Tập đoàn Gia Bảo", name, "province", "qd148-2023", 2025, "90.25", 5, "current",
       "Tiềm năng 5 sao cấp tỉnh 10/2025 (vjs.vietnam.vn)")
      for name in ("Hạt điều nguyên vị", "Hạt điều bóc vỏ lụa", "Hạt điều còn vỏ lụa",
                   "Hạt điều bóc vỏ lụa muối hồng Himalaya", "Hạt điều còn vỏ lụa muối hồng", "Bộ hạt điều 5 vị")],
    *[("Công ty Cổ phần Chăn nuôi và chế biến sữa Đồng Nai", name, "province", "qd148-2023", 2023, "75.00", 4,
       "legacy", "4 sao (baodongnai.com.vn 05/2023)")
      for name in ("Sữa tươi thanh trùng có đường", "Sữa tươi thanh trùng không đường", "Sữa tươi tiệt trùng",
                   "Sữa chua ăn", "Sữa chua uống", "Sữa chua nha đam", "Sữa tươi vị dâu", "Sữa tươi vị sô cô la",
                   "Bánh sữa Đồng Nai")],
]


def answers_near(regime: str, set_code: str, target: int) -> dict[str, str]:
    """A complete sheet scoring a little above TARGET that meets every star minimum: each
    criterion keeps an option at least as good as its marked ones, lowered while the total
    stays at or above TARGET (deterministic)."""
    cs = get_set(regime, set_code)
    leaves = leaf_criteria(cs)
    keep = options_keeping_every_condition(cs)  # every conditional note holds: all criteria apply
    chosen = {c.code: max(c.options, key=lambda o: o.points) for c in leaves}
    total = sum(o.points for o in chosen.values())
    for c in leaves:
        floor = max((o.points for o in c.options if o.min_stars), default=Decimal(0))
        for option in sorted(c.options, key=lambda o: o.points):
            if option.points < floor or (c.code in keep and option.code not in keep[c.code]):
                continue
            if total - chosen[c.code].points + option.points >= target:
                total += option.points - chosen[c.code].points
                chosen[c.code] = option
                break
    return {code: o.code for code, o in chosen.items()}


def _user(username: str, full_name: str, role: str, unit) -> User:
    from ocop.accounts.demo import DEMO_PASSWORD, ensure_role

    user, made = User.objects.get_or_create(username=username, defaults={"full_name": full_name, "is_staff": True})
    if made:
        user.set_password(DEMO_PASSWORD)
        user.save()
    ensure_role(user, role, unit)
    return user


def _council(province, log) -> tuple[Council, list[User], User]:
    province_rounds = rounds.rounds_create_default(year=YEAR, unit=province, actor=None)
    rounds.rounds_create_default(year=YEAR, unit=None, actor=None)
    rnd = province_rounds[-1]
    council = Council.objects.filter(round=rnd).first() or council_services.council_create(
        rnd=rnd, name=f"Hội đồng đánh giá, phân hạng sản phẩm OCOP tỉnh {province.name} đợt {rnd.sequence}/{YEAR}",
        actor=None, decision_number="2150/QĐ-UBND", established_on=rnd.proposal_deadline - timedelta(days=20),
    )
    secretary = _user("thuky", "Thư ký hội đồng tỉnh Đồng Nai", Role.COUNCIL_SECRETARY, province)
    if not CouncilMember.objects.filter(council=council, user=secretary).exists():
        council_services.council_member_add(council=council, user=secretary, actor=None, role="secretary",
                                           organization="Văn phòng Điều phối nông thôn mới tỉnh")
    members = []
    for username, full_name, role, organization in MEMBERS:
        user = _user(username, full_name, Role.COUNCIL_MEMBER, province)
        if not CouncilMember.objects.filter(council=council, user=user).exists():
            council_services.council_member_add(council=council, user=user, actor=None, role=role,
                                               organization=organization)
        members.append(user)
    log(f"Hội đồng mẫu: {council} ({len(members)} thành viên chấm điểm, thư ký thuky).")
    return council, members, secretary


def _form03(product) -> dict:
    return {
        "complete": True, "report_number": f"{product.pk:02d}/BC-UBND",
        "local_materials": "Nguyên liệu chính mua của nông hộ trong xã (xác nhận của thôn, ấp).",
        "local_labour": "Phần lớn lao động thường xuyên là người địa phương.",
        "idea_origin": "Sản phẩm truyền thống của địa phương, cải tiến bao bì.",
        "local_identity": "Gắn với vùng nguyên liệu và kinh nghiệm sản xuất lâu năm của cộng đồng.",
    }


def _score(dossier, members, target: int, how_many: int, wide: bool = False) -> None:
    offsets = (-8, 0, 9) if wide else (-3, 0, 4)
    for user, offset in list(zip(members, offsets, strict=True))[:how_many]:
        council_services.conflict_declare(dossier=dossier, level="province", actor=user, has_conflict=False)
        council_services.sheet_save(dossier=dossier, level="province", actor=user, submit=True,
                                    answers=answers_near(dossier.regime, dossier.criteria_set, target + offset))


def _dossier(product, status, target, note, members, secretary, issued_on) -> Dossier:
    dossier = dossiers.dossier_create(actor=None, product=product, year=YEAR,
                                      product_spec=f"{product.name}: quy cách đóng gói, hạn sử dụng theo công bố.")
    dossiers.dossier_self_assess(dossier=dossier, actor=None,
                                 answers=answers_near(dossier.regime, dossier.criteria_set, (target or 70) + 3))
    if status == S.WITHDRAWN:
        return dossiers.dossier_transition(dossier=dossier, to=S.WITHDRAWN, actor=None,
                                           reason="Chủ thể xin rút để hoàn thiện bao bì")
    dossier = dossiers.dossier_transition(dossier=dossier, to=S.SUBMITTED, actor=None)
    if note == "overdue":
        past = timezone.localdate() - timedelta(days=30)
        Dossier.objects.filter(pk=dossier.pk).update(submitted_at=timezone.now() - timedelta(days=30),
                                                     review_due_on=past + timedelta(days=21))
    if status == S.SUBMITTED:
        return dossier
    if status == S.RETURNED:
        review.commune_review_issue(dossier=dossier, actor=None, conclusion="return", complete=False,
                                    reasons="Thiếu phiếu kiểm nghiệm định kỳ còn hiệu lực.")
        return dossier
    review.commune_review_issue(dossier=dossier, actor=None, conclusion="propose", issued_on=issued_on,
                                **_form03(product))
    if status == S.PROPOSED:
        return dossier
    if status == S.REJECTED:
        return dossiers.dossier_transition(dossier=dossier, to=S.REJECTED, actor=None,
                                           reason="Giấy chứng nhận cơ sở đủ điều kiện ATTP đã hết hạn.")
    dossier = dossiers.dossier_transition(dossier=dossier, to=S.ACCEPTED, actor=None)
    council_services.advisory_report_record(
        dossier=dossier, actor=None, summary="Hồ sơ đầy đủ; minh chứng khớp với thực tế cơ sở.",
        surveyed_on=timezone.localdate() - timedelta(days=10), survey_note="Cơ sở sản xuất đúng quy trình đã kê khai.",
    )
    _score(dossier, members, target, 1 if note == "one sheet" else 3, wide="spread" in note)
    if status == S.ACCEPTED:
        return dossier
    results.result_finalize(dossier=dossier, level="province", actor=secretary,
                            minutes="Hội đồng họp, các thành viên thống nhất kết quả chấm điểm.",
                            meeting_on=timezone.localdate() - timedelta(days=3))
    dossier.refresh_from_db()
    if status == S.FORWARDED_CENTRAL and dossier.status == S.AWAITING_APPROVAL:
        results.result_approve(dossier=dossier, actor=members[0])  # the council's chair (Art. 7.3.e)
        dossier.refresh_from_db()
    return dossier


def _demo_product(producer_name: str, name: str, criteria_set: str) -> Product | None:
    from ocop.registry import services as registry

    producer = Producer.objects.filter(name=producer_name).first()
    if producer is None:
        return None
    return Product.objects.filter(producer=producer, name=name).first() or registry.product_create(
        actor=None, producer=producer, name=name, criteria_set=criteria_set, year=YEAR,
        description=f"{name} – sản phẩm mới đăng ký đánh giá năm {YEAR}.",
    )


def seed(log=print) -> dict:
    current = AdminUnit.objects.filter(generation=AdminUnit.Generation.CURRENT, level=AdminUnit.Level.PROVINCE)
    province = current.filter(code=settings.OCOP_DEFAULT_PROVINCE_CODE).first()
    if province is None:
        log("Đánh giá, phân hạng: chưa có đơn vị hành chính, bỏ qua.")
        return {"skipped": True}
    legacy = AdminUnit.objects.filter(generation=AdminUnit.Generation.LEGACY, level=AdminUnit.Level.PROVINCE,
                                      code=settings.OCOP_DEFAULT_PROVINCE_CODE).first()
    council, members, secretary = _council(province, log)
    # Proposed while the council's round takes proposals (so the dossiers join that round).
    issued_on = min(timezone.localdate(), council.round.proposal_deadline)
    counts = {"dossiers_created": 0, "historical_created": 0, "missing_products": 0}

    for name, status, target, note in DOSSIERS:
        product = Product.objects.filter(name=name).first()
        if product is None:
            counts["missing_products"] += 1
            continue
        if product.dossiers.filter(year=YEAR).exists():
            continue
        _dossier(product, status, target, note, members, secretary, issued_on)
        counts["dossiers_created"] += 1

    # The portal account "chuthe" (Trọng Đức) has a draft for a new product.
    new = _demo_product("Công ty TNHH Ca cao Trọng Đức", "Socola hạt ca cao Trọng Đức", "13")
    if new is not None and not new.dossiers.exists():
        draft = dossiers.dossier_create(actor=None, product=new, year=YEAR)
        partial = dict(list(answers_near(draft.regime, draft.criteria_set, 75).items())[:10])
        dossiers.dossier_self_assess(dossier=draft, actor=None, answers=partial)
        counts["dossiers_created"] += 1

    for producer_name, product_name, level, regime, year, average, stars, unit, source in HISTORY:
        product = Product.objects.filter(producer__name=producer_name, name=product_name).first()
        if product is None:
            counts["missing_products"] += 1
            continue
        if RatingResult.objects.filter(product=product, level=level, regime=regime, year=year,
                                       is_historical=True).exists():
            continue
        historical.historical_result_record(
            product=product, level=level, regime=regime, year=year, average=Decimal(average), stars=stars,
            actor=None, rated_by_unit={"legacy": legacy, "current": province}.get(unit),
            source=f"{source}; {ILLUSTRATIVE}",
        )
        counts["historical_created"] += 1
    log(f"Đánh giá, phân hạng: {counts['dossiers_created']} hồ sơ, {counts['historical_created']} kết quả lịch sử mới"
        + (f"; thiếu {counts['missing_products']} sản phẩm mẫu" if counts["missing_products"] else "") + ".")
    return counts
