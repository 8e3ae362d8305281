"""Services: validation, scope re-checked inside the transaction, audit, duplicates, product codes,
documents."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from ocop.core.models import AuditEvent
from ocop.registry import services
from ocop.registry.models import Document, Producer, ProducerMember, Product
from ocop.registry.selectors import document_list, producer_list
from ocop.registry.status import DocumentStatus, document_status
from ocop.registry.tests.factories import DocumentFactory, ProducerFactory, ProductFactory
from ocop.registry.tests.files import fake_pdf_upload, pdf_upload, png_upload

pytestmark = pytest.mark.django_db


def new_producer(personas, actor=None, **extra):
    fields = {
        "kind": Producer.Kind.COOPERATIVE, "name": "Hợp tác xã Ca cao Phú Hòa", "tax_code": "3600111222",
        "unit": personas.units.commune_a, "rep_name": "Trần Thị Lan", "rep_is_woman": True,
        "workforce_total": 12, "workforce_local": 10, "workforce_women": 7,
    }
    fields.update(extra)
    return services.producer_create(actor=actor or personas.commune_a, **fields)


def test_producer_create_is_audited_and_searchable(personas):
    producer = new_producer(personas)
    event = AuditEvent.objects.get(action="producer.create", target_id=str(producer.pk))
    assert event.actor == personas.commune_a and event.unit == personas.units.commune_a
    assert event.after["name"] == "Hợp tác xã Ca cao Phú Hòa" and event.after["rep_is_woman"] is True
    assert producer.search_text == "hop tac xa ca cao phu hoa 3600111222 tran thi lan"
    assert list(producer_list(user=personas.commune_a, q="ca cao phu hoa")) == [producer]


def test_producer_update_audits_only_the_changes(personas):
    producer = new_producer(personas)
    services.producer_update(producer=producer, actor=personas.province, data={"phone": "0251 3822 111",
                                                                                "workforce_total": 15})
    event = AuditEvent.objects.get(action="producer.update")
    assert event.before == {"phone": "", "workforce_total": 12}
    assert event.after == {"phone": "0251 3822 111", "workforce_total": 15}
    services.producer_update(producer=producer, actor=personas.province, data={"phone": "0251 3822 111"})
    assert AuditEvent.objects.filter(action="producer.update").count() == 1  # no change, no event


def test_renaming_a_producer_refreshes_its_products_search_text(personas):
    producer = new_producer(personas)
    product = services.product_create(actor=personas.commune_a, producer=producer, name="Bột ca cao", criteria_set="13")
    services.producer_update(producer=producer, actor=personas.commune_a, data={"name": "HTX Trọng Đức"})
    product.refresh_from_db()
    assert "htx trong duc" in product.search_text


@pytest.mark.parametrize(
    ("field", "value", "error_field"),
    [
        ("tax_code", "12345", "tax_code"),
        ("tax_code", "47A8001234", "tax_code"),  # household number for a cooperative
        ("workforce_local", 99, "workforce_local"),
        ("workforce_women", 99, "workforce_women"),
    ],
)
def test_producer_create_validates(personas, field, value, error_field):
    with pytest.raises(ValidationError) as caught:
        new_producer(personas, **{field: value})
    assert error_field in caught.value.message_dict
    assert not Producer.objects.exists() and not AuditEvent.objects.exists()


def test_household_may_use_its_registration_number(personas):
    producer = new_producer(personas, kind=Producer.Kind.HOUSEHOLD, name="Hộ kinh doanh Thu Bình",
                            tax_code="47a 8001234")
    assert producer.tax_code == "47A8001234"


def test_producer_unit_must_be_a_current_commune(personas):
    with pytest.raises(ValidationError) as caught:
        new_producer(personas, actor=personas.superuser, unit=personas.units.old_commune)
    assert "unit" in caught.value.message_dict
    with pytest.raises(ValidationError):
        new_producer(personas, actor=personas.superuser, unit=personas.units.dong_nai)


@pytest.mark.parametrize("persona", ["commune_b", "other_province", "auditor", "producer"])
def test_producer_create_outside_write_scope_is_refused(personas, persona):
    with pytest.raises(PermissionDenied):
        new_producer(personas, actor=getattr(personas, persona))
    assert not Producer.objects.exists()


def test_moving_a_producer_to_a_commune_outside_scope_is_refused(personas):
    producer = new_producer(personas)
    with pytest.raises(PermissionDenied):
        services.producer_update(producer=producer, actor=personas.commune_a, data={"unit": personas.units.commune_b})
    producer.refresh_from_db()
    assert producer.unit == personas.units.commune_a


def test_member_of_a_producer_may_update_it_through_services(personas):
    producer = new_producer(personas)
    services.producer_member_add(producer=producer, user=personas.producer, actor=personas.commune_a)
    assert ProducerMember.objects.filter(user=personas.producer, producer=producer).exists()
    services.producer_update(producer=producer, actor=personas.producer, data={"phone": "0909"})
    other = ProducerFactory(unit=personas.units.commune_a)
    with pytest.raises(PermissionDenied):
        services.producer_update(producer=other, actor=personas.producer, data={"phone": "0909"})
    with pytest.raises(PermissionDenied):  # a member cannot move the producer or file a product elsewhere
        services.producer_update(producer=producer, actor=personas.producer, data={"unit": personas.units.commune_b})
    with pytest.raises(PermissionDenied):
        services.product_create(actor=personas.producer, producer=producer, name="Bánh", criteria_set="06",
                                unit=personas.units.commune_b)
    product = services.product_create(actor=personas.producer, producer=producer, name="Bánh", criteria_set="06")
    assert product.unit == producer.unit


# --- Duplicates -------------------------------------------------------------------------------

def test_same_code_is_flagged_anywhere(personas):
    new_producer(personas)
    dups = services.producer_find_duplicates(name="Tên khác hẳn", unit=personas.units.commune_b, tax_code="3600111222")
    assert len(dups) == 1 and "cùng mã số" in dups[0].reason


def test_similar_name_in_the_same_commune_is_flagged_folded(personas):
    new_producer(personas)
    dups = services.producer_find_duplicates(name="HOP TAC XA CA CAO PHU HOA", unit=personas.units.commune_a)
    assert len(dups) == 1 and "tên gần giống" in dups[0].reason
    assert services.producer_find_duplicates(name="Hợp tác xã Ca cao Phú Hòa", unit=personas.units.commune_b) == []
    assert services.producer_find_duplicates(name="Cơ sở mật ong Tân Phú", unit=personas.units.commune_a) == []


def test_create_with_possible_duplicate_needs_confirmation(personas):
    new_producer(personas)
    with pytest.raises(services.DuplicateProducerError) as caught:
        new_producer(personas, tax_code="3600111333", name="Hợp tác xã Ca cao Phú Hoà")
    assert caught.value.duplicates and Producer.objects.count() == 1
    new_producer(personas, tax_code="3600111333", name="Hợp tác xã Ca cao Phú Hoà", confirm_duplicates=True)
    assert Producer.objects.count() == 2


# --- Products and codes -------------------------------------------------------------------------

def test_product_codes_are_sequential_per_commune_and_year(personas):
    a = new_producer(personas)
    b = ProducerFactory(unit=personas.units.commune_b)
    codes = [services.product_create(actor=personas.province, producer=a, name=f"Sản phẩm {i}", criteria_set="13",
                                     year=2026).ocop_code for i in range(3)]
    assert codes == ["75-26068-001-2026", "75-26068-002-2026", "75-26068-003-2026"]
    other_commune = services.product_create(actor=personas.province, producer=b, name="Sữa tươi", criteria_set="02",
                                            year=2026)
    next_year = services.product_create(actor=personas.province, producer=a, name="Sản phẩm 2027", criteria_set="13",
                                        year=2027)
    assert other_commune.ocop_code == "75-26380-001-2026"
    assert next_year.ocop_code == "75-26068-001-2027"
    assert services.product_code_assign(product=next_year, year=2030) == "75-26068-001-2027"  # kept


def test_product_create_is_audited_and_validates_the_set(personas):
    producer = new_producer(personas)
    product = services.product_create(actor=personas.commune_a, producer=producer, name="Bột ca cao 3 trong 1",
                                      criteria_set="13", year=2026)  # evaluated in 2026: coded now
    event = AuditEvent.objects.get(action="product.create")
    assert event.after["ocop_code"] == product.ocop_code and event.after["criteria_set"] == "13"
    assert product.unit == producer.unit and product.sector == "Thực phẩm"
    assert product.ocop_code in product.search_text.upper() or product.ocop_code.lower() in product.search_text
    for bad in ["00", "27", "7", "ab"]:
        with pytest.raises(ValidationError):
            services.product_create(actor=personas.commune_a, producer=producer, name=f"X {bad}", criteria_set=bad)


def test_product_name_is_unique_per_producer(personas):
    producer = new_producer(personas)
    services.product_create(actor=personas.commune_a, producer=producer, name="Hạt điều", criteria_set="07")
    with pytest.raises(ValidationError):
        services.product_create(actor=personas.commune_a, producer=producer, name="Hạt điều", criteria_set="07")


def test_tourism_bodies_register_only_community_tourism(personas):
    board = new_producer(personas, kind=Producer.Kind.MANAGEMENT_BOARD, name="Ban quản lý khu du lịch", tax_code="")
    with pytest.raises(ValidationError):
        services.product_create(actor=personas.commune_a, producer=board, name="Bánh", criteria_set="06")
    services.product_create(actor=personas.commune_a, producer=board, name="Du lịch sinh thái", criteria_set="26")


def test_product_update_audits_diff_and_scope(personas):
    product = services.product_create(actor=personas.commune_a, producer=new_producer(personas), name="Hạt điều",
                                      criteria_set="07")
    services.product_update(product=product, actor=personas.commune_a, data={"description": "Rang củi"})
    event = AuditEvent.objects.get(action="product.update")
    assert event.before == {"description": ""} and event.after == {"description": "Rang củi"}
    with pytest.raises(PermissionDenied):
        services.product_update(product=product, actor=personas.commune_b, data={"description": "x"})
    with pytest.raises(PermissionDenied):
        services.product_update(product=product, actor=personas.auditor, data={"description": "x"})


def test_product_photo_is_checked_by_content(personas):
    product = ProductFactory(producer__unit=personas.units.commune_a)
    photo = services.product_photo_add(product=product, image=png_upload(), actor=personas.commune_a, caption="Hộp")
    assert photo.image.name.endswith(".png")
    with pytest.raises(ValidationError):
        services.product_photo_add(product=product, image=fake_pdf_upload(), actor=personas.commune_a)


# --- Documents ---------------------------------------------------------------------------------

def test_document_upload_sniffs_content_and_records_metadata(personas):
    producer = new_producer(personas)
    document = services.document_upload(
        actor=personas.commune_a, producer=producer, file=pdf_upload(), kind=Document.Kind.FOOD_SAFETY,
        number="12/2025/ATTP", issuer="Sở Y tế", expires_on=timezone.localdate() + timedelta(days=30),
    )
    assert document.content_type == "application/pdf" and document.size > 0 and len(document.sha256) == 64
    assert document.file.name.endswith(".pdf") and document.uid
    assert document.original_name == "giay-chung-nhan.pdf"
    assert AuditEvent.objects.filter(action="document.upload", target_id=str(document.pk)).exists()
    assert document_list(user=personas.commune_a).get().status == DocumentStatus.EXPIRING


def test_fake_pdf_is_refused_and_nothing_is_stored(personas):
    producer = new_producer(personas)
    with pytest.raises(ValidationError) as caught:
        services.document_upload(actor=personas.commune_a, producer=producer, file=fake_pdf_upload(),
                                 kind=Document.Kind.CONTRACT)
    assert "không đúng định dạng" in caught.value.messages[0]
    assert not Document.objects.exists()


def test_oversized_document_is_refused(personas, settings):
    settings.OCOP_DOCUMENT_MAX_BYTES = 50
    with pytest.raises(ValidationError):
        services.document_upload(actor=personas.commune_a, producer=new_producer(personas), file=pdf_upload(),
                                 kind=Document.Kind.OTHER)


def test_same_file_is_stored_once_per_producer(personas):
    producer = new_producer(personas)
    services.document_upload(actor=personas.commune_a, producer=producer, file=pdf_upload(), kind=Document.Kind.OTHER)
    with pytest.raises(ValidationError) as caught:
        services.document_upload(actor=personas.commune_a, producer=producer, file=pdf_upload("copy.pdf"),
                                 kind=Document.Kind.OTHER)
    assert "đã được lưu" in caught.value.messages[0]


def test_document_of_another_producers_product_is_refused(personas):
    producer = new_producer(personas)
    foreign = ProductFactory(producer__unit=personas.units.commune_a)
    with pytest.raises(ValidationError):
        services.document_upload(actor=personas.commune_a, producer=producer, product=foreign, file=pdf_upload(),
                                 kind=Document.Kind.TEST_REPORT)


def test_document_upload_outside_scope_is_refused(personas):
    producer = ProducerFactory(unit=personas.units.commune_b)
    with pytest.raises(PermissionDenied):
        services.document_upload(actor=personas.commune_a, producer=producer, file=pdf_upload(),
                                 kind=Document.Kind.OTHER)


def test_status_annotation_matches_the_pure_function(personas):
    today = timezone.localdate()
    producer = ProducerFactory(unit=personas.units.commune_a)
    offsets = [None, -400, -1, 0, 1, 59, 60, 61, 365]
    for offset in offsets:
        DocumentFactory(producer=producer, expires_on=None if offset is None else today + timedelta(days=offset))
    for document in document_list(user=personas.province):
        assert document.status == document_status(document.expires_on, today=today, window_days=60)
    assert document_list(user=personas.province, status=DocumentStatus.EXPIRED).count() == 2
    assert document_list(user=personas.province, status=DocumentStatus.EXPIRING).count() == 4


def test_document_update_is_audited(personas):
    document = DocumentFactory(producer=ProducerFactory(unit=personas.units.commune_a))
    services.document_update(document=document, actor=personas.commune_a, data={"issuer": "Chi cục ATVSTP"})
    event = AuditEvent.objects.get(action="document.update")
    assert event.after == {"issuer": "Chi cục ATVSTP"}


def test_delete_refuses_producers_with_products(personas):
    product = ProductFactory(producer__unit=personas.units.commune_a)
    with pytest.raises(ValidationError):
        services.producer_delete(producer=product.producer, actor=personas.commune_a)
    services.product_delete(product=product, actor=personas.commune_a)
    services.producer_delete(producer=product.producer, actor=personas.commune_a)
    assert not Product.objects.exists() and not Producer.objects.exists()
    assert AuditEvent.objects.filter(action__in=["product.delete", "producer.delete"]).count() == 2
