"""Recognition and revocation decisions, OCOP certificates, reminders and in-app notifications.

Names and fields follow the contract with ocop.rating (docs/rating-contract.md). Writes go through
ocop.certificates.services; a certificate's status (valid / expiring / expired / revoked) is never
stored: it is computed from its dates (ocop.certificates.lifecycle, ocop.certificates.status).
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ocop.core.models import TimeStampedModel
from ocop.lib.formatting import short_date


class DecisionCounter(models.Model):
    """The last sequence number an issuing body gave in a year; locked with select_for_update."""

    issuer_key = models.CharField(_("cơ quan ban hành"), max_length=40)
    year = models.PositiveSmallIntegerField(_("năm"))
    last_sequence = models.PositiveIntegerField(_("số cuối cùng"), default=0)

    class Meta:
        verbose_name = _("bộ đếm số quyết định")
        verbose_name_plural = pgettext_lazy("plural", "bộ đếm số quyết định")
        constraints = [models.UniqueConstraint(fields=["issuer_key", "year"], name="decisioncounter_unique")]

    def __str__(self):
        return f"{self.issuer_key}/{self.year}: {self.last_sequence}"


class Decision(TimeStampedModel):
    """A decision of the province chair or the minister (or, historically, a district chair)."""

    class Level(models.TextChoices):
        DISTRICT = "district", _("UBND cấp huyện (trước 01/07/2025)")
        PROVINCE = "province", _("UBND cấp tỉnh")
        CENTRAL = "central", _("Bộ Nông nghiệp và Môi trường")

    class Kind(models.TextChoices):
        RECOGNITION = "recognition", _("Công nhận, cấp giấy chứng nhận")
        REVOCATION = "revocation", _("Thu hồi giấy chứng nhận")

    issuer_level = models.CharField(_("cấp ban hành"), max_length=10, choices=Level.choices)
    issuer_unit = models.ForeignKey(
        "territory.AdminUnit", verbose_name=_("đơn vị ban hành"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+", help_text=_("Tỉnh (hoặc huyện cũ); để trống với trung ương."),
    )
    #: "central", or "<level>:<unit id>": the numbering register the decision belongs to.
    issuer_key = models.CharField(_("sổ đăng ký số"), max_length=40, editable=False)
    kind = models.CharField(_("loại quyết định"), max_length=12, choices=Kind.choices, default=Kind.RECOGNITION)
    year = models.PositiveSmallIntegerField(_("năm"))
    sequence = models.PositiveIntegerField(
        _("số thứ tự"), null=True, blank=True, editable=False,
        help_text=_("Do hệ thống cấp; để trống với quyết định ban hành trước khi có hệ thống."),
    )
    number = models.CharField(_("số quyết định"), max_length=60)
    signed_on = models.DateField(_("ngày ký"))
    signer_name = models.CharField(_("người ký"), max_length=150, blank=True)
    signer_title = models.CharField(_("chức vụ người ký"), max_length=150, blank=True)
    file = models.FileField(_("bản quét quyết định"), upload_to="certificates/decisions/", blank=True)
    note = models.TextField(_("trích yếu, ghi chú"), blank=True)
    is_historical = models.BooleanField(_("nhập từ hồ sơ cũ"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người nhập"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    results = models.ManyToManyField(
        "rating.RatingResult", verbose_name=_("kết quả được công nhận"), through="DecisionItem",
        related_name="decisions", blank=True,
    )

    class Meta:
        verbose_name = _("quyết định")
        verbose_name_plural = pgettext_lazy("plural", "quyết định")
        ordering = ["-signed_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["issuer_key", "year", "sequence"], condition=Q(sequence__isnull=False),
                name="decision_unique_sequence",
                violation_error_message=_("Số quyết định này đã được dùng."),
            ),
            models.UniqueConstraint(fields=["issuer_key", "year", "number"], name="decision_unique_number"),
            models.CheckConstraint(
                condition=Q(issuer_level="central", issuer_unit__isnull=True)
                | (~Q(issuer_level="central") & Q(issuer_unit__isnull=False)),
                name="decision_unit_matches_level",
                violation_error_message=_("Quyết định cấp trung ương không gắn với đơn vị hành chính; quyết định cấp địa phương cần có đơn vị ban hành."),
            ),
        ]

    def __str__(self):
        return f"{self.number} ({short_date(self.signed_on)})"


class DecisionItem(models.Model):
    """A result recognised by a decision, with the stars recognised. A result is recognised once."""

    decision = models.ForeignKey(Decision, verbose_name=_("quyết định"), on_delete=models.CASCADE, related_name="items")
    result = models.ForeignKey(
        "rating.RatingResult", verbose_name=_("kết quả đánh giá"), on_delete=models.PROTECT, related_name="+"
    )
    stars = models.PositiveSmallIntegerField(_("hạng sao công nhận"))
    position = models.PositiveIntegerField(_("số thứ tự trong quyết định"), default=0)

    class Meta:
        verbose_name = _("sản phẩm được công nhận")
        verbose_name_plural = pgettext_lazy("plural", "sản phẩm được công nhận")
        ordering = ["decision", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["result"], name="decisionitem_one_recognition_per_result"),
            models.CheckConstraint(condition=Q(stars__gte=3, stars__lte=5), name="decisionitem_stars_3_to_5",
                violation_error_message=_("Sản phẩm được công nhận phải từ 3 đến 5 sao.")),
        ]

    def __str__(self):
        return f"{self.decision.number}: {self.result_id} ({self.stars}★)"


class Certificate(TimeStampedModel):
    """An OCOP certificate (giấy chứng nhận), one per recognised result, public through its uid."""

    class Ground(models.TextChoices):
        """The six grounds for revocation (QĐ 26/2026 Art. 8.1, points a–e)."""

        FALSE_DOSSIER = "false_dossier", _("a) Thông tin, tài liệu không trung thực hoặc giả mạo hồ sơ")
        CRITERIA_NOT_MET = "criteria_not_met", _("b) Không còn đáp ứng Bộ tiêu chí theo kết luận kiểm tra, giám sát")
        LAW_BREACH = "law_breach", _(
            "c) Vi phạm pháp luật về chất lượng, an toàn thực phẩm, môi trường, sở hữu trí tuệ, ghi nhãn"
        )
        MARK_MISUSE = "mark_misuse", _("d) Sử dụng nhãn hiệu OCOP không đúng quy định, gây nhầm lẫn")
        STOPPED_PRODUCING = "stopped", _("đ) Chủ thể không còn sản xuất sản phẩm OCOP")
        OTHER = "other", _("e) Trường hợp khác theo kết luận của cơ quan nhà nước có thẩm quyền")

    uid = models.UUIDField(_("mã xác minh"), default=uuid.uuid4, unique=True, editable=False)
    product = models.ForeignKey(
        "registry.Product", verbose_name=_("sản phẩm"), on_delete=models.PROTECT, related_name="certificates"
    )
    result = models.OneToOneField(
        "rating.RatingResult", verbose_name=_("kết quả đánh giá"), on_delete=models.PROTECT, related_name="certificate"
    )
    decision = models.ForeignKey(
        Decision, verbose_name=_("quyết định công nhận"), on_delete=models.PROTECT, related_name="certificates"
    )
    stars = models.PositiveSmallIntegerField(_("hạng sao"))
    issued_on = models.DateField(_("ngày cấp"))
    valid_until = models.DateField(_("có giá trị đến hết ngày"), db_index=True)
    revoked_on = models.DateField(_("ngày thu hồi"), null=True, blank=True)
    revocation_decision = models.ForeignKey(
        Decision, verbose_name=_("quyết định thu hồi"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="revoked_certificates",
    )
    revocation_ground = models.CharField(_("căn cứ thu hồi"), max_length=20, choices=Ground.choices, blank=True)
    revocation_finding_on = models.DateField(
        _("ngày có kết luận vi phạm"), null=True, blank=True,
        help_text=_("Ngày có kết luận của cơ quan có thẩm quyền hoặc xác nhận của UBND xã; thu hồi trong 15 ngày."),
    )
    revocation_note = models.TextField(_("nội dung thu hồi"), blank=True)
    # A pending finding (revocation_finding_on set, no revocation yet): the live status "suspended"
    # (ocop.certificates.status); recorded and dismissed by the services, superseded by the revocation.
    revocation_finding_ground = models.CharField(
        _("căn cứ theo kết luận"), max_length=20, choices=Ground.choices, blank=True, db_default="")
    revocation_finding_note = models.TextField(_("nội dung kết luận"), blank=True, db_default="")
    extended_until = models.DateField(
        _("kéo dài hiệu lực đến hết ngày"), null=True, blank=True,
        help_text=_("Hiệu lực kéo dài khi đã nộp hồ sơ đánh giá lại (đến khi có kết quả, tối đa 180 ngày sau hạn)."),
    )
    extension_basis = models.CharField(_("căn cứ kéo dài hiệu lực"), max_length=255, blank=True, db_default="")
    pdf = models.FileField(_("bản PDF"), upload_to="certificates/pdf/", blank=True, editable=False)
    pdf_generated_at = models.DateTimeField(_("tạo PDF lúc"), null=True, blank=True, editable=False)
    # False until the product's standing (registry.Product.standing_*) has taken this certificate
    # into account: rows written around the services (bulk loads) are found by the partial index below.
    standing_applied = models.BooleanField(default=False, editable=False)

    class Meta:
        verbose_name = _("giấy chứng nhận")
        verbose_name_plural = pgettext_lazy("plural", "giấy chứng nhận")
        ordering = ["valid_until", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(stars__gte=3, stars__lte=5), name="certificate_stars_3_to_5",
                violation_error_message=_("Giấy chứng nhận chỉ cấp cho sản phẩm từ 3 đến 5 sao.")),
            models.CheckConstraint(condition=Q(valid_until__gte=F("issued_on")), name="certificate_valid_after_issue",
                violation_error_message=_("Ngày hết hạn không được trước ngày cấp.")),
            models.CheckConstraint(
                condition=Q(extended_until__isnull=True) | Q(extended_until__gt=F("valid_until")),
                name="certificate_extension_after_expiry",
                violation_error_message=_("Ngày gia hạn phải sau ngày hết hạn."),
            ),
            models.CheckConstraint(
                condition=Q(revoked_on__isnull=True, revocation_decision__isnull=True)
                | Q(revoked_on__isnull=False, revocation_decision__isnull=False),
                name="certificate_revocation_complete",
                violation_error_message=_("Thu hồi giấy chứng nhận cần cả ngày thu hồi và quyết định thu hồi."),
            ),
        ]
        indexes = [
            # The product's current certificate (catalog, indicators): by product, newest first.
            models.Index(fields=["product", "-issued_on"], name="certificate_product_idx"),
            models.Index(fields=["product"], condition=Q(standing_applied=False), name="certificate_standing_due_idx"),
            # Lists newest first (API, open data): read in order, stop after the page; the columns
            # that decide "in force" and the product come along, so any depth is read from the
            # index alone (offset 100,000 of the public list: ~10 ms at ×10).
            models.Index(fields=["-issued_on", "-id", "product", "stars", "valid_until", "extended_until", "revoked_on"],
                         name="certificate_newest_idx"),
            # Filtered by stars (5★ is ~2%), newest first: the planner cannot estimate the status filter.
            models.Index(fields=["stars", "-issued_on", "-id", "product", "valid_until", "extended_until", "revoked_on"],
                         name="certificate_stars_newest_idx"),
            models.Index(fields=["updated_at", "id"], name="certificate_updated_idx"),
        ]

    def __str__(self):
        return f"{self.product} – {self.stars}★ ({self.decision.number})"


class ReminderSent(models.Model):
    """One reminder (or expiry notice) sent for a certificate: at most one per threshold."""

    class Threshold(models.IntegerChoices):
        DAYS_180 = 180, _("180 ngày trước khi hết hạn (mở đăng ký đánh giá lại)")
        DAYS_150 = 150, _("150 ngày trước khi hết hạn")
        DAYS_120 = 120, _("120 ngày trước khi hết hạn (hạn cuối đăng ký đánh giá lại)")
        EXPIRED = 0, _("Đã hết hạn")

    certificate = models.ForeignKey(
        Certificate, verbose_name=_("giấy chứng nhận"), on_delete=models.CASCADE, related_name="reminders"
    )
    threshold = models.PositiveSmallIntegerField(_("mốc nhắc"), choices=Threshold.choices)
    sent_at = models.DateTimeField(_("gửi lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("lần nhắc hạn")
        verbose_name_plural = pgettext_lazy("plural", "lần nhắc hạn")
        constraints = [
            models.UniqueConstraint(fields=["certificate", "threshold"], name="remindersent_once_per_threshold"),
        ]

    def __str__(self):
        return f"{self.certificate_id}: {self.threshold}"


class Notification(models.Model):
    """An in-app message for one user (portal and back office); e-mailed as well when possible."""

    class Kind(models.TextChoices):
        ISSUED = "issued", _("Đã cấp giấy chứng nhận")
        REMINDER = "reminder", _("Nhắc đánh giá lại")
        EXPIRED = "expired", _("Giấy chứng nhận hết hạn")
        REVOKED = "revoked", _("Giấy chứng nhận bị thu hồi")
        DOSSIER = "dossier", _("Hồ sơ đánh giá")
        DEADLINE = "deadline", _("Nhắc hạn")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người nhận"), on_delete=models.CASCADE,
        related_name="ocop_notifications",
    )
    kind = models.CharField(_("loại"), max_length=10, choices=Kind.choices)
    certificate = models.ForeignKey(
        Certificate, verbose_name=_("giấy chứng nhận"), null=True, blank=True, on_delete=models.CASCADE,
        related_name="notifications",
    )
    dossier = models.ForeignKey(
        "rating.Dossier", verbose_name=_("hồ sơ"), null=True, blank=True, on_delete=models.CASCADE,
        related_name="notifications",
    )
    #: What the message is about (a dossier move, a deadline): one message per user and key.
    key = models.CharField(_("khóa chống trùng"), max_length=100, blank=True, editable=False, db_default="")
    text = models.TextField(_("nội dung"))
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    read_at = models.DateTimeField(_("đã đọc lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("thông báo")
        verbose_name_plural = pgettext_lazy("plural", "thông báo")
        ordering = ["-created_at", "-id"]
        indexes = [
            # "My unread notifications" in the portal and the admin header.
            models.Index(fields=["user", "read_at"], name="notification_user_unread_idx"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], condition=~Q(key=""), name="notification_once_per_key",
                violation_error_message=_("Thông báo này đã được gửi.")),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} – {self.user}"


class CertificateTally(models.Model):
    """Derived: the certificates counted by what the programme indicators ask of them, grouped by
    the product's commune and every date they are judged by (ocop.certificates.tally). Certificates
    of one decision share their dates, so a commune holds a few rows per decision, not one per
    certificate, and no row needs a join to be counted.

    Distinct products are counted exactly from these sums: ``earlier_*`` is the product's previous
    issue date (any certificate; same stars; same level; same stars and level), so a product is
    counted once in a period, by its first certificate issued in it (the one whose earlier issue is
    before the period or none); ``covered_until`` is the last day in force of the product's earlier
    certificates, so a product in force on a day is counted once, by its first certificate in
    force then. Kept by the certificate services in their transaction (product_standings_refresh),
    rebuilt and checked by ``ocop summaries [--check]``."""

    unit = models.ForeignKey("territory.AdminUnit", on_delete=models.CASCADE, related_name="+")
    stars = models.PositiveSmallIntegerField()
    level = models.CharField(max_length=10)
    issued_on = models.DateField()
    valid_until = models.DateField()
    extended_until = models.DateField(null=True)
    revoked_on = models.DateField(null=True)
    earlier_any = models.DateField(null=True)
    earlier_stars = models.DateField(null=True)
    earlier_level = models.DateField(null=True)
    earlier_both = models.DateField(null=True)
    covered_until = models.DateField(null=True)
    n = models.PositiveIntegerField()

    class Meta:
        verbose_name = _("tổng hợp giấy chứng nhận")
        verbose_name_plural = pgettext_lazy("plural", "tổng hợp giấy chứng nhận")

    def __str__(self):
        return f"{self.unit_id} {self.stars}★ {self.level} {self.issued_on}: {self.n}"
