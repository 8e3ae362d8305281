"""The 2026 Đồng Nai cycle for the demo: the calendar of the province and of the two demo
communes, publicity activities, ideas and plans at every status (with officers' reasons), two
implementations, and one self-registered producer waiting for verification.

Runs after the registry step. Every write goes through the services, with the demo accounts as
actors: the producer account "chuthe" for its own producer, the demo commune officers in assisted
mode (with consent recorded) for households of their communes, and the province office deciding.
Idempotent: cycles by (year, unit), activities by (unit, title), ideas by (producer, name, year).
"""

from datetime import date
from decimal import Decimal

from django.conf import settings

from ocop.accounts.models import User
from ocop.accounts.selectors import holds_role_at
from ocop.cycle import services, transitions
from ocop.cycle.models import Cycle, Milestone, ProductIdea, PublicityActivity, SupportReceived
from ocop.cycle.workflow import IdeaStatus as I
from ocop.cycle.workflow import ImplementationStatus as M
from ocop.cycle.workflow import PlanStatus as P
from ocop.registry.models import Producer, ProducerMember
from ocop.territory.models import AdminUnit

YEAR = 2026
CONSENT = "Chủ thể đồng ý để cán bộ xã lập hồ sơ thay, có ký xác nhận tại UBND xã (dữ liệu mẫu)."

PUBLICITY = [
    # (where: "province" or the index of a demo commune, kind, title, date, participants)
    ("province", "hoi_nghi", "Hội nghị triển khai Chương trình OCOP tỉnh Đồng Nai năm 2026", date(2026, 3, 12), 180),
    ("province", "bao_dai", "Phóng sự «OCOP Đồng Nai sau sắp xếp đơn vị hành chính» trên Đài PT-TH Đồng Nai",
     date(2026, 3, 25), 0),
    ("province", "mang_xa_hoi", "Chuỗi bài giới thiệu ý tưởng sản phẩm OCOP trên trang thông tin của tỉnh",
     date(2026, 4, 8), 0),
    (0, "tap_huan", "Tập huấn đăng ký ý tưởng sản phẩm (mẫu 01, 02) cho hộ sản xuất", date(2026, 4, 16), 62),
    (0, "loa", "Thông báo nhận đăng ký ý tưởng sản phẩm trên loa truyền thanh phường", date(2026, 4, 2), 0),
    (1, "tap_huan", "Tập huấn xây dựng phương án sản xuất kinh doanh (mẫu 03)", date(2026, 6, 10), 45),
    (1, "tham_quan", "Tham quan mô hình hợp tác xã sữa tại Long Thành", date(2026, 5, 21), 30),
]

# Ideas: (producer key, name, criteria set, description, market, status after the story,
#         officer's reason, plan status or None, implementation status or None)
IDEAS = [
    ("own", "Sô cô la ca cao Trọng Đức 70%", "13", "Sô cô la đen từ hạt ca cao lên men tại vườn.",
     "Cửa hàng đặc sản, du khách", I.ACCEPTED, "", P.APPROVED, M.IN_PROGRESS),
    ("own", "Bơ ca cao nguyên chất", "13", "Bơ ca cao ép lạnh dùng cho làm bánh và mỹ phẩm.",
     "Cơ sở làm bánh trong tỉnh", I.RETURNED,
     "Bổ sung nguồn nguyên liệu (diện tích ca cao liên kết) và dự kiến sản lượng năm đầu.", None, None),
    ("own", "Trà vỏ ca cao", "12", "Trà túi lọc từ vỏ hạt ca cao rang.", "", I.DRAFT, "", None, None),
    ("a", "Bánh tráng phơi sương Trấn Biên", "06", "Bánh tráng làm thủ công, phơi sương, đóng gói hút chân không.",
     "Chợ Biên Hòa, siêu thị", I.SUBMITTED, "", None, None),
    ("a", "Nem chua Trấn Biên", "08", "Nem chua gói lá chuối theo công thức gia truyền.",
     "Nhà hàng, quà biếu", I.ACCEPTED, "", P.SUBMITTED, None),
    ("b1", "Sữa chua dẻo Long Thành", "08", "Sữa chua dẻo từ sữa bò tươi của hợp tác xã.",
     "Trường học, cửa hàng tiện lợi", I.ACCEPTED, "", P.UNDER_REVIEW, None),
    ("b1", "Nước tăng lực thảo mộc", "11", "Nước uống đóng lon pha chế từ thảo mộc.",
     "Toàn quốc", I.REJECTED,
     "Sản phẩm không dựa trên nguyên liệu, bí quyết của địa phương; đề nghị chọn sản phẩm từ sữa.", None, None),
    ("b2", "Giò chả lá chuối Long Thành", "08", "Giò chả gói lá chuối, không hàn the.",
     "Chợ, siêu thị trong tỉnh", I.ACCEPTED, "", P.APPROVED, M.COMPLETED),
    ("b2", "Chả lụa hút chân không", "08", "Chả lụa đóng gói hút chân không, bảo quản lạnh 30 ngày.",
     "Siêu thị", I.ACCEPTED, "", P.RETURNED, None),
]

PLAN = {
    "summary": "Đầu tư thiết bị, hoàn thiện bao bì, nhãn mác và công bố chất lượng sản phẩm.",
    "capital_own": Decimal("180000000"), "capital_loan": Decimal("120000000"),
    "capital_state": Decimal("50000000"), "capital_other": Decimal("0"),
    "timeline": "Quý III/2026: đầu tư thiết bị; quý IV/2026: công bố chất lượng, ra mắt sản phẩm.",
    "market_plan": "Bán tại cửa hàng OCOP của tỉnh, siêu thị Co.opmart và sàn thương mại điện tử.",
}
PLAN_RETURN_REASON = "Tách rõ nguồn vốn vay và vốn hỗ trợ; bổ sung kế hoạch tiêu thụ năm đầu."


def _demo_users():
    from ocop.accounts.demo import demo_accounts

    accounts = {role_unit[0]: role_unit for role_unit in demo_accounts()}
    users = {u.username: u for u in User.objects.filter(username__in=[*accounts, "chuthe"])}
    communes = [accounts[name][3] for name in accounts if name.startswith("xa.")]
    officers = [users.get(name) for name in accounts if name.startswith("xa.")]
    return users, communes, officers


def _producers(communes, users) -> dict[str, tuple[Producer, User]]:
    """Producer key → (producer, who acts on its side)."""
    found = {}
    own = ProducerMember.objects.filter(user__username="chuthe").select_related("producer__unit").first()
    if own is not None:
        found["own"] = (own.producer, users["chuthe"])
    officer_names = [name for name in users if name.startswith("xa.")]
    for key, commune in zip(("a", "b"), communes, strict=False):
        officer = next((users[n] for n in officer_names if holds_role_at(users[n], commune)), None)
        producers = list(Producer.objects.filter(unit=commune).exclude(members__user__username="chuthe")
                         .order_by("id")[:2])
        if not producers or officer is None:
            continue
        if key == "a":
            found["a"] = (producers[0], officer)
        else:
            found["b1"] = (producers[0], officer)
            found["b2"] = (producers[-1], officer)
    return found


def _decider(producer, officers, province_office):
    """The commune officer of the producer's commune if there is a demo one, else the province."""
    for officer in officers:
        if officer is not None and holds_role_at(officer, producer.unit):
            return officer
    return province_office


def _story(idea, *, status, reason, plan_status, implementation_status, actor, decider, province_office):
    if status == I.DRAFT:
        return
    idea = transitions.idea_transition(idea=idea, to=I.SUBMITTED, actor=actor)
    if status != I.SUBMITTED:
        idea = transitions.idea_transition(idea=idea, to=status, actor=decider, reason=reason)
    if plan_status is None:
        return
    plan = services.plan_create(idea=idea, actor=actor, **PLAN)
    if plan_status == P.DRAFT:
        return
    plan = transitions.plan_transition(plan=plan, to=P.SUBMITTED, actor=actor)
    if plan_status == P.SUBMITTED:
        return
    if plan_status == P.RETURNED:
        transitions.plan_transition(plan=plan, to=P.RETURNED, actor=decider, reason=PLAN_RETURN_REASON)
        return
    plan = transitions.plan_transition(plan=plan, to=P.UNDER_REVIEW, actor=decider)
    if plan_status == P.UNDER_REVIEW:
        return
    plan = transitions.plan_transition(plan=plan, to=P.APPROVED, actor=province_office)
    implementation = plan.implementation
    services.milestone_save(milestone=Milestone(title="Lắp đặt thiết bị, chạy thử", due=date(YEAR, 9, 15),
                                                done_on=date(YEAR, 9, 10)),
                            implementation=implementation, actor=actor)
    services.milestone_save(milestone=Milestone(title="Công bố chất lượng, in bao bì", due=date(YEAR, 11, 30)),
                            implementation=implementation, actor=actor)
    services.support_save(support=SupportReceived(
        kind=SupportReceived.Kind.PACKAGING, provider="Văn phòng OCOP tỉnh Đồng Nai", amount=Decimal("25000000"),
        date=date(YEAR, 8, 20), note="Thiết kế bao bì, nhãn mác"), implementation=implementation, actor=decider)
    services.support_save(support=SupportReceived(
        kind=SupportReceived.Kind.TRAINING, provider="Sở Nông nghiệp và Môi trường", amount=Decimal("0"),
        date=date(YEAR, 7, 5), note="Tập huấn an toàn thực phẩm"), implementation=implementation, actor=decider)
    if implementation_status == M.COMPLETED:
        transitions.implementation_transition(implementation=implementation, to=M.COMPLETED, actor=decider,
                                              reason="Đã hoàn thành các hạng mục của phương án.")
        if product := idea.producer.products.order_by("id").first():
            services.idea_link_product(idea=idea, product=product, actor=decider)


def _pending_registration(commune, log) -> int:
    from ocop.cycle.services import producer_register

    if commune is None or User.objects.filter(username="hodangky").exists():
        return 0
    from ocop.accounts.demo import DEMO_PASSWORD

    producer_register(
        username="hodangky", password=DEMO_PASSWORD, full_name="Phạm Thị Mai",
        producer_data={"kind": Producer.Kind.HOUSEHOLD, "name": "Hộ kinh doanh Mứt dừa Phạm Mai",
                       "rep_name": "Phạm Thị Mai", "unit": commune, "address": "Khu phố 3"},
        confirm_duplicates=True,
    )
    log("Chủ thể tự đăng ký chờ xác minh: hodangky (Hộ kinh doanh Mứt dừa Phạm Mai).")
    return 1


def seed(log=print) -> dict:
    counts = {"cycles": 0, "publicity": 0, "ideas": 0, "registrations": 0}
    users, communes, officers = _demo_users()
    province_office = users.get("dongnai")
    province = AdminUnit.objects.filter(generation=AdminUnit.Generation.CURRENT, level=AdminUnit.Level.PROVINCE,
                                        code=settings.OCOP_DEFAULT_PROVINCE_CODE).first()
    if province is None or province_office is None:
        log("Chu trình mẫu: bỏ qua (chưa có tỉnh hoặc tài khoản mẫu).")
        return counts
    for unit in [province, *communes]:
        if not Cycle.objects.filter(year=YEAR, unit=unit).exists():
            services.cycle_open(year=YEAR, unit=unit, actor=province_office)
            counts["cycles"] += 1
    for where, kind, title, day, participants in PUBLICITY:
        unit = province if where == "province" else (communes[where] if where < len(communes) else None)
        if unit is None or PublicityActivity.objects.filter(unit=unit, title=title).exists():
            continue
        actor = province_office if where == "province" else officers[where]
        services.publicity_activity_save(
            activity=PublicityActivity(kind=kind, title=title, date=day, unit=unit, participants=participants),
            actor=actor)
        counts["publicity"] += 1
    producers = _producers(communes, users)
    for key, name, criteria_set, description, market, status, reason, plan_status, implementation_status in IDEAS:
        if key not in producers or ProductIdea.objects.filter(producer=producers[key][0], proposed_name=name,
                                                              year=YEAR).exists():
            continue
        producer, actor = producers[key]
        assisted = actor.username != "chuthe"
        idea = services.idea_create(
            producer=producer, actor=actor, year=YEAR, proposed_name=name, criteria_set=criteria_set,
            description=description, expected_market=market,
            **({"consent_recorded": True, "consent_note": CONSENT} if assisted else {}),
        )
        _story(idea, status=status, reason=reason, plan_status=plan_status,
               implementation_status=implementation_status, actor=actor,
               decider=_decider(producer, officers, province_office), province_office=province_office)
        counts["ideas"] += 1
    counts["registrations"] = _pending_registration(communes[0] if communes else None, log)
    log(f"Chu trình OCOP {YEAR}: {counts['cycles']} chu trình, {counts['publicity']} hoạt động tuyên truyền, "
        f"{counts['ideas']} ý tưởng mới.")
    return counts
