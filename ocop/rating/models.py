"""Cycle step 5: dossiers, commune review, rounds, councils, score sheets and results.

Names and fields here are a contract with ocop.certificates (docs/rating-contract.md).
Statuses change only through ocop.rating.services (the table is in ocop.rating.workflow).
"""

from decimal import Decimal

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ocop.core.models import TimeStampedModel
from ocop.lib.formatting import short_date
from ocop.rating.workflow import DossierStatus
from ocop.registry.classification import criteria_set_choices
from ocop.registry.models import validate_criteria_set

SCORE = {"max_digits": 5, "decimal_places": 2}
STARS = [MinValueValidator(1), MaxValueValidator(5)]


class Regime(models.TextChoices):
    """Criteria regimes a rating may be made under (ocop/criteria/data/regimes.json)."""

    QD26_2026 = "qd26-2026", _("QĐ 26/2026/QĐ-TTg")
    QD148_2023 = "qd148-2023", _("QĐ 148/QĐ-TTg (2023)")
    QD1048_2019 = "qd1048-2019", _("QĐ 1048/QĐ-TTg (2019)")


CURRENT_REGIME = Regime.QD26_2026


class PublicHoliday(models.Model):
    """A day off (or a swapped working day) beyond the fixed holidays in ocop.rating.calendar."""

    date = models.DateField(_("ngày"), unique=True)
    name = models.CharField(_("tên ngày nghỉ"), max_length=150)
    is_working_day = models.BooleanField(
        _("ngày làm việc bù"), default=False,
        help_text=_("Đánh dấu nếu đây là ngày làm việc (vd. thứ Bảy làm bù) thay vì ngày nghỉ."),
    )

    class Meta:
        verbose_name = _("ngày nghỉ lễ")
        verbose_name_plural = pgettext_lazy("plural", "ngày nghỉ lễ")
        ordering = ["date"]

    def __str__(self):
        return f"{short_date(self.date)} – {self.name}"


class RatingRound(TimeStampedModel):
    """A rating round (đợt đánh giá) of a province, or of the central level (unit empty)."""

    class Level(models.TextChoices):
        PROVINCE = "province", _("Cấp tỉnh")
        CENTRAL = "central", _("Cấp trung ương")

    class Phase(models.TextChoices):
        """Never stored: computed from the dates and the round's dossiers (ocop.rating.rounds_phase)."""

        OPEN = "open", _("Đang nhận hồ sơ")
        FILING_CLOSED = "filing_closed", _("Hết hạn nhận hồ sơ")
        RATING = "rating", _("Đang đánh giá")
        DONE = "done", _("Đã kết thúc")

    level = models.CharField(_("cấp"), max_length=10, choices=Level.choices)
    unit = models.ForeignKey(
        "territory.AdminUnit", verbose_name=_("tỉnh, thành phố"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
        limit_choices_to={"generation": "current", "level": "province"},
        help_text=_("Để trống với đợt cấp trung ương."),
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    sequence = models.PositiveSmallIntegerField(_("đợt số"), validators=[MinValueValidator(1)])
    proposal_deadline = models.DateField(_("hạn đề xuất hồ sơ"))
    rating_deadline = models.DateField(_("hạn hoàn thành đánh giá"))
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("đợt đánh giá")
        verbose_name_plural = pgettext_lazy("plural", "đợt đánh giá")
        ordering = ["-year", "level", "unit__path", "sequence"]
        constraints = [
            models.UniqueConstraint(
                fields=["level", "unit", "year", "sequence"], condition=Q(unit__isnull=False),
                name="ratinground_unique_unit_seq",
                violation_error_message=_("Đơn vị này đã có đợt đánh giá cùng năm và số thứ tự."),
            ),
            models.UniqueConstraint(
                fields=["level", "year", "sequence"], condition=Q(unit__isnull=True),
                name="ratinground_unique_central_seq",
                violation_error_message=_("Đã có đợt đánh giá cấp trung ương cùng năm và số thứ tự."),
            ),
            models.CheckConstraint(
                condition=(Q(level="central", unit__isnull=True) | Q(level="province", unit__isnull=False)),
                name="ratinground_unit_matches_level",
                violation_error_message=_("Đợt cấp tỉnh cần chọn tỉnh; đợt cấp trung ương không gắn với đơn vị hành chính."),
            ),
            models.CheckConstraint(
                condition=Q(rating_deadline__gte=F("proposal_deadline")), name="ratinground_rating_after_proposal",
                violation_error_message=_("Hạn hoàn thành đánh giá không được trước hạn đề xuất hồ sơ."),
            ),
        ]
        # "The next open round": by level, unit and proposal deadline.
        indexes = [models.Index(fields=["level", "unit", "proposal_deadline"], name="ratinground_next_idx")]

    def __str__(self):
        where = self.unit.name if self.unit_id else _("Trung ương")
        return f"{_('Đợt')} {self.sequence}/{self.year} – {where}"


class Dossier(TimeStampedModel):
    """A product's dossier for rating (forms 01 and 02), filed at the commune."""

    class Kind(models.TextChoices):
        FIRST = "first", _("Đánh giá lần đầu")
        UPGRADE = "upgrade", _("Nâng hạng")
        RERATING = "rerating", _("Đánh giá lại")

    product = models.ForeignKey(
        "registry.Product", verbose_name=_("sản phẩm"), on_delete=models.PROTECT, related_name="dossiers"
    )
    unit = models.ForeignKey(
        "territory.AdminUnit", verbose_name=_("xã, phường"), on_delete=models.PROTECT, related_name="+",
        help_text=_("Xã, phường của sản phẩm (nơi tiếp nhận hồ sơ)."),
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    kind = models.CharField(_("lần đăng ký"), max_length=10, choices=Kind.choices, default=Kind.FIRST)
    regime = models.CharField(_("bộ tiêu chí áp dụng"), max_length=12, choices=Regime.choices, default=CURRENT_REGIME)
    criteria_set = models.CharField(
        _("bộ sản phẩm (bộ tiêu chí)"), max_length=2, choices=criteria_set_choices,
        validators=[validate_criteria_set],
    )
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=DossierStatus.choices, default=DossierStatus.DRAFT, db_index=True
    )
    status_note = models.TextField(_("ý kiến gần nhất"), blank=True)
    round = models.ForeignKey(
        RatingRound, verbose_name=_("đợt đánh giá cấp tỉnh"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="dossiers", limit_choices_to={"level": "province"},
    )
    central_round = models.ForeignKey(
        RatingRound, verbose_name=_("đợt đánh giá cấp trung ương"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="central_dossiers", limit_choices_to={"level": "central"},
    )
    previous = models.ForeignKey(
        "self", verbose_name=_("hồ sơ trước"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="followers", help_text=_("Với nâng hạng, đánh giá lại: hồ sơ đã được công nhận trước đó."),
    )
    # Form 01 (registration slip).
    registration_no = models.CharField(
        _("số phiếu đăng ký"), max_length=60, blank=True, help_text=_("…/PĐK-(mã tỉnh)-(mã xã)-(năm)")
    )
    product_spec = models.TextField(_("mô tả quy cách sản phẩm, tiêu chuẩn"), blank=True)
    changes_note = models.TextField(
        _("thay đổi so với lần công nhận trước"), blank=True,
        help_text=_("Nâng hạng, đánh giá lại: nguyên liệu, công nghệ, bao bì, nhãn, công bố chất lượng, thị trường…"),
    )
    samples_count = models.PositiveSmallIntegerField(
        _("số sản phẩm mẫu"), default=5, help_text=_("5 mẫu; không áp dụng với bộ 26 (du lịch).")
    )
    # Form 02 (self-assessment), scored with ocop.criteria.scoring.
    self_assessment = models.JSONField(_("tự đánh giá"), default=dict, blank=True)
    self_total = models.DecimalField(_("điểm tự đánh giá"), null=True, blank=True, **SCORE)
    documents = models.ManyToManyField(
        "registry.Document", verbose_name=_("giấy tờ minh chứng"), through="DossierEvidence",
        related_name="dossiers", blank=True,
    )
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người lập"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    assisted = models.BooleanField(_("cán bộ xã lập thay"), default=False)
    consent_note = models.TextField(_("ghi nhận sự đồng ý của chủ thể"), blank=True)
    submitted_at = models.DateTimeField(_("nộp lúc"), null=True, blank=True)
    review_due_on = models.DateField(
        _("hạn xã thẩm định"), null=True, blank=True, help_text=_("15 ngày làm việc kể từ ngày nộp.")
    )
    proposed_at = models.DateTimeField(_("xã đề xuất lúc"), null=True, blank=True)
    rerating_due_on = models.DateField(
        _("hạn hoàn thành đánh giá lại"), null=True, blank=True,
        help_text=_("Đánh giá lại: không quá 45 ngày kể từ ngày nhận đủ hồ sơ đề nghị (QĐ 26/2026, Điều 7.6.g)."),
    )
    written_only = models.BooleanField(
        _("đánh giá bằng văn bản"), default=False,
        help_text=_("Đánh giá lại: hội đồng cho ý kiến bằng văn bản, chỉ họp khi ý kiến khác nhau."),
    )

    #: The dossier's moves (core.Transition, workflow "dossier"), deleted with it.
    transitions = GenericRelation("core.Transition")

    class Meta:
        verbose_name = _("hồ sơ đánh giá")
        verbose_name_plural = pgettext_lazy("plural", "hồ sơ đánh giá")
        ordering = ["-year", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(assisted=False) | ~Q(consent_note=""), name="dossier_assisted_needs_consent",
                violation_error_message=_("Khi cán bộ lập hồ sơ hộ, cần ghi nhận sự đồng ý của chủ thể.")
            ),
            models.CheckConstraint(condition=Q(samples_count__lte=50), name="dossier_samples_reasonable",
                violation_error_message=_("Số sản phẩm mẫu không được quá 50.")),
        ]
        indexes = [
            # Overdue commune reviews: status + due date; officers' lists by unit and status.
            models.Index(fields=["status", "review_due_on"], name="dossier_status_due_idx"),
            models.Index(fields=["unit", "status"], name="dossier_unit_status_idx"),
            models.Index(fields=["updated_at", "id"], name="dossier_updated_idx"),
            models.Index(fields=["-year", "-id"], name="dossier_newest_idx"),  # the API's list order
        ]

    def __str__(self):
        name = self.product.name if self.product_id else "?"
        return f"{_('Hồ sơ')} #{self.pk or '–'} – {name} ({self.year})"


class DossierEvidence(models.Model):
    """A document of the evidence locker cited by a dossier, for one criterion (or in general)."""

    dossier = models.ForeignKey(Dossier, verbose_name=_("hồ sơ"), on_delete=models.CASCADE, related_name="evidence")
    document = models.ForeignKey(
        "registry.Document", verbose_name=_("giấy tờ"), on_delete=models.PROTECT, related_name="citations"
    )
    criterion_code = models.CharField(
        _("tiêu chí"), max_length=20, blank=True, help_text=_("Để trống nếu dùng chung cho cả hồ sơ.")
    )

    class Meta:
        verbose_name = _("minh chứng")
        verbose_name_plural = pgettext_lazy("plural", "minh chứng")
        ordering = ["criterion_code", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["dossier", "document", "criterion_code"], name="dossierevidence_unique"
            ),
        ]

    def __str__(self):
        return f"{self.criterion_code or '–'}: {self.document}"


class CommuneReview(TimeStampedModel):
    """The commune's assessment (form 03): propose the dossier to the province, or return it."""

    class Conclusion(models.TextChoices):
        PROPOSE = "propose", _("Đề nghị tỉnh đánh giá, phân hạng")
        RETURN = "return", _("Trả lại để bổ sung")

    dossier = models.ForeignKey(Dossier, verbose_name=_("hồ sơ"), on_delete=models.CASCADE, related_name="reviews")
    complete = models.BooleanField(_("hồ sơ đầy đủ, hợp lệ"), default=False)
    local_materials = models.TextField(_("về sử dụng nguyên liệu địa phương"), blank=True)
    local_labour = models.TextField(_("về sử dụng lao động địa phương"), blank=True)
    idea_origin = models.TextField(_("nguồn gốc ý tưởng sản phẩm"), blank=True)
    local_identity = models.TextField(_("bản sắc, trí tuệ địa phương"), blank=True)
    conclusion = models.CharField(_("kết luận"), max_length=10, choices=Conclusion.choices)
    reasons = models.TextField(_("lý do trả lại"), blank=True)
    report_number = models.CharField(_("số báo cáo (Mẫu 03)"), max_length=60, blank=True)
    issued_on = models.DateField(_("ngày ban hành"))
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("cán bộ thẩm định"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )

    class Meta:
        verbose_name = _("báo cáo thẩm định của xã (Mẫu 03)")
        verbose_name_plural = pgettext_lazy("plural", "báo cáo thẩm định của xã (Mẫu 03)")
        ordering = ["-issued_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(conclusion="propose", complete=True) | Q(conclusion="return") & ~Q(reasons=""),
                name="communereview_conclusion_consistent",
                violation_error_message=_("Đề xuất lên tỉnh cần hồ sơ đầy đủ, hợp lệ; trả lại cần nêu rõ lý do."),
            ),
        ]

    def __str__(self):
        return f"{_('Mẫu 03')} {self.report_number or ''} – {self.dossier}".strip()


class AdvisoryReport(TimeStampedModel):
    """The advisory team's (tổ tư vấn) report on a dossier, with its field survey."""

    class Level(models.TextChoices):
        PROVINCE = "province", _("Cấp tỉnh")
        CENTRAL = "central", _("Cấp trung ương")

    dossier = models.ForeignKey(
        Dossier, verbose_name=_("hồ sơ"), on_delete=models.CASCADE, related_name="advisory_reports"
    )
    level = models.CharField(_("cấp"), max_length=10, choices=Level.choices, default=Level.PROVINCE)
    summary = models.TextField(_("nội dung báo cáo"))
    surveyed_on = models.DateField(_("ngày khảo sát thực tế"), null=True, blank=True)
    survey_note = models.TextField(_("kết quả khảo sát thực tế"), blank=True)
    extra_tests = models.TextField(_("đề nghị kiểm nghiệm bổ sung"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người ghi"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )

    class Meta:
        verbose_name = _("báo cáo tổ tư vấn")
        verbose_name_plural = pgettext_lazy("plural", "báo cáo tổ tư vấn")
        constraints = [models.UniqueConstraint(fields=["dossier", "level"], name="advisoryreport_unique_level")]

    def __str__(self):
        return f"{_('Tổ tư vấn')} – {self.dossier}"


QUORUM_CHOICES = [
    ("half", _("Quá nửa số thành viên")),
    ("two_thirds", _("Ít nhất hai phần ba số thành viên")),
    ("three_quarters", _("Ít nhất ba phần tư số thành viên")),
    ("all", _("Tất cả thành viên")),
]
SPREAD_RESOLUTION_CHOICES = [
    ("rescore", _("Chấm lại đến khi chênh lệch trong ngưỡng")),
    ("discussion", _("Thảo luận, có biên bản và chủ tịch hội đồng xác nhận")),
]


class Council(TimeStampedModel):
    """The rating council (hội đồng) of a round: chair, members from departments, secretary."""

    round = models.ForeignKey(RatingRound, verbose_name=_("đợt đánh giá"), on_delete=models.PROTECT, related_name="councils")
    name = models.CharField(_("tên hội đồng"), max_length=255)
    decision_number = models.CharField(_("quyết định thành lập số"), max_length=60, blank=True)
    established_on = models.DateField(_("ngày thành lập"), null=True, blank=True)
    spread_threshold = models.DecimalField(
        _("ngưỡng chênh lệch điểm"), max_digits=5, decimal_places=2, default=Decimal(10),
        validators=[MinValueValidator(0)],
        help_text=_("Điểm của các thành viên chênh nhau quá ngưỡng này thì hội đồng thảo luận, chấm lại."),
    )
    written_only = models.BooleanField(
        _("đánh giá bằng văn bản"), default=False, help_text=_("Không họp; thành viên gửi phiếu bằng văn bản.")
    )
    # The council's own rules (Quy chế hoạt động, Art. 7.3.b, 7.4.b), set by its founding decision.
    quorum = models.CharField(
        _("số thành viên tối thiểu có mặt"), max_length=16, choices=QUORUM_CHOICES, default="two_thirds",
        help_text=_("Tính trên các thành viên chấm điểm (chủ tịch, phó chủ tịch, ủy viên)."),
    )
    quorum_needs_chair = models.BooleanField(_("phải có chủ tịch hội đồng"), default=False)
    spread_resolution = models.CharField(
        _("cách giải quyết chênh lệch vượt ngưỡng"), max_length=12, choices=SPREAD_RESOLUTION_CHOICES,
        default="discussion",
    )

    class Meta:
        verbose_name = _("hội đồng đánh giá")
        verbose_name_plural = pgettext_lazy("plural", "hội đồng đánh giá")
        ordering = ["-round__year", "round__sequence", "id"]
        constraints = [models.UniqueConstraint(fields=["round"], name="council_one_per_round")]

    def __str__(self):
        return self.name


class CouncilMember(models.Model):
    class Role(models.TextChoices):
        CHAIR = "chair", _("Chủ tịch hội đồng")
        VICE_CHAIR = "vice_chair", _("Phó chủ tịch")
        MEMBER = "member", _("Ủy viên")
        SECRETARY = "secretary", _("Thư ký")

    #: Roles that score (the secretary records, does not score).
    SCORING = frozenset({Role.CHAIR, Role.VICE_CHAIR, Role.MEMBER})

    council = models.ForeignKey(Council, verbose_name=_("hội đồng"), on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người dùng"), on_delete=models.PROTECT, related_name="council_seats"
    )
    role = models.CharField(_("vai trò"), max_length=12, choices=Role.choices, default=Role.MEMBER)
    organization = models.CharField(_("cơ quan"), max_length=255, blank=True)
    title = models.CharField(_("chức vụ"), max_length=150, blank=True)
    absent = models.BooleanField(
        _("vắng mặt"), default=False,
        help_text=_("Phiếu của thành viên vắng mặt không tính vào điểm trung bình và đa số về yêu cầu tối thiểu."),
    )
    absence_reason = models.CharField(_("lý do vắng mặt"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("thành viên hội đồng")
        verbose_name_plural = pgettext_lazy("plural", "thành viên hội đồng")
        ordering = ["council", "role", "id"]
        constraints = [
            models.UniqueConstraint(fields=["council", "user"], name="councilmember_unique_user"),
            models.CheckConstraint(
                condition=Q(absent=False) | ~Q(absence_reason=""), name="councilmember_absence_reason",
                violation_error_message=_("Cần nêu lý do vắng mặt của thành viên."),
            ),
        ]

    def __str__(self):
        return f"{self.user} ({self.get_role_display()})"

    @property
    def scores(self) -> bool:
        return self.role in self.SCORING


class ConflictDeclaration(models.Model):
    """A council member's declaration of interest for one dossier (needed before scoring)."""

    member = models.ForeignKey(
        CouncilMember, verbose_name=_("thành viên"), on_delete=models.CASCADE, related_name="declarations"
    )
    dossier = models.ForeignKey(Dossier, verbose_name=_("hồ sơ"), on_delete=models.CASCADE, related_name="declarations")
    has_conflict = models.BooleanField(_("có xung đột lợi ích"))
    note = models.TextField(_("nội dung"), blank=True)
    declared_at = models.DateTimeField(_("kê khai lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("kê khai xung đột lợi ích")
        verbose_name_plural = pgettext_lazy("plural", "kê khai xung đột lợi ích")
        constraints = [models.UniqueConstraint(fields=["member", "dossier"], name="conflictdeclaration_unique")]

    def __str__(self):
        return f"{self.member} – {self.dossier}"


class ScoreSheet(TimeStampedModel):
    """One council member's score sheet for one dossier; hidden from others until they submit."""

    dossier = models.ForeignKey(Dossier, verbose_name=_("hồ sơ"), on_delete=models.CASCADE, related_name="sheets")
    member = models.ForeignKey(CouncilMember, verbose_name=_("thành viên"), on_delete=models.PROTECT, related_name="sheets")
    answers = models.JSONField(_("phiếu chấm"), default=dict, blank=True)
    total = models.DecimalField(_("tổng điểm"), null=True, blank=True, **SCORE)
    opinion = models.TextField(_("ý kiến"), blank=True)
    submitted_at = models.DateTimeField(_("nộp lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("phiếu chấm điểm")
        verbose_name_plural = pgettext_lazy("plural", "phiếu chấm điểm")
        ordering = ["dossier", "member"]
        constraints = [models.UniqueConstraint(fields=["dossier", "member"], name="scoresheet_one_per_member")]

    def __str__(self):
        return f"{_('Phiếu')} {self.member} – {self.dossier}"

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None


class RatingResult(TimeStampedModel):
    """A council's result for a dossier at one level; immutable once finalized.

    Historical results (before QĐ 26/2026) have no dossier and no sheets: totals only."""

    class Level(models.TextChoices):
        DISTRICT = "district", _("Cấp huyện")
        PROVINCE = "province", _("Cấp tỉnh")
        CENTRAL = "central", _("Cấp trung ương")

    product = models.ForeignKey(
        "registry.Product", verbose_name=_("sản phẩm"), on_delete=models.PROTECT, related_name="ratings"
    )
    dossier = models.ForeignKey(
        Dossier, verbose_name=_("hồ sơ"), null=True, blank=True, on_delete=models.PROTECT, related_name="results"
    )
    level = models.CharField(_("cấp đánh giá"), max_length=10, choices=Level.choices)
    rated_by_unit = models.ForeignKey(
        "territory.AdminUnit", verbose_name=_("đơn vị đánh giá"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+", help_text=_("Tỉnh hoặc huyện (cũ); để trống với trung ương."),
    )
    regime = models.CharField(_("bộ tiêu chí áp dụng"), max_length=12, choices=Regime.choices)
    criteria_set = models.CharField(_("bộ sản phẩm"), max_length=2, choices=criteria_set_choices, blank=True)
    year = models.PositiveSmallIntegerField(_("năm đánh giá"))
    average = models.DecimalField(_("điểm trung bình"), **SCORE)
    average_exact = models.CharField(_("điểm trung bình (chính xác)"), max_length=80, blank=True)
    spread = models.DecimalField(_("chênh lệch điểm"), null=True, blank=True, **SCORE)
    band_stars = models.PositiveSmallIntegerField(_("hạng theo điểm"), validators=STARS)
    stars = models.PositiveSmallIntegerField(_("hạng sao"), validators=STARS)
    potential_5_star = models.BooleanField(_("tiềm năng 5 sao"), default=False)
    flagged_for_discussion = models.BooleanField(_("cần thảo luận (chênh lệch vượt ngưỡng)"), default=False)
    unmet_minimums = models.JSONField(_("yêu cầu tối thiểu chưa đạt"), default=list, blank=True)
    members_count = models.PositiveSmallIntegerField(_("số phiếu"), default=0)
    minutes = models.TextField(_("biên bản họp hội đồng"), blank=True)
    absent_members = models.JSONField(
        _("thành viên vắng mặt"), default=list, blank=True,
        help_text=_("Ghi khi hoàn tất: mỗi thành viên vắng mặt với lý do."),
    )
    discussion_note = models.TextField(_("nội dung thảo luận về chênh lệch điểm"), blank=True)
    discussion_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("chủ tịch xác nhận thảo luận"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    discussion_confirmed_at = models.DateTimeField(_("xác nhận thảo luận lúc"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("chủ tịch phê duyệt"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
        help_text=_("Kết quả tiềm năng 5 sao được chủ tịch hội đồng phê duyệt trước khi gửi Bộ (Điều 7.3.e)."),
    )
    approved_at = models.DateTimeField(_("phê duyệt lúc"), null=True, blank=True)
    declined_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("chủ tịch không phê duyệt"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
        help_text=_("Chủ tịch hội đồng không phê duyệt gửi Bộ: tỉnh công nhận ở hạng 4 sao."),
    )
    declined_at = models.DateTimeField(_("không phê duyệt lúc"), null=True, blank=True)
    decline_reason = models.TextField(_("lý do không phê duyệt"), blank=True)
    consolidated = models.JSONField(_("phiếu tổng hợp"), null=True, blank=True)
    meeting_on = models.DateField(_("ngày họp"), null=True, blank=True)
    finalized_at = models.DateTimeField(_("hoàn tất lúc"), null=True, blank=True)
    finalized_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người hoàn tất"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    is_historical = models.BooleanField(_("kết quả lịch sử"), default=False)
    source = models.CharField(_("nguồn, căn cứ"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("kết quả đánh giá")
        verbose_name_plural = pgettext_lazy("plural", "kết quả đánh giá")
        ordering = ["-year", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["dossier", "level"], condition=Q(dossier__isnull=False), name="ratingresult_one_per_level",
                violation_error_message=_("Hồ sơ đã có kết quả đánh giá ở cấp này.")
            ),
            models.CheckConstraint(
                condition=Q(stars__gte=1, stars__lte=5, band_stars__gte=1, band_stars__lte=5),
                name="ratingresult_stars_1_to_5",
                violation_error_message=_("Hạng sao phải từ 1 đến 5."),
            ),
            models.CheckConstraint(
                condition=Q(average__gte=0, average__lte=100), name="ratingresult_average_0_to_100",
                violation_error_message=_("Điểm trung bình phải từ 0 đến 100.")
            ),
            models.CheckConstraint(
                condition=Q(is_historical=True) | Q(dossier__isnull=False), name="ratingresult_dossier_or_historical",
                violation_error_message=_("Kết quả đánh giá cần gắn với một hồ sơ (trừ kết quả lịch sử).")
            ),
        ]
        indexes = [
            models.Index(fields=["product", "level"], name="ratingresult_product_idx"),
            # The programme's "potential 5★" source reads these few rows out of every result.
            models.Index(fields=["product"], name="ratingresult_potential5_idx",
                         condition=Q(level="province", potential_5_star=True)),
            # Final province results a decision could recognise, by product (the inbox's "decide"
            # section: reached from the scope's products, ordered by finalisation, no row read).
            models.Index(fields=["product", "finalized_at", "id"], name="ratingresult_to_decide_idx",
                         condition=Q(level="province", is_historical=False, finalized_at__isnull=False,
                                     stars__gte=3)),
        ]

    def __str__(self):
        return f"{self.product} – {self.stars}★ ({self.get_level_display()} {self.year})"

    @property
    def is_final(self) -> bool:
        return self.finalized_at is not None or self.is_historical

    @property
    def is_declined(self) -> bool:
        return self.declined_at is not None

    @property
    def recognised_stars(self) -> int:
        """The rank a decision recognises (ocop.rating.next_steps.recognised_stars)."""
        from ocop.rating.next_steps import recognised_stars

        return recognised_stars(self.level, self.stars, declined=self.is_declined)
