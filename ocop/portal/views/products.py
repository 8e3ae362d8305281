"""«Sản phẩm của tôi»: the producer's own products — list, register, edit, photos, e-commerce
links and sales points. Only the user's own producers' products (404 for anything else); every
write is one registry or promotion service."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ocop.certificates.selectors import certificates_for_products
from ocop.core.service_errors import service_errors
from ocop.portal.product_forms import LinkForm, PhotoForm, ProductForm
from ocop.portal.views.common import portal_login_required
from ocop.promotion import services as promotion
from ocop.rating.selectors import latest_dossiers
from ocop.rating.workflow import DOSSIER
from ocop.registry import services as registry
from ocop.registry.selectors import own_product_get, own_products, producers_of_user

PAGE_SIZE = 20


@portal_login_required
def product_list(request):
    q = request.GET.get("q", "").strip()
    page = Paginator(own_products(request.user, q=q), PAGE_SIZE).get_page(request.GET.get("page"))
    ids = [product.pk for product in page]
    dossiers, certificates = latest_dossiers(ids), certificates_for_products(ids)
    rows = [{"product": p, "dossier": dossiers.get(p.pk), "certificate": certificates.get(p.pk),
             "tone": DOSSIER.tone(dossiers[p.pk].status) if p.pk in dossiers else ""} for p in page]
    return render(request, "portal/products/product_list.html", {
        "page": page, "rows": rows, "q": q, "can_register": producers_of_user(request.user).exists(),
    })


@portal_login_required
@require_http_methods(["GET", "POST"])
def product_create(request):
    producer = producers_of_user(request.user).order_by("pk").first()
    if producer is None:
        raise PermissionDenied
    form = ProductForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with service_errors(form):
            product = registry.product_create(actor=request.user, producer=producer, **form.product_data())
            messages.success(request, _("Đã đăng ký sản phẩm «%(name)s». Hãy thêm ảnh và nơi bán; mã sản phẩm OCOP "
                                        "được cấp khi nộp hồ sơ đánh giá.") % {"name": product.name})
            return redirect("portal:product_edit", pk=product.pk)
    return render(request, "portal/products/product_form.html", {"form": form, "producer": producer})


def _edit_context(product, form=None, photo_form=None, link_form=None) -> dict:
    return {
        "product": product, "form": form or ProductForm(instance=product,
                                                         sales_points=promotion.sales_points_for_product(product)),
        "photo_form": photo_form or PhotoForm(), "link_form": link_form or LinkForm(),
        "photos": product.photos.all(), "links": product.ecommerce_links.all(),
        "dossier": latest_dossiers([product.pk]).get(product.pk),
        "certificate": certificates_for_products([product.pk]).get(product.pk),
    }


@portal_login_required
@require_http_methods(["GET", "POST"])
def product_edit(request, pk: int):
    product = own_product_get(user=request.user, pk=pk)
    # The form edits its own copy: the page's heading and facts stay as stored when the form has errors.
    edited = own_product_get(user=request.user, pk=pk)
    form = ProductForm(request.POST or None, instance=edited, sales_points=promotion.sales_points_for_product(product))
    if request.method == "POST" and form.is_valid():
        with service_errors(form):
            with transaction.atomic():
                registry.product_update(product=edited, actor=request.user, data=form.product_data())
                promotion.product_sales_points_set(product=edited, actor=request.user,
                                                   sales_points=form.cleaned_data["sales_points"])
            messages.success(request, _("Đã lưu sản phẩm."))
            return redirect("portal:product_edit", pk=product.pk)
    return render(request, "portal/products/product_edit.html", _edit_context(product, form=form))


@portal_login_required
@require_POST
def photo_add(request, pk: int):
    product = own_product_get(user=request.user, pk=pk)
    form = PhotoForm(request.POST, request.FILES)
    if form.is_valid():
        with service_errors(form, field="image"):
            registry.product_photo_add(product=product, actor=request.user, image=form.cleaned_data["image"],
                                       caption=form.cleaned_data["caption"], position=product.photos.count())
            messages.success(request, _("Đã thêm ảnh."))
            return redirect("portal:product_edit", pk=product.pk)
    return render(request, "portal/products/product_edit.html", _edit_context(product, photo_form=form))


@portal_login_required
@require_POST
def photo_delete(request, pk: int, photo_pk: int):
    product = own_product_get(user=request.user, pk=pk)
    photo = get_object_or_404(product.photos, pk=photo_pk)
    registry.product_photo_delete(photo=photo, actor=request.user)
    messages.success(request, _("Đã xóa ảnh."))
    return redirect("portal:product_edit", pk=product.pk)


@portal_login_required
@require_POST
def link_add(request, pk: int):
    product = own_product_get(user=request.user, pk=pk)
    form = LinkForm(request.POST)
    if form.is_valid():
        with service_errors(form):
            promotion.product_link_add(product=product, actor=request.user, **form.cleaned_data)
            messages.success(request, _("Đã thêm liên kết bán hàng."))
            return redirect("portal:product_edit", pk=product.pk)
    return render(request, "portal/products/product_edit.html", _edit_context(product, link_form=form))


@portal_login_required
@require_POST
def link_delete(request, pk: int, link_pk: int):
    product = own_product_get(user=request.user, pk=pk)
    link = get_object_or_404(product.ecommerce_links, pk=link_pk)
    promotion.product_link_remove(link=link, actor=request.user)
    messages.success(request, _("Đã bỏ liên kết bán hàng."))
    return redirect("portal:product_edit", pk=product.pk)
