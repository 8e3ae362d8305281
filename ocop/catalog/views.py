"""Public pages (no login): home, the product catalog, product and producer pages, the fake
report form and the certificate-code lookup. Every read goes through ocop.catalog.selectors
(published data only); the data of each page is cached briefly (ocop.catalog.pages), and the
whole page for anonymous visitors (ocop.catalog.html_cache)."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from ocop.accounts.throttle import client_ip  # behind a proxy: its header, as for the login
from ocop.catalog import pages, services
from ocop.catalog.forms import CatalogFilterForm, FakeReportForm
from ocop.catalog.html_cache import render_page
from ocop.catalog.selectors import public_product_get
from ocop.certificates.public_forms import VerifyLookupForm


@require_GET
def home(request):
    def context():
        return {**pages.home_data(), "search_form": CatalogFilterForm(), "lookup_form": VerifyLookupForm()}

    return render_page(request, "home", "catalog/home.html", context)


@require_GET
def product_list(request):
    def context():
        form = CatalogFilterForm(request.GET)
        filters = form.filters()
        return {"form": form, "filters": filters, "page": pages.catalog_page(filters, request.GET.get("page"))}

    return render_page(request, "list", "catalog/product_list.html", context)


@require_GET
def product_detail(request, pk):
    return render_page(request, "product", "catalog/product_detail.html", lambda: pages.product_data(pk))


@require_GET
def producer_detail(request, pk):
    return render_page(request, "producer", "catalog/producer_detail.html", lambda: pages.producer_data(pk))


@require_http_methods(["GET", "POST"])
def fake_report(request):
    product = None
    if product_id := (request.POST.get("san_pham") or request.GET.get("san_pham") or "").strip():
        try:
            product = public_product_get(product_id)
        except Http404:  # an unknown or unpublished product: the report is still welcome
            product = None
    form = FakeReportForm(request.POST or None, initial={"certificate_code": request.GET.get("ma", "")[:100]})
    if request.method == "POST" and form.is_valid():
        if not services.fake_report_allowed(client_ip(request)):
            messages.error(request, _("Bạn đã gửi nhiều báo cáo trong một giờ. Vui lòng thử lại sau."))
            return render(request, "catalog/fake_report.html", {"form": form, "product": product}, status=429)
        services.fake_report_submit(product=product, ip=client_ip(request),
                                    **{name: form.cleaned_data[name] for name in services.REPORT_FIELDS})
        return redirect("catalog:fake_report_sent")
    return render(request, "catalog/fake_report.html", {"form": form, "product": product})


@require_GET
def fake_report_sent(request):
    return render(request, "catalog/fake_report_sent.html")


@require_GET
def verify_lookup(request):
    """Type the code printed under the QR code, go to the certificate's verification page."""
    form = VerifyLookupForm(request.GET or None)
    if form.is_bound and form.is_valid():
        return redirect(pages.verification_path(form.cleaned_data["ma"]))
    return render(request, "catalog/verify_lookup.html", {"lookup_form": form})
