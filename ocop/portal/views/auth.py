"""Signing in and out, self-registration, and the portal's front door."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from ocop.accounts import throttle
from ocop.accounts.forms import PortalLoginForm
from ocop.accounts.policy import office_scope
from ocop.core.service_errors import service_errors
from ocop.cycle.services import producer_register
from ocop.lib.text import fold
from ocop.portal.forms import RegistrationForm, current_communes
from ocop.portal.views.common import portal_login_required
from ocop.registry.selectors import producers_of_user
from ocop.registry.services import DuplicateProducerError


class LoginView(auth_views.LoginView):
    template_name = "portal/login.html"
    authentication_form = PortalLoginForm  # throttled: ocop/accounts/throttle.py
    redirect_authenticated_user = True
    next_page = reverse_lazy("portal:home")


class LogoutView(auth_views.LogoutView):
    next_page = reverse_lazy("portal:login")


@portal_login_required
def home(request):
    """Producers go to their own page; officers to the producers of their units."""
    own = list(producers_of_user(request.user)[:2])
    if len(own) == 1:
        return redirect("portal:producer_detail", pk=own[0].pk)
    if own or not office_scope(request.user).is_empty:
        return redirect("portal:producer_list")
    return render(request, "portal/no_producer.html")


def register(request):
    if request.user.is_authenticated:
        return redirect("portal:home")
    form = RegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not throttle.allow(f"register:ip:{throttle.client_ip(request)}", settings.OCOP_REGISTRATIONS_PER_HOUR, 3600):
            form.add_error(None, _("Địa chỉ mạng này đã đăng ký nhiều tài khoản trong một giờ. Vui lòng thử lại sau "
                                   "hoặc liên hệ cán bộ OCOP xã."))
            return render(request, "portal/register.html", {
                "form": form, "choices": commune_choices(None, form.data.get("unit")),
            }, status=429)
        data = form.cleaned_data
        with service_errors(form):
            try:
                user, producer = producer_register(
                    username=data["username"], password=data["password1"], full_name=data["full_name"],
                    email=data.get("email", ""), phone=data.get("phone", ""), producer_data=form.producer_data(),
                    confirm_duplicates=data.get("confirm_duplicates", False),
                )
            except DuplicateProducerError as exc:
                # Never list other producers to an anonymous visitor.
                raise ValidationError({"confirm_duplicates": _(
                    "Có thể chủ thể này đã được đăng ký (trùng mã số hoặc tên gần giống trong cùng xã). Nếu đã có, "
                    "hãy liên hệ cán bộ OCOP xã để được cấp tài khoản; nếu chắc chắn chưa, hãy đánh dấu xác nhận."
                )}) from exc
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Đăng ký thành công. Cán bộ OCOP xã sẽ xác minh thông tin của bạn."))
            return redirect("portal:producer_detail", pk=producer.pk)
    return render(request, "portal/register.html", {
        "form": form, "choices": commune_choices(form.data.get("commune_search"), form.data.get("unit")),
        "searched": bool(fold(form.data.get("commune_search"))),
    })


COMMUNE_CHOICES = 20


def commune_choices(q: str | None, selected=None) -> list[tuple[int, str, bool]]:
    """(id, label, checked) of the current communes best matching q (the one ranked unit search,
    the default province first), the already chosen commune kept on top. Nothing is checked
    unless the user chose it."""
    from ocop.territory.selectors import unit_label, unit_labelled, unit_ranked_search

    chosen = None
    if selected and str(selected).isdigit():
        chosen = unit_labelled(current_communes()).filter(pk=selected).first()
    found = list(unit_ranked_search(q, queryset=current_communes(), home_provinces=(settings.OCOP_DEFAULT_PROVINCE_CODE,),
                                    limit=COMMUNE_CHOICES)) if fold(q) else []
    units = ([chosen] if chosen else []) + [u for u in found if chosen is None or u.pk != chosen.pk]
    return [(u.pk, unit_label(u), chosen is not None and u.pk == chosen.pk) for u in units]


@require_GET
def commune_options(request):
    """htmx: the radio list of communes for ?commune_search= (the choice, ?unit=, kept)."""
    q = request.GET.get("commune_search")
    return render(request, "portal/_commune_options.html",
                  {"choices": commune_choices(q, request.GET.get("unit")), "searched": bool(fold(q))})
