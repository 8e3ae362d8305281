"""The inbox sections' titles and hints (no model imports: the sidebar config reads them)."""

from django.utils.translation import gettext_lazy as _

#: key -> (title, hint), in the order shown
TEXTS = {
    "review": (_("Hồ sơ chờ xã thẩm định"),
               _("Thẩm định trong 15 ngày làm việc kể từ ngày nộp; hồ sơ quá hạn ở đầu danh sách.")),
    "verify": (_("Chủ thể chờ xác minh"), _("Chủ thể tự đăng ký trên cổng, chờ cán bộ xã xác minh.")),
    "accept": (_("Hồ sơ xã đề xuất, chờ tỉnh tiếp nhận"), _("Tiếp nhận vào đợt đánh giá, trả lại hoặc loại.")),
    "council": (_("Hồ sơ chờ hội đồng"), _("Đã tiếp nhận nhưng đợt đánh giá chưa có hội đồng.")),
    "finalise": (_("Kết quả chờ hoàn tất"),
                 _("Các thành viên đã nộp đủ phiếu; tổng hợp và hoàn tất kết quả cấp tỉnh.")),
    "decide": (_("Kết quả chờ ra quyết định công nhận"), _("Kết quả cấp tỉnh từ 3 sao đã hoàn tất, chưa có quyết định.")),
    "rerate": (_("Giấy chứng nhận trong thời gian đánh giá lại"),
               _("Từ 6 đến 4 tháng trước khi hết hạn, chưa có hồ sơ đánh giá lại.")),
    "revoke": (_("Giấy chứng nhận đang xử lý thu hồi"),
               _("Đã có kết luận vi phạm; ra quyết định thu hồi (hoặc không thu hồi) trong 15 ngày kể từ ngày kết luận.")),
    "sheets": (_("Phiếu chấm chờ điền"), _("Hồ sơ của hội đồng bạn tham gia chờ phiếu chấm của bạn.")),
    "tasks": (_("Nhiệm vụ của sở, ngành"), _("Nhiệm vụ đang thực hiện, hạn gần nhất ở đầu danh sách.")),
}
