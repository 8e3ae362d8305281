"""L-4 (photos), L-5 (admin 500s on garbage parameters) and the verification page's caching,
replayed through HTTP."""

import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from ocop.registry.models import ProductPhoto
from ocop.registry.tests.factories import ProductFactory

pytestmark = pytest.mark.django_db


def png_bytes(size=(8, 6)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


def jpeg_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (10, 10), (0, 120, 0)).save(buffer, format="JPEG")
    return buffer.getvalue()


@pytest.fixture
def product(personas, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    unit = personas.units.commune_a
    return ProductFactory(producer__unit=unit, unit=unit)


def upload_photo(client, product, upload):
    form = {"producer": product.producer_id, "name": product.name, "criteria_set": product.criteria_set,
            "unit": product.unit_id, "description": "", "story": "",
            "photos-TOTAL_FORMS": "1", "photos-INITIAL_FORMS": "0", "photos-MIN_NUM_FORMS": "0",
            "photos-MAX_NUM_FORMS": "1000", "photos-0-image": upload, "photos-0-caption": "", "photos-0-position": "0"}
    return client.post(reverse("admin:registry_product_change", args=[product.pk]), form)


@pytest.mark.parametrize(("name", "data", "stored_as", "pillow_format"), [
    ("trang.pdf", png_bytes(), ".png", "PNG"),
    ("anh.xbm", jpeg_bytes(), ".jpg", "JPEG"),
    ("anh.ps", jpeg_bytes() + b"%!PS-Adobe-3.0\nshowpage\n", ".jpg", "JPEG"),  # trailing payload dropped
])
def test_a_photo_is_re_encoded_and_stored_under_its_real_format(client, personas, product, name, data, stored_as, pillow_format):
    client.force_login(personas.commune_a)
    assert upload_photo(client, product, SimpleUploadedFile(name, data)).status_code == 302
    photo = ProductPhoto.objects.get(product=product)
    assert photo.image.name.endswith(stored_as)
    stored = photo.image.read()
    assert b"%!PS" not in stored
    assert Image.open(io.BytesIO(stored)).format == pillow_format
    served = client.get(photo.image.url)
    assert served.status_code == 200 and served["Content-Type"] == f"image/{'jpeg' if stored_as == '.jpg' else 'png'}"


def test_a_huge_image_is_refused_before_it_is_decoded(client, personas, product):
    client.force_login(personas.commune_a)
    buffer = io.BytesIO()
    Image.new("1", (10_000, 5_000)).save(buffer, format="PNG")  # 50 megapixels in a few KB
    response = upload_photo(client, product, SimpleUploadedFile("to.png", buffer.getvalue()))
    assert response.status_code == 200 and "triệu điểm ảnh" in response.text
    assert not ProductPhoto.objects.filter(product=product).exists()


def test_an_old_photo_stored_under_a_foreign_extension_is_a_download_not_inline(client, product):
    photo = ProductPhoto.objects.create(product=product, image=ContentFile(b"%PDF-1.4 not an image", name="cu.pdf"))
    response = client.get(photo.image.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment")
    old_jpeg = ProductPhoto.objects.create(product=product, image=ContentFile(jpeg_bytes(), name="cu.jpeg"))
    assert client.get(old_jpeg.image.url)["Content-Type"] == "image/jpeg"  # existing photos keep working


@pytest.mark.parametrize("path", [
    "/admin/registry/producer/?unit__id__exact=99999999999999999999",
    "/admin/registry/product/?producer__id__exact=99999999999999999999",
    "/admin/accounts/roleassignment/?unit__id__exact=99999999999999999999",
    "/admin/registry/producer/?id__exact=-99999999999999999999",
])
def test_integer_overflow_in_a_list_filter_is_400_or_an_empty_list(client, personas, path):
    client.raise_request_exception = False
    client.force_login(personas.province)
    response = client.get(path)
    assert response.status_code in (200, 400), response.status_code
    if response.status_code == 400:
        assert "Tham số trong địa chỉ trang không hợp lệ" in response.text
    else:
        assert response.context["cl"].result_count == 0


@pytest.mark.parametrize("path", [
    "/admin/registry/producer/export/?format=0",
    "/admin/registry/product/export/?khong_co_truong=1",
    "/admin/registry/producer/?khong_co_truong__exact=1",
])
def test_unknown_parameters_in_exports_and_lists_are_never_a_500(client, personas, path):
    client.raise_request_exception = False
    client.force_login(personas.province)
    response = client.get(path)
    assert response.status_code in (302, 400), response.status_code  # 302: the list's own "?e=1"
    if response.status_code == 400:
        assert "Tham số trong địa chỉ trang không hợp lệ" in response.text


def test_a_post_that_fails_is_not_hidden_as_a_400(client, personas):
    from ocop.core.middleware import AdminBadParametersMiddleware

    class Request:
        method, GET, path = "POST", {"a": "1"}, reverse("admin:index")

    assert AdminBadParametersMiddleware(lambda r: None).process_exception(Request(), OverflowError()) is None


def test_the_verification_page_is_not_stored_by_shared_caches(client, personas):
    from ocop.certificates.tests.factories import issue, make_result
    from ocop.registry.tests.factories import ProductFactory

    _, [certificate] = issue([make_result(ProductFactory(producer__unit=personas.units.commune_a,
                                                         criteria_set="13"), stars=4)])
    response = client.get(reverse("certificates:verify", args=[certificate.uid]))
    assert response.status_code == 200
    directives = {d.strip() for d in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= directives and "public" not in directives
    assert not any(d.startswith("s-maxage") for d in directives)
