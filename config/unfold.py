"""Back-office (Unfold) presentation settings."""

from django.templatetags.static import static
from django.urls import reverse_lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from ocop.inbox.sidebar import navigation_items as inbox_navigation_items

UNFOLD = {
    "SITE_TITLE": _("OCOP – Quản trị"),
    "SITE_HEADER": _("OCOP"),
    "SITE_SUBHEADER": _("Mỗi xã một sản phẩm"),
    "SITE_SYMBOL": "storefront",
    "SITE_URL": "/",
    "SHOW_LANGUAGES": True,
    "SHOW_HISTORY": True,
    "SHOW_VIEW_ON_SITE": True,
    "ENVIRONMENT": "ocop.inbox.admin_site.environment_badge",
    "DASHBOARD_CALLBACK": "ocop.inbox.admin_site.dashboard_callback",
    "STYLES": [lambda request: static("ocop/admin.css")],
    # Accessibility fixes to third-party markup (a main landmark, list items, select2 names).
    "SCRIPTS": [lambda request: static("ocop/admin_a11y.js")],
    "COLORS": {
        # A green primary, for agriculture and the OCOP brand.
        "primary": {
            "50": "oklch(98.2% .018 155.826)",
            "100": "oklch(96.2% .044 156.743)",
            "200": "oklch(92.5% .084 155.995)",
            "300": "oklch(87.1% .15 154.449)",
            "400": "oklch(79.2% .209 151.711)",
            # 500–800 darker than Tailwind's green: white text on primary-600 buttons, primary-600
            # links on white and active menu items on grey reach the 4.5:1 of WCAG AA (axe-core).
            "500": "oklch(62.7% .194 149.214)",
            "600": "oklch(47% .135 150.6)",
            "700": "oklch(44.8% .119 151.328)",
            "800": "oklch(39.3% .095 152.535)",
            "900": "oklch(33% .08 152.7)",
            "950": "oklch(26.6% .065 152.934)",
        },
    },
    "LOGIN": {"redirect_after": reverse_lazy("admin:index")},
    "ACCOUNT": {
        "navigation": [
            {"title": _("Đổi mật khẩu"), "link": reverse_lazy("admin:password_change")},
            {"title": _("Bảo mật tài khoản (xác thực hai bước)"), "link": reverse_lazy("accounts:security")},
        ],
    },
    "SIDEBAR": {
        "show_search": True,
        "show_all_applications": True,
        "navigation": [
            {
                "title": _("Việc cần làm"),
                "items": [
                    {"title": _("Tất cả việc cần làm"), "icon": "inbox", "link": reverse_lazy("admin:index")},
                    *inbox_navigation_items(),
                ],
            },
            {
                "title": _("Địa giới hành chính"),
                "items": [
                    {
                        "title": _("Đơn vị hành chính"),
                        "icon": "map",
                        "link": reverse_lazy("admin:territory_adminunit_changelist"),
                    },
                ],
            },
            {
                "title": _("Chu trình OCOP"),
                "items": [
                    {
                        "title": _("Chu trình và lịch các bước"),
                        "icon": "calendar_month",
                        "link": reverse_lazy("admin:cycle_cycle_changelist"),
                        "permission": "ocop.accounts.sidebar.cycle",
                    },
                    {
                        "title": _("Hoạt động tuyên truyền"),
                        "icon": "campaign",
                        "link": reverse_lazy("admin:cycle_publicityactivity_changelist"),
                        "permission": "ocop.accounts.sidebar.cycle",
                    },
                    {
                        "title": _("Xác minh chủ thể đăng ký"),
                        "icon": "how_to_reg",
                        "link": reverse_lazy("admin:cycle_producerverification_changelist"),
                        "permission": "ocop.accounts.sidebar.cycle",
                    },
                    {
                        "title": _("Ý tưởng sản phẩm"),
                        "icon": "lightbulb",
                        "link": reverse_lazy("admin:cycle_productidea_changelist"),
                        "permission": "ocop.accounts.sidebar.cycle",
                    },
                    {
                        "title": _("Phương án kinh doanh"),
                        "icon": "request_quote",
                        "link": reverse_lazy("admin:cycle_businessplan_changelist"),
                        "permission": "ocop.accounts.sidebar.cycle",
                    },
                    {
                        "title": _("Triển khai phương án"),
                        "icon": "construction",
                        "link": reverse_lazy("admin:cycle_implementation_changelist"),
                        "permission": "ocop.accounts.sidebar.cycle",
                    },
                    {
                        "title": _("Phễu chu trình OCOP"),
                        "icon": "filter_alt",
                        "link": reverse_lazy("admin:cycle_funnel"),
                        "permission": "ocop.accounts.sidebar.cycle",
                    },
                ],
            },
            {
                "title": _("Đánh giá, phân hạng"),
                "items": [
                    {
                        "title": _("Hồ sơ đánh giá"),
                        "icon": "folder_open",
                        "link": reverse_lazy("admin:rating_dossier_changelist"),
                        "permission": "ocop.accounts.sidebar.rating",
                    },
                    {
                        "title": _("Quá hạn thẩm định tại xã"),
                        "icon": "alarm",
                        "link": format_lazy("{}?overdue=1", reverse_lazy("admin:rating_dossier_changelist")),
                        "badge": "ocop.inbox.sidebar.badge_overdue",
                        "permission": "ocop.accounts.sidebar.rating",
                    },
                    {
                        "title": _("Chấm điểm của hội đồng"),
                        "icon": "rate_review",
                        "link": reverse_lazy("admin:rating_scoring"),
                        "badge": "ocop.inbox.sidebar.badge_sheets",
                        "permission": "ocop.accounts.sidebar.rating",
                    },
                    {
                        "title": _("Đợt đánh giá"),
                        "icon": "event",
                        "link": reverse_lazy("admin:rating_ratinground_changelist"),
                        "permission": "ocop.accounts.sidebar.rating",
                    },
                    {
                        "title": _("Hội đồng đánh giá"),
                        "icon": "groups",
                        "link": reverse_lazy("admin:rating_council_changelist"),
                        "permission": "ocop.accounts.sidebar.rating",
                    },
                    {
                        "title": _("Kết quả đánh giá"),
                        "icon": "star",
                        "link": reverse_lazy("admin:rating_ratingresult_changelist"),
                        "permission": "ocop.accounts.sidebar.rating",
                    },
                    {
                        "title": _("Ngày nghỉ lễ"),
                        "icon": "beach_access",
                        "link": reverse_lazy("admin:rating_publicholiday_changelist"),
                        "permission": "ocop.accounts.sidebar.rating",
                    },
                ],
            },
            {
                "title": _("Quyết định, chứng nhận"),
                "items": [
                    {
                        "title": _("Quyết định"),
                        "icon": "gavel",
                        "link": reverse_lazy("admin:certificates_decision_changelist"),
                        "permission": "ocop.accounts.sidebar.certificates",
                    },
                    {
                        "title": _("Giấy chứng nhận"),
                        "icon": "workspace_premium",
                        "link": reverse_lazy("admin:certificates_certificate_changelist"),
                        "permission": "ocop.accounts.sidebar.certificates",
                    },
                    {
                        "title": _("Sắp hết hạn"),
                        "icon": "event_busy",
                        "link": reverse_lazy("admin:certificates_expiring"),
                        "permission": "ocop.accounts.sidebar.certificates",
                    },
                    {
                        "title": _("Phân tích hội đồng"),
                        "icon": "query_stats",
                        "link": reverse_lazy("admin:rating_council_analytics"),
                        "permission": "ocop.accounts.sidebar.analytics",
                    },
                    {
                        "title": _("Thông báo"),
                        "icon": "notifications",
                        "link": reverse_lazy("admin:certificates_notification_changelist"),
                        "badge": "ocop.certificates.admin.notification_badge",
                    },
                ],
            },
            {
                "title": _("Chủ thể và sản phẩm"),
                "items": [
                    {
                        "title": _("Chủ thể OCOP"),
                        "icon": "groups",
                        "link": reverse_lazy("admin:registry_producer_changelist"),
                    },
                    {
                        "title": _("Sản phẩm"),
                        "icon": "inventory_2",
                        "link": reverse_lazy("admin:registry_product_changelist"),
                    },
                    {
                        "title": _("Kho giấy tờ"),
                        "icon": "folder_open",
                        "link": reverse_lazy("admin:registry_document_changelist"),
                    },
                ],
            },
            {
                "title": _("Giám sát chương trình"),
                "items": [
                    {
                        "title": _("Bảng theo dõi chỉ tiêu"),
                        "icon": "monitoring",
                        "link": reverse_lazy("admin:program_dashboard"),
                        "permission": "ocop.accounts.sidebar.program",
                    },
                    {
                        "title": _("Kế hoạch, đề án và chỉ tiêu"),
                        "icon": "flag",
                        "link": reverse_lazy("admin:program_plan_changelist"),
                        "permission": "ocop.accounts.sidebar.program",
                    },
                    {
                        "title": _("Nhiệm vụ của sở, ngành"),
                        "icon": "assignment",
                        "link": reverse_lazy("admin:program_departmenttask_changelist"),
                        "permission": "ocop.accounts.sidebar.program",
                    },
                    {
                        "title": _("Đào tạo, tập huấn"),
                        "icon": "school",
                        "link": reverse_lazy("admin:program_trainingcourse_changelist"),
                        "permission": "ocop.accounts.sidebar.program",
                    },
                    {
                        "title": _("Danh sách cần đào tạo"),
                        "icon": "groups_3",
                        "link": reverse_lazy("admin:program_trainingrosterentry_changelist"),
                        "permission": "ocop.accounts.sidebar.program",
                    },
                    {
                        "title": _("Kinh phí theo nguồn"),
                        "icon": "payments",
                        "link": reverse_lazy("admin:program_fundingline_changelist"),
                        "permission": "ocop.accounts.sidebar.program",
                    },
                    {
                        "title": _("Hỗ trợ và kết quả theo chủ thể"),
                        "icon": "compare_arrows",
                        "link": reverse_lazy("admin:program_producer_support"),
                        "permission": "ocop.accounts.sidebar.program",
                    },
                    {
                        "title": _("Báo cáo năm"),
                        "icon": "summarize",
                        "link": reverse_lazy("admin:program_reportjob_changelist"),
                        "permission": "ocop.accounts.sidebar.program",
                    },
                ],
            },
            {
                "title": _("Xúc tiến thương mại"),
                "items": [
                    {
                        "title": _("Hội chợ, sự kiện"),
                        "icon": "storefront",
                        "link": reverse_lazy("admin:promotion_event_changelist"),
                        "permission": "ocop.accounts.sidebar.promotion",
                    },
                    {
                        "title": _("Chủ thể tham gia, doanh số"),
                        "icon": "handshake",
                        "link": reverse_lazy("admin:promotion_participation_changelist"),
                        "permission": "ocop.accounts.sidebar.promotion",
                    },
                    {
                        "title": _("Điểm bán OCOP"),
                        "icon": "store",
                        "link": reverse_lazy("admin:promotion_salespoint_changelist"),
                        "permission": "ocop.accounts.sidebar.promotion",
                    },
                    {
                        "title": _("Thương mại điện tử"),
                        "icon": "shopping_cart",
                        "link": reverse_lazy("admin:promotion_ecommercelink_changelist"),
                        "permission": "ocop.accounts.sidebar.promotion",
                    },
                    {
                        "title": _("Báo cáo nghi ngờ giả mạo"),
                        "icon": "report",
                        "link": reverse_lazy("admin:catalog_fakereport_changelist"),
                        "permission": "ocop.accounts.sidebar.catalog",
                    },
                    {
                        "title": _("Sản phẩm tạm ẩn khỏi danh mục"),
                        "icon": "visibility_off",
                        "link": reverse_lazy("admin:catalog_catalogwithdrawal_changelist"),
                        "permission": "ocop.accounts.sidebar.catalog",
                    },
                    {
                        "title": _("Khoá API"),
                        "icon": "key",
                        "link": reverse_lazy("admin:api_apitoken_changelist"),
                        "permission": lambda request: request.user.is_staff,
                    },
                ],
            },
            {
                "title": _("Tài khoản và nhật ký"),
                "items": [
                    {
                        "title": _("Người dùng"),
                        "icon": "person",
                        "link": reverse_lazy("admin:accounts_user_changelist"),
                        "permission": lambda request: request.user.is_superuser,
                    },
                    {
                        "title": _("Phân quyền theo đơn vị"),
                        "icon": "badge",
                        "link": reverse_lazy("admin:accounts_roleassignment_changelist"),
                    },
                    {
                        "title": _("Nhật ký thao tác"),
                        "icon": "history",
                        "link": reverse_lazy("admin:core_auditevent_changelist"),
                    },
                ],
            },
        ],
    },
}
