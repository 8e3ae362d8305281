"""Input and output schemas of the API. Outputs are built explicitly (ocop.api.present), so no
back-office field reaches an anonymous caller by accident."""

import re
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Literal

from ninja import Field, Schema
from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict

from ocop.certificates.status import CertificateStatus
from ocop.rating.workflow import DossierStatus
from ocop.registry.classification import SET_CODES
from ocop.registry.models import Producer

MAX_ID = 2**63 - 1
Id = Annotated[int, Field(ge=1, le=MAX_ID)]


def _clean_text(value: str) -> str:
    """Refuse text a database cannot store: NUL characters and lone UTF-16 surrogates."""
    if "\x00" in value or any("\ud800" <= ch <= "\udfff" for ch in value):
        raise ValueError("text contains characters that cannot be stored (NUL or lone surrogates)")  # problems.MESSAGES
    return value


ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})?$")


def _iso_datetime(value):
    """A date-time as ISO 8601 text only (never a number read as a Unix time, nor a bare date)."""
    if isinstance(value, str) and not ISO_DATETIME.match(value):
        raise ValueError("expected an ISO 8601 date-time, e.g. 2026-12-01T08:00:00+07:00")
    if not isinstance(value, (str, datetime)):
        raise ValueError("expected an ISO 8601 date-time")
    return value


IsoDateTime = Annotated[datetime, BeforeValidator(_iso_datetime)]


def Text(max_length: int):  # noqa: N802 - a type factory
    return Annotated[str, Field(max_length=max_length), AfterValidator(_clean_text)]


class Body(BaseModel):
    """A request body: a JSON object with these fields and no others (plain pydantic, so that a
    list or a string is refused rather than read attribute by attribute), with strict types:
    `false` is no integer and "3" no number (422)."""

    model_config = ConfigDict(extra="forbid", strict=True)


SetCode = Literal[SET_CODES]  # type: ignore[valid-type]
Kind = Literal[tuple(Producer.Kind.values)]  # type: ignore[valid-type]


# --- Shared pieces --------------------------------------------------------------------------------

class UnitRef(Schema):
    id: int
    code: str
    name: str


class PageParams(Schema):
    limit: int = Field(24, ge=1, le=100, description="Số bản ghi mỗi trang (tối đa 100).")
    offset: int = Field(0, ge=0, le=1_000_000_000, description=(
        "Bỏ qua bao nhiêu bản ghi đầu (tối đa 100.000; sâu hơn: dùng cursor)."))
    cursor: Annotated[str, Field(max_length=1000, pattern=r"^[A-Za-z0-9_-]+$")] | None = Field(None, description=(
        "Giá trị 'next' của trang trước: trang tiếp theo theo đúng thứ tự, không bỏ sót hay lặp bản ghi."))
    updated_since: IsoDateTime | None = Field(None, description=(
        "Chỉ các bản ghi thay đổi từ thời điểm này (updated_at ≥ giá trị; ISO 8601, không có múi giờ thì hiểu là "
        "giờ Việt Nam), sắp theo (updated_at, id) tăng dần — để đồng bộ dần."))


class PageMeta(Schema):
    count: int = Field(description="Tổng số bản ghi khớp bộ lọc (xem count_kind).")
    count_kind: Literal["exact", "cached"] = Field(description=(
        "exact: đếm cho chính yêu cầu này; cached: kết quả đếm chính xác cùng truy vấn, lưu tối đa 60 giây."))
    limit: int
    offset: int
    next: str | None = Field(description="Con trỏ của trang sau (truyền vào 'cursor'); null ở trang cuối.")


# --- Units ----------------------------------------------------------------------------------------

class UnitFilters(Schema):
    q: Text(100) | None = Field(None, description="Tìm theo tên, có dấu hay không dấu.")
    generation: Literal["current", "legacy"] | None = None
    level: Literal["province", "district", "commune"] | None = None
    parent: Id | None = Field(None, description="Mã định danh (id) của đơn vị cấp trên.")


class UnitOut(Schema):
    id: int
    generation: str
    level: str
    kind: str
    code: str
    name: str
    full_name: str
    parent_id: int | None
    valid_from: date | None
    valid_to: date | None
    updated_at: datetime


class UnitPage(PageMeta):
    items: list[UnitOut]


# --- Producers and products ----------------------------------------------------------------------

class ProducerFilters(Schema):
    q: Text(100) | None = None
    kind: Kind | None = None
    province: Annotated[str, Field(pattern=r"^\d{2}$")] | None = None
    commune: Annotated[str, Field(pattern=r"^\d{5}$")] | None = None


class ProducerOut(Schema):
    id: int
    name: str
    kind: str
    unit: UnitRef
    province: UnitRef | None
    website: str
    # Only for authenticated callers in scope (null for the public):
    tax_code: str | None = None
    rep_name: str | None = None
    address: str | None = None
    phone: str | None = None
    email: str | None = None
    workforce_total: int | None = None
    updated_at: datetime


class ProducerPage(PageMeta):
    items: list[ProducerOut]


class ProductFilters(Schema):
    q: Text(100) | None = Field(None, description="Tìm không dấu: 'banh pia' tìm thấy 'Bánh pía'.")
    stars: int | None = Field(None, ge=3, le=5)
    sector: Literal["1", "2", "3", "4", "5", "6"] | None = Field(None, description="Nhóm sản phẩm 1–6.")
    criteria_set: SetCode | None = None
    province: Annotated[str, Field(pattern=r"^\d{2}$")] | None = None
    commune: Annotated[str, Field(pattern=r"^\d{5}$")] | None = None
    kind: Kind | None = None
    producer: Id | None = None
    sort: Literal["stars", "name", "new"] = "stars"


class CertificateRef(Schema):
    uid: str
    stars: int
    status: str
    issued_on: date
    valid_until: date
    decision_number: str


class ProducerRef(Schema):
    id: int
    name: str
    kind: str


class ProductOut(Schema):
    id: int
    name: str
    ocop_code: str | None
    criteria_set: str
    sector: str
    producer: ProducerRef
    unit: UnitRef
    province: UnitRef | None
    stars: int | None
    certificate: CertificateRef | None
    published: bool
    url: str | None
    updated_at: datetime


class ProductPage(PageMeta):
    items: list[ProductOut]


# --- Certificates --------------------------------------------------------------------------------

class CertificateFilters(Schema):
    status: CertificateStatus | None = Field(None, description="Tình trạng hôm nay (tính trực tiếp, không lưu).")
    stars: int | None = Field(None, ge=3, le=5)
    product: Id | None = None
    ocop_code: Annotated[str, Field(max_length=32, pattern=r"^[0-9A-Za-z-]+$")] | None = Field(
        None, description="Mã sản phẩm OCOP in trên nhãn, vd. 75-26068-003-2026.")


class DecisionRef(Schema):
    number: str
    signed_on: date
    issuer_level: str


class CertificateProductRef(Schema):
    id: int
    name: str
    ocop_code: str | None
    producer: str


class RevocationOut(Schema):
    on: date = Field(description="Ngày thu hồi có hiệu lực.")
    decision_number: str | None = Field(description="Số quyết định thu hồi.")
    decision_signed_on: date | None
    ground: str = Field(description="Mã căn cứ thu hồi (Điều 8.1 QĐ 26/2026).")
    ground_label: str


class RevocationPendingOut(Schema):
    finding_on: date = Field(description="Ngày có kết luận của cơ quan có thẩm quyền (bắt đầu thu hồi).")
    decision_due_on: date = Field(description="Hạn ra quyết định thu hồi: 15 ngày kể từ ngày có kết luận (Điều 8.4).")


class CertificateOut(Schema):
    uid: str
    product: CertificateProductRef
    stars: int
    status: CertificateStatus
    status_label: str
    issued_on: date
    valid_until: date
    extended_until: date | None = Field(description="Hiệu lực kéo dài chờ đánh giá lại (Khoản 3 Điều 12).")
    revoked_on: date | None
    revocation: RevocationOut | None = Field(description="Quyết định, ngày và căn cứ thu hồi (khi đã thu hồi).")
    revocation_pending: RevocationPendingOut | None = Field(
        description="Thủ tục thu hồi đang xử lý (tình trạng suspended): giấy chứng nhận vẫn còn hiệu lực.")
    decision: DecisionRef
    verification_url: str
    updated_at: datetime


class CertificatePage(PageMeta):
    items: list[CertificateOut]


class ProductRef(Schema):
    id: int
    name: str


# --- Indicators ----------------------------------------------------------------------------------

class IndicatorOut(Schema):
    code: str
    title: str
    measure: str
    kind: str
    group: str
    description: str


class IndicatorValueParams(Schema):
    year: int = Field(..., ge=2000, le=2100)
    unit: Id | None = Field(None, description="Đơn vị (id); bỏ trống: toàn bộ phạm vi của người gọi.")
    generation: Literal["current", "legacy"] = "current"


class IndicatorValueOut(Schema):
    code: str
    year: int
    unit: UnitRef | None
    generation: str
    value: Decimal | None


# --- Dossiers and score sheets -------------------------------------------------------------------

class DossierFilters(Schema):
    # One of the workflow's statuses: an unknown value is a 422, not an empty page.
    status: Literal[tuple(DossierStatus.values)] | None = None
    year: int | None = Field(None, ge=2000, le=2100)


class DossierOut(Schema):
    id: int
    product: ProductRef
    unit: UnitRef
    year: int
    kind: str
    regime: str
    criteria_set: str
    status: str
    registration_no: str
    product_spec: str
    changes_note: str
    samples_count: int
    assisted: bool
    self_total: Decimal | None
    submitted_at: datetime | None
    updated_at: datetime


class DossierDetailOut(DossierOut):
    allowed_moves: list[str] = Field(description="Trạng thái mà người gọi có thể chuyển hồ sơ sang.")


class DossierPage(PageMeta):
    items: list[DossierOut]


class DossierIn(Body):
    product_id: Id
    kind: Literal["first", "upgrade", "rerating"] = "first"
    assisted: bool = False
    consent_note: Text(2000) = ""
    registration_no: Text(60) = ""
    product_spec: Text(5000) = ""
    changes_note: Text(5000) = ""
    samples_count: int | None = Field(None, ge=0, le=50)


class DossierPatch(Body):
    registration_no: Text(60) | None = None
    product_spec: Text(5000) | None = None
    changes_note: Text(5000) | None = None
    samples_count: int | None = Field(None, ge=0, le=50)
    consent_note: Text(2000) | None = None


Answers = Annotated[dict[Text(20), Text(10)], Field(max_length=300)]


class AnswersIn(Body):
    answers: Answers


class TransitionIn(Body):
    to: Literal[tuple(DossierStatus.values)] = Field(description="Trạng thái đích.")  # type: ignore[valid-type]
    reason: Text(5000) = ""


class ConflictIn(Body):
    has_conflict: bool
    note: Text(2000) = ""


class ConflictOut(Schema):
    id: int
    has_conflict: bool


class SheetIn(Body):
    answers: Answers
    opinion: Text(5000) = ""
    submit: bool = False


class SheetOut(Schema):
    id: int
    member: str
    role: str
    answers: dict
    total: Decimal | None
    opinion: str
    submitted_at: datetime | None
