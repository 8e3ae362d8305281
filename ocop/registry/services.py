"""Writes to the registry. Each service validates (full_clean), re-checks the actor's scope inside
its transaction, saves, maintains search_text, and writes an AuditEvent (before/after on updates).

actor=None means the system itself (loaders, demo seed); every user-facing path passes the user.
"""

import hashlib
from dataclasses import dataclass
from difflib import SequenceMatcher

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ocop.accounts.policy import can_write as can_write_in_scope
from ocop.accounts.roles import WRITING_OFFICES
from ocop.core.audit import AuditAction, audit_record, diff, snapshot
from ocop.core.public_version import public_data_changed
from ocop.lib.text import fold
from ocop.registry.models import (
    AddressChangeRequest,
    Document,
    Producer,
    ProducerMember,
    Product,
    ProductCodeCounter,
    ProductPhoto,
)
from ocop.registry.search_text import producer_search_text, product_search_text
from ocop.registry.signals import product_moved
from ocop.registry.validators import (
    check_document_file,
    check_image_file,
    normalize_code,
    photos_over_limit_error,
    reencode_image,
)

SIMILAR_NAME_RATIO = 0.85
PRODUCER_FIELDS = [
    "kind", "name", "tax_code", "registered_on", "founded_on", "joined_ocop_on", "rep_name", "rep_title",
    "rep_is_woman", "rep_is_ethnic_minority", "rep_ethnicity", "unit", "address", "phone", "email", "website",
    "workforce_total", "workforce_local", "workforce_women", "note",
]
PRODUCT_FIELDS = ["producer", "unit", "name", "criteria_set", "description", "story", "packaging", "price", "is_active"]
DOCUMENT_FIELDS = ["producer", "product", "kind", "title", "number", "issuer", "issued_on", "expires_on", "note"]


# --- Scope ----------------------------------------------------------------------------------

def check_can_write(actor, unit, *, producer: Producer | None = None) -> None:
    """Office roles write within their units. A producer's own portal users write their producer's
    records, but only at the producer's own commune (they cannot move records elsewhere)."""
    if actor is None or actor.is_superuser:
        return
    if can_write_in_scope(actor, unit, WRITING_OFFICES):
        return
    at_home = producer is not None and (unit is None or unit.pk == producer.unit_id)
    if at_home and producer is not None and producer.pk and ProducerMember.objects.filter(user=actor, producer=producer).exists():
        return
    raise PermissionDenied(_("Đơn vị này nằm ngoài phạm vi quản lý của bạn."))


# --- Duplicates -----------------------------------------------------------------------------

@dataclass(frozen=True)
class PossibleDuplicate:
    producer: Producer
    reason: str


class DuplicateProducerError(ValidationError):
    """Raised when possible duplicates exist and the caller has not confirmed "save anyway"."""

    def __init__(self, duplicates: list[PossibleDuplicate]):
        self.duplicates = duplicates
        lines = [f"{d.producer.name} ({d.producer.tax_code or '—'}): {d.reason}" for d in duplicates]
        super().__init__(_("Có thể trùng với chủ thể đã có: %(list)s") % {"list": "; ".join(lines)}, code="duplicate")


def name_similarity(a: str, b: str) -> float:
    return SequenceMatcher(None, fold(a), fold(b)).ratio()


def producer_find_duplicates(*, name: str, unit, tax_code: str = "", exclude_pk=None) -> list[PossibleDuplicate]:
    """Producers with the same code (anywhere), or a very similar folded name in the same commune."""
    found: dict[int, PossibleDuplicate] = {}
    code = normalize_code(tax_code)
    others = Producer.objects.exclude(pk=exclude_pk) if exclude_pk else Producer.objects.all()
    if code:
        for producer in others.filter(tax_code=code).select_related("unit")[:10]:
            found[producer.pk] = PossibleDuplicate(producer, _("cùng mã số %(code)s") % {"code": code})
    if unit is not None and name:
        for producer in others.filter(unit=unit).select_related("unit").only("id", "name", "tax_code", "unit"):
            ratio = name_similarity(name, producer.name)
            if ratio >= SIMILAR_NAME_RATIO and producer.pk not in found:
                found[producer.pk] = PossibleDuplicate(
                    producer, _("tên gần giống (%(pct)d%%) trong cùng xã") % {"pct": round(ratio * 100)}
                )
    return list(found.values())


# --- Producers ------------------------------------------------------------------------------

@transaction.atomic
def producer_create(*, actor, confirm_duplicates: bool = False, **fields) -> Producer:
    producer = Producer(**fields)
    producer.tax_code = normalize_code(producer.tax_code)
    check_can_write(actor, producer.unit if producer.unit_id else None)
    producer.full_clean()
    if not confirm_duplicates and (dups := producer_find_duplicates(
        name=producer.name, unit=producer.unit, tax_code=producer.tax_code
    )):
        raise DuplicateProducerError(dups)
    producer.search_text = producer_search_text(producer)
    producer.save()
    audit_record(action=AuditAction.PRODUCER_CREATE, actor=actor, target=producer, unit=producer.unit,
                 after=snapshot(producer, PRODUCER_FIELDS))
    return producer


@transaction.atomic
def producer_update(*, producer: Producer, actor, data: dict, confirm_duplicates: bool = False) -> Producer:
    """Apply DATA (field → value) to PRODUCER. The actor must be able to write both the old and
    the new commune."""
    current = Producer.objects.select_for_update().select_related("unit").get(pk=producer.pk)
    check_can_write(actor, current.unit, producer=current)
    if (unknown := set(data) - set(PRODUCER_FIELDS)):
        raise ValueError(f"unknown producer fields {unknown}")
    if "unit" in data and data["unit"] != current.unit:
        check_can_write(actor, data["unit"])  # moving: the new commune must be in the actor's office scope
    before = snapshot(current, PRODUCER_FIELDS)
    for field, value in data.items():
        setattr(producer, field, value)
    producer.tax_code = normalize_code(producer.tax_code)
    producer.full_clean()
    after = snapshot(producer, PRODUCER_FIELDS)
    old, new = diff(before, after)
    if not new:
        return producer
    if not confirm_duplicates and {"name", "tax_code", "unit"} & new.keys() and (dups := producer_find_duplicates(
        name=producer.name, unit=producer.unit, tax_code=producer.tax_code, exclude_pk=producer.pk
    )):
        raise DuplicateProducerError(dups)
    producer.search_text = producer_search_text(producer)
    # Only what this service changes: the caller's copy may be older than a parallel write
    # (a confirmed address change, a standings roll) that a whole-row save would undo.
    producer.save(update_fields=[*data, "tax_code", "search_text", "updated_at"])
    if "name" in new:
        products = list(producer.products.all())
        now = timezone.now()  # the API shows the producer's name in each product: a change for sync
        for product in products:
            product.search_text = product_search_text(product, producer.name)
            product.updated_at = now
        Product.objects.bulk_update(products, ["search_text", "updated_at"])
    audit_record(action=AuditAction.PRODUCER_UPDATE, actor=actor, target=producer, unit=producer.unit, before=old, after=new)
    public_data_changed()  # its name, commune and address are on its products' public pages
    return producer


@transaction.atomic
def producer_delete(*, producer: Producer, actor) -> None:
    check_can_write(actor, producer.unit)
    if producer.products.exists() or producer.documents.exists():
        raise ValidationError(_("Không thể xóa chủ thể đã có sản phẩm hoặc giấy tờ."))
    audit_record(action=AuditAction.PRODUCER_DELETE, actor=actor, target=producer, unit=producer.unit,
                 before=snapshot(producer, PRODUCER_FIELDS))
    producer.delete()


@transaction.atomic
def producer_member_add(*, producer: Producer, user, actor, is_owner: bool = True) -> ProducerMember:
    check_can_write(actor, producer.unit)
    member, created = ProducerMember.objects.get_or_create(user=user, producer=producer, defaults={"is_owner": is_owner})
    if created:
        audit_record(action=AuditAction.PRODUCER_MEMBER_ADD, actor=actor, target=producer, unit=producer.unit,
                     after={"user": user.get_username()})
    return member


# --- Products -------------------------------------------------------------------------------

def product_kind_check(product: Product) -> None:
    """A product fits its producer's kind (associations register community tourism only)."""
    if product.producer.kind in Producer.TOURISM_ONLY_KINDS and product.criteria_set != "26":
        raise ValidationError({"criteria_set": _("Hội, hiệp hội, ban quản lý chỉ đăng ký sản phẩm du lịch cộng đồng (bộ 26).")})


@transaction.atomic
def product_create(*, actor, producer: Producer, year: int | None = None, **fields) -> Product:
    """A product in the registry. Its OCOP code is given when it is first sent for evaluation
    (ocop.rating, on submitting the dossier), with the year of that evaluation ("Năm đánh giá");
    YEAR is given only for a product already evaluated that year (demo data, records entered late),
    and then the code is given now."""
    fields.setdefault("unit", producer.unit)
    product = Product(producer=producer, **fields)
    check_can_write(actor, product.unit, producer=producer)
    product.full_clean()
    product_kind_check(product)
    product.search_text = product_search_text(product, producer.name)
    product.save()
    if year is not None:
        product_code_assign(product=product, year=year)
    audit_record(action=AuditAction.PRODUCT_CREATE, actor=actor, target=product, unit=product.unit,
                 after={**snapshot(product, PRODUCT_FIELDS), "ocop_code": product.ocop_code})
    return product


@transaction.atomic
def product_update(*, product: Product, actor, data: dict) -> Product:
    current = Product.objects.select_for_update().select_related("unit", "producer").get(pk=product.pk)
    check_can_write(actor, current.unit, producer=current.producer)
    if (unknown := set(data) - set(PRODUCT_FIELDS)):
        raise ValueError(f"unknown product fields {unknown}")
    new_unit, new_producer = data.get("unit", current.unit), data.get("producer", current.producer)
    if new_unit != current.unit or new_producer != current.producer:
        check_can_write(actor, new_unit, producer=new_producer)
    before = snapshot(current, PRODUCT_FIELDS)
    for field, value in data.items():
        setattr(product, field, value)
    product.full_clean()
    product_kind_check(product)
    old, new = diff(before, snapshot(product, PRODUCT_FIELDS))
    if not new:
        return product
    product.search_text = product_search_text(product)
    # Only what this service changes: the caller's copy may predate a certificate whose standing
    # (standing_stars/from/until, written by the certificate services) a whole-row save would erase.
    product.save(update_fields=[*data, "search_text", "updated_at"])
    if product.unit_id != current.unit_id:
        product_moved.send(sender=Product, product=product, old_unit_id=current.unit_id)
    audit_record(action=AuditAction.PRODUCT_UPDATE, actor=actor, target=product, unit=product.unit, before=old, after=new)
    public_data_changed()
    return product


@transaction.atomic
def product_delete(*, product: Product, actor) -> None:
    check_can_write(actor, product.unit, producer=product.producer)
    if product.documents.exists():
        raise ValidationError(_("Không thể xóa sản phẩm đã có giấy tờ."))
    audit_record(action=AuditAction.PRODUCT_DELETE, actor=actor, target=product, unit=product.unit,
                 before={**snapshot(product, PRODUCT_FIELDS), "ocop_code": product.ocop_code})
    product.delete()
    public_data_changed()


def product_codes_reserve(unit, year: int, count: int) -> list[str]:
    """Reserve COUNT consecutive serials of UNIT's counter for YEAR, under a row lock."""
    try:
        with transaction.atomic():
            ProductCodeCounter.objects.get_or_create(unit=unit, year=year)
    except IntegrityError:
        pass  # created meanwhile by a concurrent transaction
    counter = ProductCodeCounter.objects.select_for_update().get(unit=unit, year=year)
    first = counter.last_serial + 1
    counter.last_serial += count
    counter.save(update_fields=["last_serial"])
    province_code = unit.parent.code if unit.parent is not None else str(settings.OCOP_DEFAULT_PROVINCE_CODE)
    return [
        format_product_code(province_code=province_code, commune_code=unit.code, serial=serial, year=year)
        for serial in range(first, first + count)
    ]


def format_product_code(*, province_code: str, commune_code: str, serial: int, year: int) -> str:
    return f"{province_code}-{commune_code}-{serial:03d}-{year}"


@transaction.atomic
def product_code_assign(*, product: Product, year: int) -> str:
    """Give PRODUCT the next OCOP code of its commune for YEAR, the year of its evaluation
    ("STT: số thứ tự sản phẩm do xã lập thống kê - Năm đánh giá"), e.g. 75-26068-003-2026.

    The per-(commune, year) counter row is locked (select_for_update) so concurrent requests get
    distinct serials; a product that already has a code keeps it (codes already issued, on
    certificates and decisions, never change; a later re-rating or upgrade keeps the code)."""
    if product.ocop_code:
        return product.ocop_code
    product.ocop_code = product_codes_reserve(product.unit, year, 1)[0]
    product.search_text = product_search_text(product)
    product.updated_at = timezone.now()
    Product.objects.filter(pk=product.pk).update(ocop_code=product.ocop_code, search_text=product.search_text,
                                                 updated_at=product.updated_at)
    return product.ocop_code


@transaction.atomic
def product_photo_add(*, product: Product, image, actor, caption: str = "", position: int = 0) -> ProductPhoto:
    check_can_write(actor, product.unit, producer=product.producer)
    check_image_file(image, max_bytes=settings.OCOP_PHOTO_MAX_BYTES)
    image = reencode_image(image)  # stored as what it is: jpg, png or webp
    Product.objects.select_for_update().filter(pk=product.pk).first()  # photos of one product, one at a time
    if error := photos_over_limit_error(product.photos.count() + 1):
        raise error
    photo = ProductPhoto(product=product, image=image, caption=caption, position=position)
    photo.full_clean()
    photo.save()
    audit_record(action=AuditAction.PRODUCT_PHOTO_ADD, actor=actor, target=product, unit=product.unit,
                 after={"photo": photo.image.name, "caption": caption})
    public_data_changed()
    return photo


# --- Documents ------------------------------------------------------------------------------

def _file_sha256(upload) -> str:
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in iter(lambda: upload.read(64 * 1024), b""):
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def document_check_file(*, producer: Producer, file):
    """Check an upload before storing it: type by content, size, and not already stored for this
    producer (the same bytes are one document, reused). Returns (sniffed type, sha256)."""
    sniffed = check_document_file(file, max_bytes=settings.OCOP_DOCUMENT_MAX_BYTES)
    sha = _file_sha256(file)
    if existing := Document.objects.filter(producer=producer, sha256=sha).first():
        raise ValidationError(
            _("Tệp này đã được lưu (giấy tờ “%(doc)s”); hãy dùng lại giấy tờ đó.") % {"doc": existing}, code="exists"
        )
    return sniffed, sha


@transaction.atomic
def document_upload(*, actor, producer: Producer, file, kind: str, product: Product | None = None, **fields) -> Document:
    """Store a document once. The file is checked by content (PDF, JPEG, PNG, WebP) and size."""
    check_can_write(actor, producer.unit, producer=producer)
    if product is not None and product.producer_id != producer.pk:
        raise ValidationError({"product": _("Sản phẩm không thuộc chủ thể này.")})
    sniffed, sha = document_check_file(producer=producer, file=file)
    document = Document(producer=producer, product=product, kind=kind, **fields)
    document.original_name = (getattr(file, "name", "") or "")[:255]
    document.content_type, document.size, document.sha256 = sniffed.content_type, file.size, sha
    file.name = f"upload.{sniffed.extension}"
    document.file = file
    document.full_clean()
    document.save()
    audit_record(action=AuditAction.DOCUMENT_UPLOAD, actor=actor, target=document, unit=producer.unit,
                 after={**snapshot(document, DOCUMENT_FIELDS), "file": document.original_name, "sha256": sha})
    return document


@transaction.atomic
def document_replace_file(*, document: Document, actor, file) -> Document:
    """Put a new file in place of a document's file (a better scan, the right page), keeping its
    fields and the dossiers that cite it. Checked like an upload (content, size, not stored twice).
    The old file stays in storage for the record (the audit has its name and hash) but no record
    holds its name any more, so it is no longer served (ocop.core.media)."""
    current = Document.objects.select_for_update().select_related("producer__unit").get(pk=document.pk)
    check_can_write(actor, current.producer.unit, producer=current.producer)
    sniffed, sha = document_check_file(producer=current.producer, file=file)
    before = {"file": current.file.name, "sha256": current.sha256, "original_name": current.original_name}
    current.original_name = (getattr(file, "name", "") or "")[:255]
    current.content_type, current.size, current.sha256 = sniffed.content_type, file.size, sha
    file.name = f"upload.{sniffed.extension}"
    current.file = file
    current.full_clean()
    current.save()
    audit_record(action=AuditAction.DOCUMENT_REPLACE, actor=actor, target=current, unit=current.producer.unit,
                 before=before, after={"file": current.original_name, "sha256": sha})
    return current


@transaction.atomic
def document_update(*, document: Document, actor, data: dict) -> Document:
    current = Document.objects.select_for_update().select_related("producer__unit").get(pk=document.pk)
    check_can_write(actor, current.producer.unit, producer=current.producer)
    if (unknown := set(data) - set(DOCUMENT_FIELDS)):
        raise ValueError(f"unknown document fields {unknown}")
    if "producer" in data and data["producer"] != current.producer:
        check_can_write(actor, data["producer"].unit, producer=data["producer"])
    before = snapshot(current, DOCUMENT_FIELDS)
    for field, value in data.items():
        setattr(document, field, value)
    if document.product is not None and document.product.producer_id != document.producer_id:
        raise ValidationError({"product": _("Sản phẩm không thuộc chủ thể này.")})
    document.full_clean()
    old, new = diff(before, snapshot(document, DOCUMENT_FIELDS))
    if new:
        document.save()
        audit_record(action=AuditAction.DOCUMENT_UPDATE, actor=actor, target=document, unit=document.producer.unit,
                     before=old, after=new)
    return document


@transaction.atomic
def document_delete(*, document: Document, actor) -> None:
    check_can_write(actor, document.producer.unit, producer=document.producer)
    audit_record(action=AuditAction.DOCUMENT_DELETE, actor=actor, target=document, unit=document.producer.unit,
                 before={**snapshot(document, DOCUMENT_FIELDS), "file": document.file.name})
    document.delete()


@transaction.atomic
def product_photo_update(*, photo: ProductPhoto, actor, data: dict) -> ProductPhoto:
    product = photo.product
    check_can_write(actor, product.unit, producer=product.producer)
    for field, value in data.items():
        if field not in ("caption", "position"):
            raise ValueError(f"unknown photo field {field}")
        setattr(photo, field, value)
    photo.full_clean()
    photo.save(update_fields=list(data))
    audit_record(action=AuditAction.PRODUCT_PHOTO_UPDATE, actor=actor, target=product, unit=product.unit, after=dict(data))
    public_data_changed()
    return photo


@transaction.atomic
def product_photo_delete(*, photo: ProductPhoto, actor) -> None:
    product = photo.product
    check_can_write(actor, product.unit, producer=product.producer)
    audit_record(action=AuditAction.PRODUCT_PHOTO_DELETE, actor=actor, target=product, unit=product.unit,
                 before={"photo": photo.image.name, "caption": photo.caption})
    photo.delete()
    public_data_changed()


# --- Address corrections (the producer asks, the commune confirms) ----------------------------

ADDRESS_REQUEST_FIELDS = ["unit", "address", "reason", "status", "decision_note"]


@transaction.atomic
def address_change_request(*, producer: Producer, actor, unit, address: str = "", reason: str) -> AddressChangeRequest:
    """The producer's user asks to move PRODUCER to UNIT / ADDRESS; nothing changes until confirmed."""
    current = Producer.objects.select_for_update().select_related("unit").get(pk=producer.pk)
    if actor is not None and not actor.is_superuser and not ProducerMember.objects.filter(
            user=actor, producer=current).exists():
        raise PermissionDenied(_("Chỉ người của chủ thể mới đề nghị sửa địa chỉ."))
    if current.address_requests.filter(status=AddressChangeRequest.Status.PENDING).exists():
        raise ValidationError(_("Đã có một đề nghị đang chờ xã xác nhận."))
    if unit == current.unit and (address or "").strip() == current.address:
        raise ValidationError(_("Xã, phường và địa chỉ đề nghị trùng với thông tin hiện tại."))
    request = AddressChangeRequest(
        producer=current, old_unit=current.unit, old_address=current.address, unit=unit,
        address=(address or "").strip(), reason=(reason or "").strip(), requested_by=actor,
    )
    request.full_clean()
    request.save()
    audit_record(action=AuditAction.PRODUCER_ADDRESS_REQUEST, actor=actor, target=current, unit=unit,
                 after=snapshot(request, ADDRESS_REQUEST_FIELDS))
    return request


@transaction.atomic
def address_change_decide(*, request: AddressChangeRequest, actor, confirm: bool, note: str = "") -> AddressChangeRequest:
    """The officer of the requested commune confirms (the producer moves there, with that address)
    or rejects (a reason is required) a pending request."""
    locked = AddressChangeRequest.objects.select_for_update().select_related("producer", "unit").get(pk=request.pk)
    check_can_write(actor, locked.unit)  # office roles of the requested commune only
    if locked.status != AddressChangeRequest.Status.PENDING:
        raise ValidationError(_("Đề nghị này đã được xử lý."))
    note = (note or "").strip()
    if not confirm and not note:
        raise ValidationError({"decision_note": _("Hãy ghi lý do từ chối.")})
    producer = Producer.objects.select_for_update().get(pk=locked.producer_id)
    if confirm:
        before = snapshot(producer, ["unit", "address"])
        producer.unit, producer.address = locked.unit, locked.address
        producer.full_clean()
        producer.search_text = producer_search_text(producer)
        producer.save(update_fields=["unit", "address", "search_text", "updated_at"])
        old, new = diff(before, snapshot(producer, ["unit", "address"]))
        audit_record(action=AuditAction.PRODUCER_UPDATE, actor=actor, target=producer, unit=producer.unit,
                     before=old, after=new, message=_("Theo đề nghị sửa địa chỉ #%(pk)s") % {"pk": locked.pk})
        public_data_changed()
    locked.status = AddressChangeRequest.Status.CONFIRMED if confirm else AddressChangeRequest.Status.REJECTED
    locked.decided_by, locked.decided_at, locked.decision_note = actor, timezone.now(), note
    locked.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    audit_record(action=AuditAction.PRODUCER_ADDRESS_REQUEST_DECIDE, actor=actor, target=producer, unit=locked.unit,
                 after={"request": locked.pk, "status": locked.status, "note": note})
    return locked
