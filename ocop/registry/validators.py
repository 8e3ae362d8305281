"""Pure checks on registry input: business codes and uploaded files (sniffed by content).

Business codes (mã số thuế / số đăng ký kinh doanh), after trimming and upper-casing:

* enterprise or cooperative tax code (MST): 10 digits, e.g. "3600252847";
* a branch or dependent unit: 10 digits, "-", 3 digits, e.g. "3600252847-001";
* household businesses (hộ kinh doanh, hộ sản xuất) also have a registration number issued by the
  commune/district business registration office. The format varies by locality and period; we
  accept 2–3 digits (locality) + 1–2 letters + 5–9 digits, e.g. "47A8001234", "47G80001234",
  and the 12-digit personal identification number that serves as personal tax code since 07/2025.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ocop.lib.filetypes import Sniffed, sniff

TAX_CODE_RE = re.compile(r"^\d{10}(-\d{3})?$")
HOUSEHOLD_CODE_RE = re.compile(r"^(\d{2,3}[A-Z]{1,2}\d{5,9}|\d{12})$")


def normalize_code(code: str | None) -> str:
    return re.sub(r"\s+", "", code or "").upper()


def business_code_error(code: str, *, household: bool) -> str | None:
    """None when CODE (already normalized) is acceptable for this kind of producer, else why not."""
    if not code:
        return None
    if TAX_CODE_RE.match(code):
        return None
    if household and HOUSEHOLD_CODE_RE.match(code):
        return None
    if household:
        return str(_("Mã số không hợp lệ: cần mã số thuế 10 chữ số (hoặc 10 chữ số-3 chữ số), "
                     "số đăng ký hộ kinh doanh dạng 47A8001234, hoặc số định danh 12 chữ số."))
    return str(_("Mã số thuế không hợp lệ: cần 10 chữ số, hoặc 10 chữ số-3 chữ số cho chi nhánh."))


# --- Uploaded files -------------------------------------------------------------------------

MAX_PHOTOS_PER_PRODUCT = 12


def photos_over_limit_error(count: int) -> ValidationError | None:
    if count <= MAX_PHOTOS_PER_PRODUCT:
        return None
    return ValidationError(_("Mỗi sản phẩm có tối đa %(n)d ảnh.") % {"n": MAX_PHOTOS_PER_PRODUCT}, code="too_many")


def _read_head(upload, size: int = 16) -> bytes:
    upload.seek(0)
    head = upload.read(size)
    upload.seek(0)
    return head


def _mb(limit: int) -> str:
    return f"{limit / (1024 * 1024):g}"


def check_document_file(upload, *, max_bytes: int) -> Sniffed:
    """Accept PDF, JPEG, PNG or WebP by content, within MAX_BYTES; raise ValidationError otherwise."""
    if upload.size > max_bytes:
        raise ValidationError(_("Tệp quá lớn: tối đa %(mb)s MB.") % {"mb": _mb(max_bytes)}, code="too_large")
    kind = sniff(_read_head(upload))
    if kind is None:
        raise ValidationError(
            _("Tệp không đúng định dạng cho phép (PDF, JPEG, PNG, WebP); nội dung tệp đã được kiểm tra, "
              "không dựa vào phần mở rộng."),
            code="bad_type",
        )
    return kind


#: Largest photo in pixels (about 40 megapixels): decoding one costs width × height × 4 bytes.
MAX_IMAGE_PIXELS = 40_000_000
PILLOW_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}


def _check_pixels(image) -> None:
    if image.width * image.height > MAX_IMAGE_PIXELS:
        raise ValidationError(_("Ảnh quá lớn: tối đa %(mp)d triệu điểm ảnh.") % {"mp": MAX_IMAGE_PIXELS // 1_000_000},
                              code="too_many_pixels")


def reencode_image(upload):
    """The image decoded by Pillow and saved again in its own format (JPEG, PNG or WebP), without
    its metadata, as a new file named by that format: what is stored is an image and nothing else,
    whatever the upload was called (issue 15 L-4)."""
    from io import BytesIO

    from django.core.files.base import ContentFile
    from PIL import Image, ImageOps, UnidentifiedImageError

    try:
        upload.seek(0)
        with Image.open(upload) as image:
            extension = PILLOW_FORMATS.get(image.format)
            if extension is None:
                raise ValidationError(_("Ảnh phải là JPEG, PNG hoặc WebP."), code="bad_type")
            _check_pixels(image)
            image.load()
            picture = ImageOps.exif_transpose(image)
            if extension == "jpg" and picture.mode not in ("RGB", "L"):
                picture = picture.convert("RGB")
            out = BytesIO()
            options = {"quality": 90} if extension in ("jpg", "webp") else {"optimize": True}
            picture.save(out, format=image.format, **options)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        raise ValidationError(_("Tệp ảnh bị hỏng hoặc không đọc được."), code="bad_image") from exc
    finally:
        upload.seek(0)
    return ContentFile(out.getvalue(), name=f"anh.{extension}")


def check_image_file(upload, *, max_bytes: int) -> Sniffed:
    """Accept a real JPEG, PNG or WebP image (decoded by Pillow) within MAX_BYTES."""
    from PIL import Image, UnidentifiedImageError

    kind = check_document_file(upload, max_bytes=max_bytes)
    if kind.content_type == "application/pdf":
        raise ValidationError(_("Ảnh phải là JPEG, PNG hoặc WebP."), code="bad_type")
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            _check_pixels(image)
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        raise ValidationError(_("Tệp ảnh bị hỏng hoặc không đọc được."), code="bad_image") from exc
    finally:
        upload.seek(0)
    return kind
