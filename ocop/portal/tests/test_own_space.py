"""The producer's own space: «Sản phẩm của tôi», «Giấy chứng nhận của tôi», the notifications
count and the address correction. Every form posted with valid and bad data; another producer's
records are 404."""

from datetime import date, timedelta
from io import BytesIO

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from ocop.certificates.models import Notification
from ocop.certificates.tests.factories import issue, make_result
from ocop.core.models import AuditEvent
from ocop.core.testing import PASSWORD
from ocop.promotion.models import EcommerceLink, SalesPoint
from ocop.rating.models import Dossier
from ocop.registry.models import AddressChangeRequest, Product, ProductPhoto
from ocop.registry.tests.files import fake_pdf_upload

pytestmark = pytest.mark.django_db

ISSUED = date(2026, 2, 1)
UNTIL = date(2029, 2, 1)


def login(client, user):
    client.force_login(user)
    return client


def make_product(unit, name, producer, criteria_set="13") -> Product:
    """Through the registry service, so the product is searchable as in real use."""
    from ocop.registry.services import product_create

    return product_create(actor=None, producer=producer, name=name, criteria_set=criteria_set)


def jpeg_upload(name="anh.jpg", size=(40, 30)) -> SimpleUploadedFile:
    buffer = BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, "JPEG")
    return SimpleUploadedFile(name, buffer.getvalue() + b"TRAILING-BYTES", content_type="image/jpeg")


@pytest.fixture
def own_product(world):
    return make_product(world.a.unit, name="Bưởi Tân Triều", producer=world.a)


@pytest.fixture
def other_product(world):
    return make_product(world.a2.unit, name="Khô cá của hàng xóm", producer=world.a2)


# --- «Sản phẩm của tôi» ---------------------------------------------------------------------

def test_list_shows_only_own_products_with_search_and_status(client, personas, own_product, other_product):
    Dossier.objects.create(product=own_product, unit=own_product.unit, year=2026, criteria_set="07",
                           status="returned")
    make_product(own_product.unit, name="Mứt dừa", producer=own_product.producer)
    page = login(client, personas.producer).get(reverse("portal:product_list")).content.decode()
    assert "Bưởi Tân Triều" in page and "Mứt dừa" in page
    assert "Khô cá của hàng xóm" not in page
    assert "Bị trả lại" in page or "trả lại" in page.lower()
    found = client.get(reverse("portal:product_list"), {"q": "buoi tan"}).content.decode()
    assert "Bưởi Tân Triều" in found and "Mứt dừa" not in found


def test_list_is_paginated(client, personas, world):
    for n in range(23):
        make_product(world.a.unit, name=f"Sản phẩm {n:02d}", producer=world.a)
    login(client, personas.producer)
    first = client.get(reverse("portal:product_list")).content.decode()
    second = client.get(reverse("portal:product_list"), {"page": 2}).content.decode()
    assert "Sản phẩm 00" in first and "Sản phẩm 22" not in first
    assert "Sản phẩm 22" in second and "Trang 2/2" in second


def test_register_a_product_valid_and_bad(client, personas, world):
    login(client, personas.producer)
    url = reverse("portal:product_create")
    bad = client.post(url, {"name": "", "criteria_set": "99", "price": "-5"})
    assert bad.status_code == 200
    assert not Product.objects.filter(producer=world.a).exists()
    body = bad.content.decode()
    assert "has-error" in body and "Constraint" not in body
    ok = client.post(url, {"name": "Trà mãng cầu", "criteria_set": "12", "description": "Trà túi lọc",
                           "packaging": "Hộp 20 túi", "price": "85000"})
    product = Product.objects.get(producer=world.a, name="Trà mãng cầu")
    assert ok.status_code == 302 and ok["Location"] == reverse("portal:product_edit", args=[product.pk])
    assert (product.packaging, product.price, product.criteria_set, product.unit) == ("Hộp 20 túi", 85000, "12", world.a.unit)
    assert product.ocop_code is None  # given when its first dossier is submitted
    assert AuditEvent.objects.filter(action="product.create", target_id=str(product.pk), actor=personas.producer).exists()
    duplicate = client.post(url, {"name": "Trà mãng cầu", "criteria_set": "12"})
    assert duplicate.status_code == 200 and Product.objects.filter(producer=world.a, name="Trà mãng cầu").count() == 1


def test_officer_without_own_producer_cannot_register(client, personas, world):
    assert login(client, personas.commune_a).get(reverse("portal:product_create")).status_code == 403


def test_edit_a_product_valid_bad_and_sales_points(client, personas, own_product, world):
    point = SalesPoint.objects.create(name="Điểm OCOP Biên Hòa", address="1 Đường A", unit=world.a.unit)
    far = SalesPoint.objects.create(name="Điểm ở tỉnh khác", address="2 Đường B", unit=world.hcm.unit)
    login(client, personas.producer)
    url = reverse("portal:product_edit", args=[own_product.pk])
    assert "Điểm ở tỉnh khác" not in client.get(url).content.decode()
    bad = client.post(url, {"name": "", "criteria_set": "13", "price": "abc", "sales_points": [far.pk]})
    assert bad.status_code == 200 and "<h1>Bưởi Tân Triều</h1>" in bad.content.decode()
    own_product.refresh_from_db()
    assert own_product.name == "Bưởi Tân Triều" and not own_product.sales_points.exists()
    ok = client.post(url, {"name": "Bưởi Tân Triều loại 1", "criteria_set": "01", "description": "Bưởi ngọt",
                           "packaging": "Thùng 10 kg", "price": "350000", "sales_points": [point.pk]})
    assert ok.status_code == 302
    own_product.refresh_from_db()
    assert (own_product.name, own_product.criteria_set, own_product.price) == ("Bưởi Tân Triều loại 1", "01", 350000)
    assert list(own_product.sales_points.all()) == [point]
    assert AuditEvent.objects.filter(action="promotion.sales_points_set", target_id=str(own_product.pk)).exists()


def test_photo_is_checked_by_content_and_reencoded(client, personas, own_product):
    login(client, personas.producer)
    url = reverse("portal:product_photo_add", args=[own_product.pk])
    bad = client.post(url, {"image": fake_pdf_upload(), "caption": "giả"})
    assert bad.status_code == 200 and not ProductPhoto.objects.exists()
    assert "ảnh" in bad.content.decode().lower()
    ok = client.post(url, {"image": jpeg_upload(), "caption": "Bưởi chín"})
    assert ok.status_code == 302
    photo = ProductPhoto.objects.get(product=own_product)
    stored = photo.image.read()
    assert stored.startswith(b"\xff\xd8") and b"TRAILING-BYTES" not in stored
    with Image.open(photo.image) as image:
        assert image.size == (40, 30)
    page = client.get(reverse("portal:product_edit", args=[own_product.pk])).content.decode()
    assert photo.image.url in page
    client.post(reverse("portal:product_photo_delete", args=[own_product.pk, photo.pk]))
    assert not ProductPhoto.objects.exists()


def test_ecommerce_links_valid_and_bad(client, personas, own_product):
    login(client, personas.producer)
    url = reverse("portal:product_link_add", args=[own_product.pk])
    bad = client.post(url, {"platform": "shopee", "url": "javascript:alert(1)"})
    assert bad.status_code == 200 and not EcommerceLink.objects.exists()
    ok = client.post(url, {"platform": "shopee", "url": "HTTPS://shopee.vn/buoi", "shop_name": "Bưởi Tân Triều"})
    assert ok.status_code == 302
    link = EcommerceLink.objects.get(product=own_product)
    assert link.url == "https://shopee.vn/buoi" and link.created_by == personas.producer
    again = client.post(url, {"platform": "shopee", "url": "https://shopee.vn/buoi"})
    assert again.status_code == 200 and "đã có liên kết" in again.content.decode()
    client.post(reverse("portal:product_link_delete", args=[own_product.pk, link.pk]))
    assert not EcommerceLink.objects.exists()


def test_other_producers_products_are_404(client, personas, other_product):
    login(client, personas.producer)
    for name in ["portal:product_edit", "portal:product_photo_add", "portal:product_link_add"]:
        url = reverse(name, args=[other_product.pk])
        assert client.get(url).status_code in (404, 405)
        assert client.post(url, {"name": "x"}).status_code == 404, name


# --- «Giấy chứng nhận của tôi» ---------------------------------------------------------------

@pytest.fixture
def certificate(own_product):
    with time_machine.travel(ISSUED, tick=False):
        result = make_result(own_product, stars=4)
        _, [made] = issue([result], signed_on=ISSUED)
    return made


def test_certificates_list_and_rerating_window(client, personas, certificate):
    before = UNTIL - timedelta(days=300)
    with time_machine.travel(before, tick=False):
        login(client, personas.producer)
        page = client.get(reverse("portal:certificate_list")).content.decode()
        assert certificate.decision.number in page and "4★" in page and "300 ngày" in page
        assert "disabled" in page  # the action is shown but not offered before the window
        refused = client.post(reverse("portal:certificate_rerate", args=[certificate.pk]))
        assert refused.status_code == 302 and not Dossier.objects.filter(kind=Dossier.Kind.RERATING).exists()
    in_window = UNTIL - timedelta(days=150)
    with time_machine.travel(in_window, tick=False):
        login(client, personas.producer)
        page = client.get(reverse("portal:certificate_list")).content.decode()
        assert reverse("portal:certificate_rerate", args=[certificate.pk]) in page
        started = client.post(reverse("portal:certificate_rerate", args=[certificate.pk]))
    dossier = Dossier.objects.get(kind=Dossier.Kind.RERATING)
    assert started["Location"] == reverse("portal:dossier_detail", args=[dossier.pk])
    assert dossier.product == certificate.product


def test_a_late_rerating_is_refused_with_its_dates(client, personas, certificate):
    """Once the window has closed (fewer than 120 days left) the list says why there is no action,
    with the window's dates, instead of leaving the producer without a word."""
    with time_machine.travel(UNTIL - timedelta(days=100), tick=False):
        login(client, personas.producer)
        page = client.get(reverse("portal:certificate_list")).content.decode()
        refused = client.post(reverse("portal:certificate_rerate", args=[certificate.pk]), follow=True)
    opens_on, closes_on = UNTIL - timedelta(days=180), UNTIL - timedelta(days=120)
    assert "data-rerating-refusal" in page and "Đã qua thời hạn này" in page
    assert f"từ {opens_on:%d/%m/%Y} đến {closes_on:%d/%m/%Y}" in page
    assert reverse("portal:certificate_rerate", args=[certificate.pk]) not in page
    assert "Đã qua thời hạn này" in refused.content.decode()
    assert not Dossier.objects.filter(kind=Dossier.Kind.RERATING).exists()


def test_certificate_pdf_is_downloadable_by_its_producer_only(client, personas, certificate):
    from ocop.certificates.services import certificate_store_pdf

    certificate = certificate_store_pdf(certificate=certificate)
    login(client, personas.producer)
    page = client.get(reverse("portal:certificate_list")).content.decode()
    assert certificate.pdf.url in page
    response = client.get(certificate.pdf.url)
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
    login(client, personas.commune_b)
    assert client.get(certificate.pdf.url).status_code == 404
    assert client.post(reverse("portal:certificate_rerate", args=[certificate.pk])).status_code == 404


def test_notifications_count_in_menu(client, personas, certificate, django_assert_max_num_queries):
    Notification.objects.create(user=personas.producer, kind="reminder", text="Sắp hết hạn", certificate=certificate)
    Notification.objects.create(user=personas.producer, kind="reminder", text="Nhắc lần 2", certificate=certificate)
    login(client, personas.producer)
    page = client.get(reverse("portal:product_list")).content.decode()
    assert 'id="nav-notifications"' in page
    unread = Notification.objects.filter(user=personas.producer, read_at__isnull=True).count()
    assert unread >= 2
    assert f'<span class="badge badge-warn" title="Chưa đọc">{unread}</span>' in page
    client.post(reverse("portal:notifications_read"))
    assert '<span class="badge badge-warn"' not in client.get(reverse("portal:product_list")).content.decode()


# --- Address correction --------------------------------------------------------------------

def test_address_request_then_commune_confirms(client, personas, world):
    login(client, personas.producer)
    url = reverse("portal:address_request", args=[world.a.pk])
    form_page = client.get(url).content.decode()
    assert f'name="unit" value="{world.a.unit.pk}" checked' in form_page  # the current commune, chosen
    found = client.get(reverse("portal:commune_options"), {"commune_search": world.b.unit.name}).content.decode()
    assert f'value="{world.b.unit.pk}"' in found
    bad = client.post(url, {"unit": world.a.unit.pk, "address": world.a.address, "reason": ""})
    assert bad.status_code == 200 and not AddressChangeRequest.objects.exists()
    same = client.post(url, {"unit": world.a.unit.pk, "address": world.a.address, "reason": "Sai"})
    assert "trùng với thông tin hiện tại" in same.content.decode()
    ok = client.post(url, {"unit": world.b.unit.pk, "address": "Ấp 3", "reason": "Đăng ký nhầm xã"})
    assert ok.status_code == 302
    request = AddressChangeRequest.objects.get()
    assert (request.old_unit, request.unit, request.status) == (world.a.unit, world.b.unit, "pending")
    assert "Đăng ký nhầm xã" in client.get(url).content.decode()
    twice = client.post(url, {"unit": world.b.unit.pk, "address": "Ấp 4", "reason": "Lần nữa"})
    assert "đang chờ xã xác nhận" in twice.content.decode()

    decide = reverse("admin:registry_addresschangerequest_decide", args=[request.pk])
    login(client, personas.commune_a)  # not the requested commune
    assert client.get(decide).status_code in (403, 404)
    login(client, personas.commune_b)
    no_reason = client.post(decide, {"decision": "reject", "decision_note": ""})
    assert no_reason.status_code == 200 and "lý do từ chối" in no_reason.content.decode()
    done = client.post(decide, {"decision": "confirm", "decision_note": "Đúng"})
    assert done.status_code == 302
    world.a.refresh_from_db()
    request.refresh_from_db()
    assert (world.a.unit, world.a.address, request.status, request.decided_by) == (
        world.b.unit, "Ấp 3", "confirmed", personas.commune_b)
    assert AuditEvent.objects.filter(action="producer.address_request_decide", actor=personas.commune_b).exists()


def test_address_request_rejected_keeps_producer(client, personas, world):
    from ocop.registry.services import address_change_decide, address_change_request

    request = address_change_request(producer=world.a, actor=personas.producer, unit=world.b.unit, reason="Nhầm")
    address_change_decide(request=request, actor=personas.commune_b, confirm=False, note="Không có ở xã")
    world.a.refresh_from_db()
    request.refresh_from_db()
    assert world.a.unit != world.b.unit and request.status == "rejected" and request.decision_note == "Không có ở xã"


def test_address_request_of_another_producer_is_404(client, personas, world):
    login(client, personas.producer)
    assert client.get(reverse("portal:address_request", args=[world.a2.pk])).status_code == 404


def test_login_with_password_then_own_pages(client, personas):
    assert client.login(username=personas.producer.username, password=PASSWORD)
    assert client.get(reverse("portal:certificate_list")).status_code == 200


def test_the_menu_count_costs_one_query_whatever_the_number(client, personas, world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    login(client, personas.producer)
    url = reverse("portal:certificate_list")
    client.get(url)  # the session's first request also works out its second-step state (one query)
    with CaptureQueriesContext(connection) as none:
        client.get(url)
    for n in range(5):
        Notification.objects.create(user=personas.producer, kind="reminder", text=f"Nhắc {n}")
    with CaptureQueriesContext(connection) as five:
        page = client.get(url).content.decode()
    assert '<span class="badge badge-warn" title="Chưa đọc">5</span>' in page
    assert len(five.captured_queries) == len(none.captured_queries)
    assert sum("certificates_notification" in q["sql"] for q in five.captured_queries) == 1
