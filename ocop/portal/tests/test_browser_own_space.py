"""Browser: a producer adds a product with a photo, finds it in «Sản phẩm của tôi», opens
«Giấy chứng nhận của tôi» and downloads the certificate's PDF. Demo-like data: the producer
persona's cooperative with a 4★ certificate (its PDF stored as the issuing task leaves it)."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from ocop.certificates.services import certificate_store_pdf
from ocop.certificates.tests.factories import issue, make_member, make_result
from ocop.core.testing import PASSWORD
from ocop.registry.models import ProductPhoto
from ocop.registry.services import product_create
from ocop.registry.tests.factories import ProducerFactory
from ocop.registry.tests.files import png_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def certified(personas):
    producer = ProducerFactory(unit=personas.units.commune_a, name="Hợp tác xã Bưởi Tân Triều")
    make_member(personas.producer, producer)
    product = product_create(actor=None, producer=producer, name="Bưởi đường lá cam", criteria_set="01")
    _, [certificate] = issue([make_result(product, stars=4)],
                             signed_on=timezone.localdate() - timedelta(days=30))
    return certificate_store_pdf(certificate=certificate)


def test_add_a_product_with_a_photo_then_download_a_certificate(live_server, page, personas, certified, tmp_path):
    base = live_server.url
    page.goto(f"{base}/portal/dang-nhap/")
    page.fill("input[name=username]", personas.producer.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("form:has(input[name=password]) button[type=submit]")

    page.click("nav >> text=Sản phẩm của tôi")
    expect(page.locator("#product-list")).to_contain_text("Bưởi đường lá cam")
    page.click("#product-create")
    page.fill("input[name=name]", "Mứt bưởi sấy dẻo")
    page.select_option("select[name=criteria_set]", "07")
    page.fill("textarea[name=description]", "Vỏ bưởi sấy dẻo, ít đường.")
    page.fill("input[name=packaging]", "Hộp giấy 200 g")
    page.fill("input[name=price]", "65000")
    page.click("#product-form button[type=submit]")
    expect(page.locator("h1")).to_have_text("Mứt bưởi sấy dẻo")

    photo = tmp_path / "mut-buoi.png"
    photo.write_bytes(png_bytes(size=(32, 24)))
    page.set_input_files("#photo-form input[name=image]", str(photo))
    page.fill("#photo-form input[name=caption]", "Mứt bưởi trong hộp")
    page.click("#photo-form button[type=submit]")
    expect(page.locator("#photos img")).to_have_count(1)
    assert ProductPhoto.objects.filter(product__name="Mứt bưởi sấy dẻo").count() == 1

    page.click("nav >> text=Sản phẩm của tôi")
    expect(page.locator("#product-list")).to_contain_text("Mứt bưởi sấy dẻo")
    expect(page.locator("#product-list")).to_contain_text("4★")

    page.click("nav >> text=Giấy chứng nhận của tôi")
    row = page.locator("#certificate-list tbody tr", has_text="Bưởi đường lá cam")
    expect(row).to_contain_text("4★")
    expect(row).to_contain_text(certified.decision.number)
    with page.expect_download() as info:
        row.locator("a.pdf-link").click()
    saved = tmp_path / "giay-chung-nhan.pdf"
    info.value.save_as(saved)
    assert saved.read_bytes().startswith(b"%PDF")
