"""Vietnamese-looking names from our own word lists: people, producers, products, events.

Nothing here is a real person or business; combinations are drawn with the caller's seeded
random.Random, so the same seed gives the same names.
"""

SURNAMES = (
    "Nguyễn", "Nguyễn", "Nguyễn", "Trần", "Trần", "Lê", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ",
    "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Đinh", "Trương", "Lâm", "Mai", "Tạ", "Hà", "Cao",
    "Lương", "Triệu", "Quách", "Thái", "Tô", "Vương", "Kiều", "Đoàn", "Châu",
)
MIDDLE_MEN = ("Văn", "Văn", "Hữu", "Đức", "Minh", "Quốc", "Thanh", "Công", "Ngọc", "Xuân", "Trọng", "Đình", "Bá")
MIDDLE_WOMEN = ("Thị", "Thị", "Thị", "Ngọc", "Thu", "Thanh", "Kim", "Mỹ", "Bích", "Hồng", "Phương", "Diệu")
GIVEN_MEN = (
    "An", "Bình", "Cường", "Dũng", "Đạt", "Hải", "Hiếu", "Hùng", "Huy", "Khang", "Khánh", "Long", "Lộc", "Minh",
    "Nam", "Nghĩa", "Phát", "Phong", "Phúc", "Quang", "Sơn", "Tài", "Tâm", "Thành", "Thắng", "Thịnh", "Toàn",
    "Trung", "Tuấn", "Việt", "Vinh", "Vũ", "Hòa", "Tiến", "Kiên", "Lâm", "Sang", "Tín", "Nhân", "Thuận",
)
GIVEN_WOMEN = (
    "Anh", "Châu", "Dung", "Duyên", "Giang", "Hà", "Hạnh", "Hằng", "Hiền", "Hoa", "Hương", "Lan", "Liên",
    "Linh", "Loan", "Mai", "My", "Nga", "Ngân", "Nhung", "Oanh", "Phượng", "Quyên", "Thảo", "Thủy", "Trang",
    "Trinh", "Tuyết", "Uyên", "Vân", "Xuân", "Yến", "Hồng", "Thắm", "Lệ", "Diệp",
)
ETHNIC_MINORITIES = (
    "Tày", "Thái", "Mường", "Khmer", "Hmông", "Nùng", "Dao", "Gia Rai", "Ê Đê", "Ba Na", "Sán Chay", "Chăm",
    "Cơ Ho", "Xơ Đăng", "Sán Dìu", "Hrê", "Ra Glai", "Mnông", "Stiêng", "Chơ Ro",
)
BRAND_WORDS = (
    "Phúc Lộc", "An Khang", "Thịnh Phát", "Hưng Thịnh", "Tân Tiến", "Bảo Châu", "Kim Ngân", "Hoàng Gia",
    "Thiên Phú", "Minh Long", "Đại Phát", "Ngọc Lan", "Sơn Hà", "Hồng Phúc", "Gia Hưng", "Trường Thịnh",
    "Vạn Lợi", "Mộc Sơn", "Xanh Quê", "Đất Việt", "Hương Quê", "Làng Xưa", "Nắng Mới", "Sao Việt", "Bình An",
    "Phú Quý", "Tâm Đức", "Thuận Thiên", "Lộc Phát", "Hòa Bình", "Hạnh Phúc", "Quê Nhà", "Mây Ngàn",
    "Suối Tiên", "Đồng Xanh", "Cửu Long", "Trường Sơn", "Tây Nguyên", "Biển Xanh", "Thảo Mộc",
)
COOP_TRADES = (
    "Nông nghiệp", "Dịch vụ nông nghiệp", "Nông nghiệp sạch", "Nông nghiệp công nghệ cao", "Sản xuất và thương mại",
    "Chăn nuôi", "Thủy sản", "Dược liệu", "Chè", "Cà phê", "Mây tre đan", "Trồng trọt và tiêu thụ nông sản",
    "Du lịch cộng đồng", "Rau an toàn", "Cây ăn trái", "Nông sản hữu cơ",
)
TITLES = {
    "htx": "Giám đốc", "lhhtx": "Chủ tịch Hội đồng quản trị", "tht": "Tổ trưởng", "dn": "Giám đốc",
    "trang_trai": "Chủ trang trại", "ho": "Chủ hộ", "hoi": "Chủ tịch Hội", "bql": "Trưởng ban",
}

# Products by criteria set (01..26): base names; a place or brand word is added after.
PRODUCTS = {
    "01": ("Bưởi da xanh", "Bưởi năm roi", "Cam sành", "Quýt hồng", "Xoài cát Hòa Lộc", "Sầu riêng Ri6",
           "Chôm chôm", "Nhãn lồng", "Vải thiều", "Thanh long ruột đỏ", "Mít Thái", "Măng cụt", "Na dai",
           "Dưa lưới", "Khoai lang tím", "Rau cải hữu cơ", "Gừng gió", "Bơ sáp", "Chuối già Nam Mỹ"),
    "02": ("Trứng gà ta", "Trứng vịt muối", "Gà đồi thả vườn", "Thịt lợn đen", "Tôm càng xanh", "Cá lóc đồng",
           "Sữa bò tươi", "Bò tơ", "Vịt xiêm", "Cua đồng", "Ốc hương"),
    "03": ("Gạo ST25", "Gạo nếp cái hoa vàng", "Gạo lứt đỏ", "Gạo tám thơm", "Gạo séng cù", "Hạt điều thô",
           "Đậu xanh hạt", "Lạc đỏ", "Hạt sen khô", "Ngô nếp khô"),
    "04": ("Mật ong hoa cà phê", "Mật ong rừng", "Mật ong hoa nhãn", "Mật hoa dừa", "Mật mía", "Nấm linh chi",
           "Nấm rơm sấy", "Yến sào", "Tổ yến thô"),
    "05": ("Chả giò", "Bánh bao nhân thịt", "Nem chua", "Xúc xích heo", "Bún bò ăn liền", "Chả lụa"),
    "06": ("Bánh tráng phơi sương", "Bánh phồng tôm", "Bún khô", "Miến dong", "Phở khô", "Bánh đa nem",
           "Cốm dẹp", "Bánh pía", "Bánh tét lá cẩm", "Bột gạo lứt", "Hủ tiếu khô"),
    "07": ("Xoài sấy dẻo", "Chuối sấy giòn", "Mít sấy", "Hạt điều rang muối", "Mứt gừng", "Mứt dừa",
           "Kẹo dừa", "Tinh bột nghệ", "Ô mai mơ", "Đậu phộng da cá", "Me thái sấy"),
    "08": ("Khô cá lóc", "Khô cá dứa", "Lạp xưởng tươi", "Ruốc tôm", "Chà bông heo", "Tôm khô", "Chả cá thác lác",
           "Mắm tép chưng thịt", "Khô bò một nắng"),
    "09": ("Nước mắm cá cơm", "Nước mắm truyền thống", "Tương bần", "Tương hột", "Nước tương đậu nành",
           "Mắm nêm"),
    "10": ("Muối tôm", "Muối ớt", "Tiêu đen", "Tiêu sọ", "Ớt bột", "Sa tế tôm", "Muối hồng", "Hạt mắc khén"),
    "11": ("Chè búp", "Chè Shan tuyết", "Trà xanh", "Trà ô long", "Chè móc câu", "Trà sen"),
    "12": ("Trà atiso", "Trà hoa cúc", "Trà mãng cầu", "Trà gạo lứt", "Trà khổ qua rừng", "Trà đinh lăng",
           "Trà dây"),
    "13": ("Cà phê rang xay", "Cà phê hạt Robusta", "Cà phê Arabica", "Bột ca cao", "Socola đen", "Cà phê chồn",
           "Ca cao nguyên chất"),
    "14": ("Rượu nếp cẩm", "Rượu đế", "Rượu gạo men lá", "Rượu ngô", "Rượu cần", "Rượu nếp than"),
    "15": ("Rượu sim", "Rượu vang nho", "Rượu mơ", "Rượu trái nhàu", "Rượu chuối hột"),
    "16": ("Nước khoáng thiên nhiên", "Nước uống đóng chai", "Nước tinh khiết"),
    "17": ("Nước cốt chanh dây", "Nước dừa đóng chai", "Trà sữa gạo", "Sữa đậu nành", "Nước ép cam",
           "Siro dâu tằm"),
    "18": ("Cao đinh lăng", "Viên nghệ mật ong", "Cao atiso", "Trà túi lọc diệp hạ châu", "Tinh bột sắn dây",
           "Cao xương cá"),
    "19": ("Xà bông thảo dược", "Dầu gội bồ kết", "Son dưỡng sáp ong", "Kem nghệ", "Nước hoa bưởi"),
    "20": ("Tinh dầu sả chanh", "Tinh dầu tràm", "Tinh dầu quế", "Dầu dừa ép lạnh", "Tinh dầu bưởi",
           "Nhang trầm"),
    "21": ("Giỏ mây tre đan", "Bình gốm men lam", "Chiếu cói", "Tranh tre", "Đũa tre", "Nón lá",
           "Lục bình đan", "Đồ gỗ mỹ nghệ", "Gốm Bàu Trúc", "Đèn lồng"),
    "22": ("Thổ cẩm", "Lụa tơ tằm", "Khăn dệt thổ cẩm", "Áo dài lụa", "Vải lanh nhuộm chàm"),
    "23": ("Lan hồ điệp", "Hoa mai vàng", "Hoa cúc mâm xôi", "Hoa hồng", "Hoa đào"),
    "24": ("Bonsai sam hương", "Cây mai chiếu thủy", "Cây kiểng lá", "Bonsai linh sam", "Cây sanh cảnh"),
    "25": ("Cá Koi", "Gà Đông Tảo cảnh", "Chim chào mào", "Cá rồng"),
    "26": ("Điểm du lịch sinh thái", "Du lịch cộng đồng", "Homestay", "Làng nghề du lịch", "Khu du lịch vườn"),
}
EVENT_KINDS = (
    ("fair", "Hội chợ OCOP"), ("fair", "Hội chợ nông sản và sản phẩm OCOP"), ("week", "Tuần hàng OCOP"),
    ("week", "Phiên chợ sản phẩm OCOP"), ("exhibition", "Triển lãm sản phẩm OCOP"),
    ("matching", "Hội nghị kết nối cung cầu"), ("online", "Phiên livestream bán hàng OCOP"),
)
BUYER_ORGS = (
    "Siêu thị Co.op", "Hệ thống Bách hóa Xanh", "Siêu thị WinMart", "Công ty phân phối", "Nhà hàng",
    "Cửa hàng đặc sản", "Công ty xuất khẩu", "Chuỗi cà phê", "Khách sạn", "Đại lý bán sỉ",
)
TRAINING_TOPICS = (
    "Quy trình đánh giá, phân hạng sản phẩm OCOP", "Xây dựng câu chuyện sản phẩm", "Thiết kế bao bì, nhãn hàng",
    "Thương mại điện tử cho chủ thể OCOP", "An toàn thực phẩm và truy xuất nguồn gốc",
    "Quản trị hợp tác xã", "Xây dựng phương án sản xuất kinh doanh", "Tiếp thị và kết nối thị trường",
    "Đăng ký nhãn hiệu, sở hữu trí tuệ", "Tiêu chuẩn VietGAP, hữu cơ",
)
TASK_TITLES = (
    "Hỗ trợ chủ thể hoàn thiện hồ sơ đánh giá sản phẩm", "Tổ chức hội chợ OCOP cấp tỉnh",
    "Kiểm tra, giám sát sản phẩm OCOP sau công nhận", "Xây dựng điểm giới thiệu và bán sản phẩm OCOP",
    "Tập huấn cho cán bộ OCOP cấp xã", "Hỗ trợ đăng ký nhãn hiệu cho sản phẩm OCOP",
    "Đưa sản phẩm OCOP lên sàn thương mại điện tử", "Rà soát, đánh giá lại sản phẩm sắp hết hạn",
    "Phát triển sản phẩm du lịch cộng đồng", "Hỗ trợ kiểm nghiệm, công bố chất lượng sản phẩm",
)


def person(rng, woman: bool | None = None) -> tuple[str, bool]:
    """(full name, is a woman)."""
    if woman is None:
        woman = rng.random() < 0.42
    middle = rng.choice(MIDDLE_WOMEN if woman else MIDDLE_MEN)
    given = rng.choice(GIVEN_WOMEN if woman else GIVEN_MEN)
    return f"{rng.choice(SURNAMES)} {middle} {given}", woman


def producer_name(rng, kind: str, place: str, rep: str, trade: str) -> str:
    brand = rng.choice(BRAND_WORDS)
    if kind == "htx":
        return f"Hợp tác xã {rng.choice(COOP_TRADES)} {place}"
    if kind == "lhhtx":
        return f"Liên hiệp hợp tác xã {rng.choice(COOP_TRADES)} {place}"
    if kind == "tht":
        return f"Tổ hợp tác {trade.lower()} {place}"
    if kind == "dn":
        form = rng.choice(("Công ty TNHH", "Công ty TNHH", "Công ty Cổ phần", "Doanh nghiệp tư nhân"))
        return f"{form} {brand} {place}" if rng.random() < 0.4 else f"{form} {brand}"
    if kind == "trang_trai":
        return f"Trang trại {brand} {place}"
    if kind == "hoi":
        return f"Hội du lịch cộng đồng {place}"
    if kind == "bql":
        return f"Ban quản lý khu du lịch {brand} {place}"
    return f"Hộ kinh doanh {rep}"
