"""The cached public pages change when public data changes — through each service that changes it —
and only then: a login does not make them stale. Cached pages hold the response's own CSP nonce."""

import re
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ocop.core.public_version import public_version
from ocop.registry.tests.files import png_bytes

pytestmark = pytest.mark.django_db

LIST = reverse("catalog:product_list")


def product_url(product):
    return reverse("catalog:product_detail", args=[product.pk])


def producer_url(producer):
    return reverse("catalog:producer_detail", args=[producer.pk])


def test_the_list_is_served_from_the_cache_without_a_query(client, catalog, django_assert_num_queries):
    first = client.get(LIST)
    with django_assert_num_queries(0):
        again = client.get(LIST)
    assert again.text == first.text.replace(_token(first), _token(again))


def test_a_login_elsewhere_leaves_the_cached_pages_alone(client, personas, catalog, django_assert_num_queries):
    client.get(LIST)
    client.get(product_url(catalog.banh_pia))
    version = public_version()
    officer = Client()
    assert officer.post(reverse("admin:login"), {"username": "province", "password": "ocop-test-2026"}).status_code in (200, 302)
    officer.get(reverse("admin:logout"))
    assert public_version() == version
    with django_assert_num_queries(0):
        client.get(LIST)
        client.get(product_url(catalog.banh_pia))


def test_a_signed_in_user_gets_the_page_rendered_for_them(client, personas, catalog):
    client.get(LIST)
    client.force_login(personas.province)
    page = client.get(LIST)
    assert page.status_code == 200 and "Bánh pía sầu riêng" in page.text


def _token(response) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.text).group(1)


def test_each_visitor_gets_a_csrf_token_of_their_own(catalog):
    first, second = Client(), Client()
    one, two = first.get(LIST), second.get(LIST)
    assert _token(one) != _token(two)
    assert "OcopCsrfToken" not in two.text
    # The token in the cached page is valid for this visitor: the language switch posts.
    switched = second.post(reverse("set_language"), {"language": "en", "next": LIST,
                                                      "csrfmiddlewaretoken": _token(two)})
    assert switched.status_code == 302


# --- Each service that changes public data ----------------------------------------------------------

def _certify_the_unrecognised_product(catalog, personas) -> None:
    """A 4★ certificate for catalog.unrecognised, through the certificate service."""
    from ocop.certificates.models import DecisionItem
    from ocop.certificates.services import certificates_issue
    from ocop.certificates.tests.factories import DecisionFactory
    from ocop.rating.tests.factories import RatingResultFactory

    today = timezone.localdate()
    result = RatingResultFactory(product=catalog.unrecognised, year=today.year, average=80, stars=4)
    decision = DecisionFactory(issuer_unit=catalog.units.dong_nai, signed_on=today - timedelta(days=1))
    DecisionItem.objects.create(decision=decision, result=result, stars=4, position=1)
    certificates_issue(decision=decision, actor=personas.province)


def test_a_certificate_issued_shows(client, personas, catalog):
    assert "Bánh tráng chưa công nhận" not in client.get(LIST).text
    _certify_the_unrecognised_product(catalog, personas)
    assert "Bánh tráng chưa công nhận" in client.get(LIST).text


def test_a_revocation_shows(client, personas, catalog):
    from ocop.certificates.services import certificate_revoke

    assert "Bánh pía sầu riêng" in client.get(LIST).text
    certificate_revoke(certificate=catalog.cert_banh_pia, ground="stopped", actor=personas.province,
                       finding_on=timezone.localdate() - timedelta(days=2))
    assert "Bánh pía sầu riêng" not in client.get(LIST).text


def test_an_extension_shows(client, personas, catalog):
    from ocop.certificates.rerating import extension_end

    catalog.cert_dieu.extended_until = timezone.localdate() + timedelta(days=400)
    catalog.cert_dieu.save(update_fields=["extended_until"])
    before = client.get(product_url(catalog.dieu)).text
    extension_end(product=catalog.dieu, actor=personas.province)
    assert client.get(product_url(catalog.dieu)).text != before


def test_a_withdrawal_and_a_restore_show(client, personas, catalog):
    from ocop.catalog.models import CatalogWithdrawal
    from ocop.catalog.services import catalog_restore, catalog_withdraw

    assert "Bánh pía sầu riêng" in client.get(LIST).text
    catalog_withdraw(product=catalog.banh_pia, actor=personas.province, reason="Đang xác minh")
    assert "Bánh pía sầu riêng" not in client.get(LIST).text
    assert "Bánh pía tạm ẩn" not in client.get(LIST).text
    catalog_restore(withdrawal=CatalogWithdrawal.objects.get(product=catalog.withdrawn), actor=personas.province)
    assert "Bánh pía tạm ẩn" in client.get(LIST).text


def test_a_product_change_shows(client, personas, catalog):
    from ocop.registry.models import Product
    from ocop.registry.services import product_update

    assert "Bánh pía sầu riêng" in client.get(LIST).text
    product = Product.objects.get(pk=catalog.banh_pia.pk)  # as stored (with its standing), as a form loads it
    product_update(product=product, actor=personas.province, data={"name": "Bánh pía lá dứa"})
    text = client.get(LIST).text
    assert "Bánh pía lá dứa" in text and "Bánh pía sầu riêng" not in text


def test_a_product_edited_from_a_copy_older_than_its_certificate_keeps_its_standing(client, personas, catalog):
    """The service saves only the fields it changes: a form's copy loaded before a certificate was
    issued must not write back the empty standing (the product would leave the catalog)."""
    from ocop.registry.models import Product
    from ocop.registry.services import product_update

    stale = Product.objects.get(pk=catalog.unrecognised.pk)  # loaded before the certificate
    _certify_the_unrecognised_product(catalog, personas)
    product_update(product=stale, actor=personas.province, data={"name": "Bánh tráng phơi sương"})
    stored = Product.objects.get(pk=stale.pk)
    assert (stored.name, stored.standing_stars) == ("Bánh tráng phơi sương", 4)
    assert "Bánh tráng phơi sương" in client.get(LIST).text


def test_a_producer_change_shows(client, personas, catalog):
    from ocop.registry.services import producer_update

    assert "Hợp tác xã Bánh Pía Tân Lộc" in client.get(product_url(catalog.banh_pia)).text
    producer_update(producer=catalog.producer_a, actor=personas.province, data={"name": "HTX Bánh Pía Sóc Trăng"},
                    confirm_duplicates=True)
    assert "HTX Bánh Pía Sóc Trăng" in client.get(product_url(catalog.banh_pia)).text
    assert "HTX Bánh Pía Sóc Trăng" in client.get(LIST).text


def test_an_address_correction_shows(client, personas, catalog):
    from ocop.registry.models import AddressChangeRequest
    from ocop.registry.services import address_change_decide

    new_unit = catalog.units.commune_b
    assert new_unit.full_name not in client.get(producer_url(catalog.producer_a)).text
    request = AddressChangeRequest.objects.create(
        producer=catalog.producer_a, old_unit=catalog.producer_a.unit, unit=new_unit, address="2 Đường B",
        reason="Chuyển xưởng")
    address_change_decide(request=request, actor=personas.province, confirm=True)
    assert new_unit.full_name in client.get(producer_url(catalog.producer_a)).text


def test_photos_added_changed_and_deleted_show(client, personas, catalog):
    from ocop.registry.services import product_photo_add, product_photo_delete, product_photo_update

    url = product_url(catalog.banh_pia)
    assert "Bánh pía mới ra lò" not in client.get(url).text
    photo = product_photo_add(product=catalog.banh_pia, actor=personas.province, caption="Bánh pía mới ra lò",
                              image=SimpleUploadedFile("banh.png", png_bytes()))
    assert "Bánh pía mới ra lò" in client.get(url).text
    assert photo.image.url in client.get(LIST).text  # the card's cover
    product_photo_update(photo=photo, actor=personas.province, data={"caption": "Bánh pía nhân đậu"})
    assert "Bánh pía nhân đậu" in client.get(url).text
    product_photo_delete(photo=photo, actor=personas.province)
    assert "Bánh pía nhân đậu" not in client.get(url).text


def test_sales_points_show(client, personas, catalog):
    from ocop.promotion.models import SalesPoint
    from ocop.promotion.services import product_sales_points_set, sales_point_delete, sales_point_save

    url = product_url(catalog.banh_pia)
    assert "Điểm bán OCOP Biên Hòa" not in client.get(url).text
    point = sales_point_save(sales_point=SalesPoint(name="Điểm bán OCOP Biên Hòa", address="1 Đường A",
                                                    unit=catalog.units.commune_a),
                             actor=personas.province, products=[catalog.banh_pia])
    assert "Điểm bán OCOP Biên Hòa" in client.get(url).text
    product_sales_points_set(product=catalog.banh_pia, sales_points=[], actor=personas.province)
    assert "Điểm bán OCOP Biên Hòa" not in client.get(url).text
    product_sales_points_set(product=catalog.banh_pia, sales_points=[point], actor=personas.province)
    assert "Điểm bán OCOP Biên Hòa" in client.get(url).text
    sales_point_delete(sales_point=point, actor=personas.province)
    assert "Điểm bán OCOP Biên Hòa" not in client.get(url).text


def test_e_commerce_links_show(client, personas, catalog):
    from ocop.promotion.models import EcommerceLink
    from ocop.promotion.services import (
        ecommerce_link_delete,
        ecommerce_link_save,
        product_link_add,
        product_link_remove,
    )

    url = product_url(catalog.banh_pia)
    assert "shopee.vn/banh-pia" not in client.get(url).text
    link = product_link_add(product=catalog.banh_pia, actor=personas.province, platform="shopee",
                            url="https://shopee.vn/banh-pia")
    assert "shopee.vn/banh-pia" in client.get(url).text
    product_link_remove(link=link, actor=personas.province)
    assert "shopee.vn/banh-pia" not in client.get(url).text
    link = ecommerce_link_save(link=EcommerceLink(product=catalog.banh_pia, platform="lazada",
                                                  url="https://lazada.vn/banh-pia"), actor=personas.province)
    assert "lazada.vn/banh-pia" in client.get(url).text
    ecommerce_link_delete(link=link, actor=personas.province)
    assert "lazada.vn/banh-pia" not in client.get(url).text


def test_an_event_shows_on_the_home_page(client, personas, catalog):
    from ocop.promotion.models import Event
    from ocop.promotion.services import event_delete, event_save

    home = reverse("home")
    assert "Hội chợ OCOP Đồng Nai" not in client.get(home).text
    today = timezone.localdate()
    event = event_save(event=Event(name="Hội chợ OCOP Đồng Nai", organiser="Sở Công Thương", place="Biên Hòa",
                                   starts_on=today + timedelta(days=3), ends_on=today + timedelta(days=5),
                                   unit=catalog.units.dong_nai, is_public=True), actor=personas.province)
    assert "Hội chợ OCOP Đồng Nai" in client.get(home).text
    event_delete(event=event, actor=personas.province)
    assert "Hội chợ OCOP Đồng Nai" not in client.get(home).text


def test_a_change_rolled_back_leaves_a_version_never_used_again(catalog):
    from django.db import transaction

    from ocop.core.public_version import public_data_changed

    before = public_version()
    with pytest.raises(RuntimeError), transaction.atomic():
        public_data_changed()
        raise RuntimeError
    assert public_version() == before
    public_data_changed()
    assert public_version() > before


# --- The CSP nonce ------------------------------------------------------------------------------------

SCRIPTED = ('{% extends "base.html" %}{% block content %}<p>{{ word }}</p>{% endblock %}'
            '{% block scripts %}<script nonce="{{ csp_nonce }}">document.title = "OCOP";</script>{% endblock %}')


@pytest.fixture
def scripted_template(settings):
    from copy import deepcopy

    templates = deepcopy(settings.TEMPLATES)
    templates[0]["APP_DIRS"] = False
    templates[0]["OPTIONS"]["loaders"] = [
        ("django.template.loaders.locmem.Loader", {"scripted.html": SCRIPTED}),
        "django.template.loaders.filesystem.Loader",
        "django.template.loaders.app_directories.Loader",
    ]
    settings.TEMPLATES = templates


@pytest.mark.urls("ocop.catalog.tests.urls_nonce")
def test_the_cached_page_carries_the_nonce_of_its_own_csp_header(scripted_template, django_assert_num_queries):
    pages = [Client().get("/scripted/") for _ in range(2)]
    with django_assert_num_queries(0):
        pages.append(Client().get("/scripted/"))
    nonces = []
    for page in pages:
        assert "xin chào" in page.text
        nonce = re.search(r'<script nonce="([^"]+)">', page.text).group(1)
        assert f"'nonce-{nonce}'" in page.headers["Content-Security-Policy"]
        nonces.append(nonce)
    assert len(set(nonces)) == 3  # one per response, never the cached one
    assert "OcopCspNonce" not in pages[-1].text


# --- The filters' quick selects -------------------------------------------------------------------

@pytest.mark.parametrize("data", [{}, {"tinh": "75", "sao": "4", "bo": "07", "sap_xep": "name", "loai": "htx"},
                                  {"tinh": '"><script>alert(1)</script>', "sao": "9", "xa": "nope"}])
def test_the_filter_selects_render_as_django_s_select(units, data):
    from django import forms

    from ocop.catalog.forms import CatalogFilterForm, QuickSelect

    def normal(html: str) -> str:
        return re.sub(r">\s+<", "><", html).strip()

    form = CatalogFilterForm(data)
    selects = [field for field in form if isinstance(field.field.widget, QuickSelect)]
    assert len(selects) == 7
    for field in selects:
        quick = str(field)
        field.field.widget.__class__ = forms.Select
        assert normal(quick) == normal(str(field)), field.name
    assert "<script>" not in str(form)
