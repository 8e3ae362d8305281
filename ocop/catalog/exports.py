"""Open-data rows: recognised products, main statistics, and the national OCOP data layout.

Rows come from published_products() only, in batches (one certificate query per batch), so a file
of any size is streamed with flat memory. Field lists are data: the open-data page documents
them from FIELDS, so the page and the files cannot disagree.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ocop.catalog import facets
from ocop.catalog.pages import verification_path
from ocop.catalog.selectors import current_certificates, key_figures, published_products, today_local
from ocop.certificates.status import live_status_on, national_code
from ocop.registry.classification import get_set

BATCH = 2000


@dataclass(frozen=True)
class Field:
    """A column of an open-data file; TYPE and FORMAT are Frictionless Table Schema's (the
    datapackage.json says them): codes are "string", so "07" stays "07"."""

    name: str
    description: object
    type: str = "string"
    format: str = "default"


PRODUCT_FIELDS = [
    Field("ma_san_pham", _("Mã định danh sản phẩm trong hệ thống (số)"), "integer"),
    Field("ma_ocop", _("Mã sản phẩm OCOP: (mã tỉnh)-(mã xã)-(số thứ tự)-(năm)")),
    Field("ten_san_pham", _("Tên sản phẩm")),
    Field("hang_sao", _("Hạng sao được công nhận (3, 4 hoặc 5)"), "integer"),
    Field("bo_san_pham", _("Mã bộ sản phẩm (01–26)")),
    Field("ten_bo_san_pham", _("Tên bộ sản phẩm")),
    Field("nhom_san_pham", _("Nhóm sản phẩm (6 nhóm)")),
    Field("chu_the", _("Tên chủ thể sản xuất")),
    Field("loai_hinh_chu_the", _("Loại hình chủ thể (mã: htx, tht, dn, ho…)")),
    Field("ma_xa", _("Mã xã, phường (5 chữ số, danh mục hiện hành)")),
    Field("ten_xa", _("Tên xã, phường")),
    Field("ma_tinh", _("Mã tỉnh, thành phố (2 chữ số)")),
    Field("ten_tinh", _("Tên tỉnh, thành phố")),
    Field("so_quyet_dinh", _("Số quyết định công nhận")),
    Field("ngay_quyet_dinh", _("Ngày ký quyết định (YYYY-MM-DD)"), "date"),
    Field("ngay_cap", _("Ngày cấp giấy chứng nhận (YYYY-MM-DD)"), "date"),
    Field("hieu_luc_den", _("Giấy chứng nhận có giá trị đến hết ngày (YYYY-MM-DD)"), "date"),
    Field("tinh_trang", _("Tình trạng giấy chứng nhận: valid (còn hiệu lực), expiring (sắp hết hạn) hoặc suspended (còn hiệu lực, đang xử lý thu hồi)")),
    Field("ma_xac_minh", _("Mã xác minh giấy chứng nhận (UUID, in dưới mã QR)"), "string", "uuid"),
    Field("trang_san_pham", _("Địa chỉ trang sản phẩm"), "string", "uri"),
    Field("trang_xac_minh", _("Địa chỉ trang xác minh giấy chứng nhận"), "string", "uri"),
]

NATIONAL_FIELDS = [
    Field("MA_OCOP", _("Mã sản phẩm OCOP (mã do tỉnh cấp; để trống nếu sản phẩm chưa được cấp mã)")),
    Field("MA_DVHC", _("Mã đơn vị hành chính cấp xã (5 chữ số, danh mục hiện hành)")),
    Field("MA_KY", _("Mã kỳ báo cáo: năm của ngày xuất dữ liệu (YYYY)")),
    Field("MA_SAN_PHAM", _("Mã định danh sản phẩm trong hệ thống"), "integer"),
    Field("TEN_SAN_PHAM", _("Tên sản phẩm")),
    Field("HANG_SAO", _("Hạng sao: 3, 4 hoặc 5"), "integer"),
    Field("CHU_THE", _("Tên chủ thể sản xuất")),
    Field("DOANH_THU_NAM", _("Doanh thu năm (đồng) – chưa thu thập trong hệ thống, để trống"), "number"),
    Field("TRANG_THAI", _("Trạng thái: CON_HIEU_LUC, SAP_HET_HAN hoặc DANG_XU_LY_THU_HOI")),
]

STAT_FIELDS = [
    Field("chi_tieu", _("Chỉ tiêu: san_pham, chu_the, xa_co_san_pham, theo_hang_sao, theo_nhom, theo_bo, theo_tinh")),
    Field("ma", _("Mã phân tổ (hạng sao, mã nhóm, mã bộ, mã tỉnh); trống với số tổng")),
    Field("ten", _("Tên phân tổ")),
    Field("gia_tri", _("Số sản phẩm (hoặc số chủ thể, số xã)"), "integer"),
]

def _batches(queryset) -> Iterator[list]:
    batch = []
    for item in queryset.iterator(chunk_size=BATCH):
        batch.append(item)
        if len(batch) >= BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def _with_certificates(today: date) -> Iterator[tuple]:
    products = published_products(today=today).select_related("producer", "unit__parent").order_by("pk")
    for batch in _batches(products):
        certificates = current_certificates([p.pk for p in batch], today=today)
        for product in batch:
            yield product, certificates[product.pk]


def product_rows(today: date | None = None) -> Iterator[dict]:
    today = today or today_local()
    for product, certificate in _with_certificates(today):
        unit, province = product.unit, product.unit.parent
        criteria_set = get_set(product.criteria_set)
        sector = facets.sector_of_set(product.criteria_set)
        yield {
            "ma_san_pham": product.pk,
            "ma_ocop": product.ocop_code or "",
            "ten_san_pham": product.name,
            "hang_sao": certificate.stars,
            "bo_san_pham": product.criteria_set,
            "ten_bo_san_pham": criteria_set.name if criteria_set else "",
            "nhom_san_pham": sector.title if sector else "",
            "chu_the": product.producer.name,
            "loai_hinh_chu_the": product.producer.kind,
            "ma_xa": unit.code,
            "ten_xa": unit.name,
            "ma_tinh": province.code if province else "",
            "ten_tinh": province.name if province else "",
            "so_quyet_dinh": certificate.decision.number,
            "ngay_quyet_dinh": certificate.decision.signed_on,
            "ngay_cap": certificate.issued_on,
            "hieu_luc_den": certificate.valid_until,
            "tinh_trang": live_status_on(certificate, today).value,
            "ma_xac_minh": str(certificate.uid),
            "trang_san_pham": settings.SITE_URL + reverse("catalog:product_detail", args=[product.pk]),
            "trang_xac_minh": settings.SITE_URL + verification_path(certificate.uid),
        }


def national_rows(today: date | None = None) -> Iterator[dict]:
    today = today or today_local()
    for product, certificate in _with_certificates(today):
        yield {
            "MA_OCOP": product.ocop_code or "",
            "MA_DVHC": product.unit.code,
            "MA_KY": str(today.year),
            "MA_SAN_PHAM": product.pk,
            "TEN_SAN_PHAM": product.name,
            "HANG_SAO": certificate.stars,
            "CHU_THE": product.producer.name,
            "DOANH_THU_NAM": None,
            "TRANG_THAI": national_code(live_status_on(certificate, today)),
        }


def statistics_rows(today: date | None = None) -> list[dict]:
    figures = key_figures(today=today)
    rows = [
        {"chi_tieu": "san_pham", "ma": "", "ten": "", "gia_tri": figures.products},
        {"chi_tieu": "chu_the", "ma": "", "ten": "", "gia_tri": figures.producers},
        {"chi_tieu": "xa_co_san_pham", "ma": "", "ten": "", "gia_tri": figures.communes},
    ]
    rows += [{"chi_tieu": "theo_hang_sao", "ma": str(s), "ten": f"{s} sao", "gia_tri": figures.by_stars.get(s, 0)}
             for s in facets.STAR_CHOICES]
    rows += [{"chi_tieu": "theo_nhom", "ma": s.code, "ten": s.title,
              "gia_tri": sum(figures.by_set.get(code, 0) for code in s.sets)} for s in facets.sectors()]
    rows += [{"chi_tieu": "theo_bo", "ma": code, "ten": name.split(" – ", 1)[-1], "gia_tri": figures.by_set.get(code, 0)}
             for code, name in facets.set_choices()]
    rows += [{"chi_tieu": "theo_tinh", "ma": code or "", "ten": name or "", "gia_tri": n}
             for code, name, n in sorted(figures.by_province, key=lambda r: r[0] or "")]
    return rows


@dataclass(frozen=True)
class Dataset:
    fields: list[Field]
    rows: object  # today -> rows (dicts)
    title: object
    short_title: str  # the downloaded file's name and the sheet's


DATASETS = {
    "san-pham": Dataset(PRODUCT_FIELDS, product_rows, _("Sản phẩm OCOP được công nhận, giấy chứng nhận còn hiệu lực"),
                        "Sản phẩm OCOP"),
    "thong-ke": Dataset(STAT_FIELDS, statistics_rows, _("Số liệu thống kê chính"), "Thống kê OCOP"),
    "ocop-quoc-gia": Dataset(NATIONAL_FIELDS, national_rows,
                             _("Xuất theo trường dữ liệu OCOP quốc gia (PTNT_OCOP)"), "OCOP quốc gia"),
}
