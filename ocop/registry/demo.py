"""Đồng Nai demo registry: about 40 producers and 70 products, with documents that are valid,
expiring and expired, and the producer account "chuthe".

The named producers and products come from ../shared/docs/domain.md §4.4 (press sources), at the
current commune that succeeded their pre-2025 commune (through the UnitSuccession table). Their
tax codes are illustrative, not the real ones; where the sources give only a count ("9 dairy
products"), the product names are illustrative too. The other producers are fictional but typical
of the province's specialties. Idempotent: producers by tax code, products by (producer, name),
documents by (producer, kind, number).
"""

from datetime import date, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from ocop.accounts.models import Role, User
from ocop.lib.text import fold
from ocop.registry import services
from ocop.registry.models import Document, Producer, ProducerMember, Product
from ocop.territory.models import AdminUnit
from ocop.territory.selectors import unit_current_successors

PROVINCE = "75"
K = Producer.Kind

# (tax code, kind, name, where, representative, woman, ethnic minority, joined OCOP, products)
# where = ("legacy", commune name, old district code) or ("current", commune name)
# products = [(name, criteria set, year of the OCOP code)]
NAMED = [
    ("3600812401", K.SME, "Công ty TNHH Ca cao Trọng Đức", ("legacy", "Phú Hòa", "736"), "Nguyễn Trọng Đức",
     False, False, date(2019, 5, 10),
     [("Bột ca cao 3 trong 1 Bunga", "13", 2020), ("Bột ca cao nguyên chất", "13", 2025)]),
    ("3600812402", K.SME, "Công ty TNHH Xuất nhập khẩu Nga Biên", ("legacy", "Xuân Hòa", "741"), "Nguyễn Thị Nga",
     True, False, date(2020, 3, 2),
     [("Hạt điều vị phô mai trứng muối", "07", 2025), ("Hạt điều rang muối nguyên bản", "07", 2025),
      ("Hạt điều vị tỏi ớt", "07", 2025), ("Hạt điều rang chay", "07", 2025)]),
    ("3600812403", K.SME, "Công ty TNHH Dược liệu Tâm Tâm An", ("legacy", "Hưng Thịnh", "737"), "Trần Văn Tâm",
     False, False, date(2021, 8, 16),
     [("Phúc Hưng Long Essential", "18", 2025), ("Phúc Hưng Long Premium", "18", 2025)]),
    ("3800812404", K.SME, "Công ty Cổ phần Hà Mỵ", ("current", "Đồng Phú"), "Hà Thị Mỵ", True, False,
     date(2020, 11, 5),
     [("Nhân điều trắng", "03", 2024), ("Hạt điều rang muối Hà Mỵ", "07", 2024), ("Hạt điều không muối", "07", 2024)]),
    ("3800812405", K.SME, "Công ty Cổ phần Tập đoàn Gia Bảo", ("current", "Bình Phước"), "Lê Gia Bảo", False, False,
     date(2022, 4, 20),
     [("Hạt điều nguyên vị", "07", 2025), ("Hạt điều bóc vỏ lụa", "07", 2025), ("Hạt điều còn vỏ lụa", "07", 2025),
      ("Hạt điều bóc vỏ lụa muối hồng Himalaya", "07", 2025), ("Hạt điều còn vỏ lụa muối hồng", "07", 2025),
      ("Bộ hạt điều 5 vị", "07", 2025)]),
    ("3600812406", K.SME, "Công ty Cổ phần Chăn nuôi và chế biến sữa Đồng Nai", ("legacy", "Long Thành", "740"),
     "Phạm Văn Hùng", False, False, date(2019, 9, 9),
     [("Sữa tươi thanh trùng có đường", "02", 2023), ("Sữa tươi thanh trùng không đường", "02", 2023),
      ("Sữa tươi tiệt trùng", "02", 2023), ("Sữa chua ăn", "08", 2023), ("Sữa chua uống", "08", 2023),
      ("Sữa chua nha đam", "08", 2023), ("Sữa tươi vị dâu", "08", 2023), ("Sữa tươi vị sô cô la", "08", 2023),
      ("Bánh sữa Đồng Nai", "08", 2023)]),
    ("47A8012407", K.HOUSEHOLD, "Hộ kinh doanh Giò chả Thu Bình", ("legacy", "Long Thành", "740"), "Đỗ Thu Bình",
     True, False, date(2022, 6, 1), [("Giò chả Thu Bình", "08", 2023)]),
    ("47A8012408", K.HOUSEHOLD, "Hộ kinh doanh Hạt điều sấy giòn Phú Ngọc", ("legacy", "Phú Ngọc", "736"),
     "Vũ Thị Hạnh", True, False, date(2023, 3, 15), [("Hạt điều sấy giòn", "07", 2023)]),
    ("3600812409", K.COOPERATIVE, "Hợp tác xã Ngũ cốc La Ngà", ("legacy", "La Ngà", "736"), "Bùi Văn Lộc", False,
     False, date(2023, 3, 15), [("Bột ngũ cốc dinh dưỡng", "06", 2023)]),
    ("47A8012410", K.HOUSEHOLD, "Cơ sở Yến sào Trần Gia", ("legacy", "Gia Canh", "736"), "Trần Văn Gia", False,
     False, date(2023, 3, 15), [("Yến sào Trần Gia", "08", 2023)]),
    ("3600812411", K.COOPERATIVE, "Hợp tác xã Cà phê A Tằng", ("legacy", "Túc Trưng", "736"), "Điểu A Tằng", False,
     True, date(2023, 3, 15), [("Cà phê A Tằng", "13", 2023)]),
    ("47A8012412", K.HOUSEHOLD, "Hộ kinh doanh Xoài sấy Phú Vinh", ("legacy", "Phú Vinh", "736"), "Lê Thị Xuân",
     True, False, date(2023, 3, 15), [("Xoài sấy dẻo", "07", 2023)]),
    ("47A8012413", K.HOUSEHOLD, "Cơ sở Yến sào Giang Hoàng Yến", ("legacy", "Thanh Sơn", "736"), "Giang Hoàng Yến",
     True, False, date(2023, 3, 15), [("Yến sào Giang Hoàng Yến", "08", 2023)]),
]

GENERIC = [
    ("3600900101", K.COOPERATIVE, "Hợp tác xã Bưởi Tân Triều", "Tân Triều", "Nguyễn Văn Bưởi", False, False,
     [("Bưởi đường lá cam Tân Triều", "01"), ("Bưởi da xanh Tân Triều", "01")]),
    ("3600900102", K.COOPERATIVE, "Hợp tác xã Sầu riêng Long Khánh", "Long Khánh", "Trần Thị Riêng", True, False,
     [("Sầu riêng Ri6 Long Khánh", "01"), ("Chôm chôm Java Long Khánh", "01")]),
    ("3600900103", K.COOP_GROUP, "Tổ hợp tác Chôm chôm Xuân Lập", "Xuân Lập", "Phạm Văn Lập", False, False,
     [("Chôm chôm nhãn Xuân Lập", "01")]),
    ("3600900104", K.COOPERATIVE, "Hợp tác xã Tiêu Cẩm Mỹ", "Cẩm Mỹ", "Lý Văn Tiêu", False, False,
     [("Hạt tiêu đen Cẩm Mỹ", "10"), ("Tiêu xay Cẩm Mỹ", "10")]),
    ("3800900105", K.COOPERATIVE, "Hợp tác xã Cà phê Bù Đăng", "Bù Đăng", "Điểu Thị Bình", True, True,
     [("Cà phê rang xay Bù Đăng", "13")]),
    ("38A8900106", K.HOUSEHOLD, "Hộ kinh doanh Mật ong Bù Gia Mập", "Bù Gia Mập", "Thị Hoa", True, True,
     [("Mật ong hoa cà phê Bù Gia Mập", "04")]),
    ("3800900107", K.COOPERATIVE, "Hợp tác xã Điều Lộc Ninh", "Lộc Ninh", "Hoàng Văn Ninh", False, False,
     [("Hạt điều rang muối Lộc Ninh", "07"), ("Bơ hạt điều Lộc Ninh", "07")]),
    ("3800900108", K.SME, "Công ty TNHH Chế biến Nông sản Phú Riềng", "Phú Riềng", "Vương Thị Riềng", True, False,
     [("Nhân điều sấy Phú Riềng", "03")]),
    ("3600900109", K.COOPERATIVE, "Hợp tác xã Lúa gạo Nam Cát Tiên", "Nam Cát Tiên", "Đặng Văn Tiên", False, False,
     [("Gạo thơm Nam Cát Tiên", "03")]),
    ("", K.MANAGEMENT_BOARD, "Ban quản lý Du lịch cộng đồng Tà Lài", "Tà Lài", "Điểu Thị Lài", True, True,
     [("Du lịch cộng đồng Tà Lài", "26")]),
    ("3600900111", K.COOPERATIVE, "Hợp tác xã Nấm Gia Kiệm", "Gia Kiệm", "Trịnh Văn Kiệm", False, False,
     [("Nấm bào ngư Gia Kiệm", "01"), ("Nấm linh chi đỏ Gia Kiệm", "20")]),
    ("47A8900112", K.HOUSEHOLD, "Hộ kinh doanh Cá khô Trị An", "Trị An", "Lương Thị An", True, False,
     [("Khô cá lóc Trị An", "08"), ("Khô cá linh Trị An", "08")]),
    ("47A8900113", K.HOUSEHOLD, "Hộ kinh doanh Bánh tráng Dầu Giây", "Dầu Giây", "Mai Văn Giây", False, False,
     [("Bánh tráng phơi sương Dầu Giây", "06")]),
    ("3600900114", K.COOPERATIVE, "Hợp tác xã Rượu Xuân Bắc", "Xuân Bắc", "Tạ Văn Bắc", False, False,
     [("Rượu nếp Xuân Bắc", "14")]),
    ("3600900115", K.SME, "Công ty TNHH Gốm mỹ nghệ Biên Hòa", "Trấn Biên", "Châu Thị Gốm", True, False,
     [("Bình gốm men xanh đồng trổ Biên Hòa", "21"), ("Bộ ấm trà gốm Biên Hòa", "21")]),
    ("3600900116", K.SME, "Công ty TNHH Thực phẩm Tam Phước", "Tam Phước", "Kiều Văn Phước", False, False,
     [("Bánh đậu xanh Tam Phước", "06"), ("Bánh pía Tam Phước", "06")]),
    ("3800900117", K.SME, "Công ty TNHH Tinh dầu Đồng Xoài", "Đồng Xoài", "Ông Thị Xoài", True, False,
     [("Tinh dầu sả chanh Đồng Xoài", "20")]),
    ("3800900118", K.FARM, "Trang trại Bò sữa Minh Hưng", "Minh Hưng", "Lâm Văn Hưng", False, False,
     [("Sữa bò tươi Minh Hưng", "02")]),
    ("3600900119", K.COOPERATIVE, "Hợp tác xã Chuối Định Quán", "Định Quán", "Quách Thị Chuối", True, False,
     [("Chuối già Nam Mỹ Định Quán", "01"), ("Chuối sấy Định Quán", "07")]),
    ("3600900120", K.COOPERATIVE, "Hợp tác xã Ca cao Thống Nhất", "Thống Nhất", "Hồ Văn Nhất", False, False,
     [("Socola đen Thống Nhất", "13")]),
    ("47A8900121", K.HOUSEHOLD, "Hộ kinh doanh Nước mắm Long Phước", "Long Phước", "Triệu Thị Phước", True, False,
     [("Nước mắm cá cơm Long Phước", "09")]),
    ("3600900122", K.COOPERATIVE, "Hợp tác xã Trà mãng cầu Nhơn Trạch", "Nhơn Trạch", "Lục Văn Trạch", False, False,
     [("Trà mãng cầu Nhơn Trạch", "12"), ("Mãng cầu sấy dẻo Nhơn Trạch", "07")]),
    ("3800900123", K.COOP_UNION, "Liên hiệp Hợp tác xã Nông nghiệp Bình Long", "Bình Long", "Tô Văn Long", False, False,
     [("Hạt điều Bình Long", "07")]),
    ("3600900124", K.FARM, "Trang trại Dê Bàu Hàm", "Bàu Hàm", "Ninh Thị Hàm", True, False,
     [("Sữa dê thanh trùng Bàu Hàm", "02")]),
    ("3600900125", K.COOPERATIVE, "Hợp tác xã Mây tre đan Phú Lý", "Phú Lý", "Giáp Văn Lý", False, False,
     [("Giỏ mây tre đan Phú Lý", "21")]),
    ("3600900126", K.SME, "Công ty TNHH Nước uống Xuân Đường", "Xuân Đường", "Khổng Thị Đường", True, False,
     [("Nước uống đóng chai Xuân Đường", "16")]),
    ("3600900127", K.COOPERATIVE, "Hợp tác xã Hoa lan Tân An", "Tân An", "Doãn Văn Lan", False, False,
     [("Lan hồ điệp Tân An", "23")]),
]


def _pdf(title: str) -> SimpleUploadedFile:
    body = f"%PDF-1.4\n% {fold(title)}\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
    return SimpleUploadedFile(f"{fold(title).replace(' ', '-')[:60]}.pdf", body.encode("ascii", "ignore"))


class _Units:
    def __init__(self):
        communes = AdminUnit.objects.filter(generation="current", level="commune", parent__code=PROVINCE,
                                            parent__generation="current").select_related("parent")
        self.current = {fold(u.name): u for u in communes}
        legacy = AdminUnit.objects.filter(generation="legacy", level="commune", parent__parent__code=PROVINCE)
        self.legacy = {(fold(u.name), u.parent.code): u for u in legacy.select_related("parent")}

    def find(self, where) -> AdminUnit | None:
        if where[0] == "legacy":
            old = self.legacy.get((fold(where[1]), where[2]))
            successors = unit_current_successors(old) if old else []
            if successors:
                return successors[0]
        return self.current.get(fold(where[1]))


def _producer(row_unit, tax_code, kind, name, rep, woman, minority, joined, index) -> tuple[Producer, bool]:
    existing = Producer.objects.filter(name=name, unit=row_unit).first() if not tax_code else \
        Producer.objects.filter(tax_code=tax_code).first()
    if existing:
        return existing, False
    total = 8 + index * 3 % 40
    producer = services.producer_create(
        actor=None, confirm_duplicates=True, kind=kind, name=name, tax_code=tax_code, unit=row_unit,
        rep_name=rep, rep_title="Giám đốc" if kind == K.SME else "Chủ nhiệm" if kind == K.COOPERATIVE else "",
        rep_is_woman=woman, rep_is_ethnic_minority=minority, rep_ethnicity="S'Tiêng" if minority else "",
        address=f"Ấp {index % 7 + 1}", phone=f"0251 38{index:02d} {100 + index}",
        founded_on=date(2008 + index % 12, index % 12 + 1, 1), joined_ocop_on=joined,
        workforce_total=total, workforce_local=total * 3 // 4, workforce_women=total // 2,
    )
    return producer, True


def _documents(producer: Producer, products: list[Product], index: int) -> int:
    today, made = timezone.localdate(), 0
    plans = [(Document.Kind.BUSINESS_REGISTRATION, f"ĐKKD-{producer.tax_code or producer.pk}", None, None)]
    if any(p.criteria_set != "26" for p in products):
        offset = [-25 - index, 10 + index, 400 + index * 5][index % 3]  # expired, expiring, valid
        plans.append((Document.Kind.FOOD_SAFETY, f"{index + 1:03d}/GCN-ATTP", today + timedelta(days=offset - 1095),
                      today + timedelta(days=offset)))
    if products:
        plans.append((Document.Kind.TEST_REPORT, f"KN-{index + 1:04d}", today - timedelta(days=90 + index),
                      today + timedelta(days=275 - index * 9)))
    for kind, number, issued, expires in plans:
        if Document.objects.filter(producer=producer, kind=kind, number=number).exists():
            continue
        services.document_upload(
            actor=None, producer=producer, kind=kind, number=number, issued_on=issued, expires_on=expires,
            product=products[0] if kind == Document.Kind.TEST_REPORT else None,
            issuer="Sở Y tế Đồng Nai" if kind != Document.Kind.BUSINESS_REGISTRATION else "Sở Tài chính Đồng Nai",
            file=_pdf(f"{producer.name} {number}"),
        )
        made += 1
    return made


def seed(log=print) -> dict:
    units = _Units()
    counts = {"producers_created": 0, "products_created": 0, "documents_created": 0, "skipped": 0}
    rows = list(NAMED)
    rows += [(t, k, n, ("current", c), rep, w, m, date(2019 + i % 7, i % 12 + 1, 15),
              [(pn, s, 2020 + (i + j) % 6) for j, (pn, s) in enumerate(ps)])
             for i, (t, k, n, c, rep, w, m, ps) in enumerate(GENERIC)]
    first_producer = None
    for index, (tax_code, kind, name, where, rep, woman, minority, joined, products) in enumerate(rows):
        unit = units.find(where)
        if unit is None:
            counts["skipped"] += 1
            continue
        producer, made = _producer(unit, tax_code, kind, name, rep, woman, minority, joined, index)
        counts["producers_created"] += made
        first_producer = first_producer or producer
        items = []
        for product_name, criteria_set, year in products:
            product = Product.objects.filter(producer=producer, name=product_name).first()
            if product is None:
                product = services.product_create(actor=None, producer=producer, name=product_name,
                                                  criteria_set=criteria_set, year=year,
                                                  description=f"{product_name} – sản phẩm của {producer.name}.")
                counts["products_created"] += 1
            items.append(product)
        counts["documents_created"] += _documents(producer, items, index)
    if first_producer is not None:
        _producer_account(first_producer)
    log(f"Chủ thể và sản phẩm mẫu: {counts['producers_created']} chủ thể, {counts['products_created']} sản phẩm, "
        f"{counts['documents_created']} giấy tờ mới" + (f"; bỏ qua {counts['skipped']} (thiếu đơn vị)"
                                                       if counts["skipped"] else "") + ".")
    return counts


def _producer_account(producer: Producer) -> None:
    """The demo producer login "chuthe", acting for PRODUCER in the portal (no back-office access)."""
    from ocop.accounts.demo import DEMO_PASSWORD, ensure_role

    user, made = User.objects.get_or_create(
        username="chuthe", defaults={"full_name": f"Chủ thể – {producer.name}", "is_staff": False}
    )
    if made:
        user.set_password(DEMO_PASSWORD)
        user.save()
    ensure_role(user, Role.PRODUCER, producer.unit)
    if not ProducerMember.objects.filter(user=user, producer=producer).exists():
        services.producer_member_add(producer=producer, user=user, actor=None)
