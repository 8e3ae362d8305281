"""A producer asks the commune to correct its commune or address; the request and its history."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ocop.core.service_errors import service_errors
from ocop.lib.text import fold
from ocop.portal.product_forms import AddressRequestForm
from ocop.portal.views.auth import commune_choices
from ocop.portal.views.common import portal_login_required
from ocop.registry.selectors import own_address_requests, producers_of_user
from ocop.registry.services import address_change_request


@portal_login_required
@require_http_methods(["GET", "POST"])
def address_request(request, pk: int):
    producer = producers_of_user(request.user).filter(pk=pk).first()
    if producer is None:
        raise Http404
    form = AddressRequestForm(request.POST or None, producer=producer)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with service_errors(form):
            address_change_request(producer=producer, actor=request.user, unit=data["unit"],
                                   address=data["address"], reason=data["reason"])
            messages.success(request, _("Đã gửi đề nghị. Cán bộ OCOP xã sẽ xác nhận."))
            return redirect("portal:address_request", pk=producer.pk)
    search = form.data.get("commune_search") if form.is_bound else None
    selected = form.data.get("unit") if form.is_bound else producer.unit_id
    return render(request, "portal/address_request.html", {
        "producer": producer, "form": form, "history": own_address_requests(producer),
        "choices": commune_choices(search, selected), "searched": bool(fold(search)),
    })
