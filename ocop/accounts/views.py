"""Account security pages: the second login step, and turning TOTP on and off."""

import segno
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from ocop.accounts import services, throttle, totp
from ocop.accounts.forms import CodeForm
from ocop.accounts.models import TOTPDevice
from ocop.accounts.sessions import second_factor_done, second_factor_owed
from ocop.core.service_errors import service_errors


def _home_of(user) -> str:
    return reverse("admin:index") if user.is_staff else reverse("portal:home")


def _next_or_home(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return _home_of(request.user)


@never_cache
def otp_verify(request):
    """Second login step: the password was right; now the code from the authenticator app."""
    if not request.user.is_authenticated:
        return redirect("portal:login")
    if not second_factor_owed(request):
        return redirect(_next_or_home(request))
    username = request.user.get_username()
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if throttle.is_locked(request, username):
            logout(request)
            messages.error(request, _("Nhập sai mã quá nhiều lần. Vui lòng đăng nhập lại sau %(minutes)d phút.")
                           % {"minutes": throttle.cooldown_minutes()})
            return redirect("portal:login")
        if services.totp_verify_login(user=request.user, code=form.cleaned_data["code"]):
            throttle.reset(request, username)
            second_factor_done(request)
            request.session.cycle_key()
            return redirect(_next_or_home(request))
        if throttle.record_failure(request, username):
            logout(request)
            messages.error(request, _("Nhập sai mã quá nhiều lần. Vui lòng đăng nhập lại sau %(minutes)d phút.")
                           % {"minutes": throttle.cooldown_minutes()})
            return redirect("portal:login")
        form.add_error("code", _("Mã không đúng hoặc đã hết hạn."))
    return render(request, "accounts/otp_verify.html", {"form": form, "next": request.GET.get("next", "")})


@login_required(login_url="portal:login")
@require_GET
@never_cache
def security(request):
    device = TOTPDevice.objects.filter(user=request.user).first()
    return render(request, "accounts/security.html", {"device": device, "home": _home_of(request.user)})


@login_required(login_url="portal:login")
@never_cache
def totp_enrol(request):
    """POST without a code: a new secret. GET: the QR code and secret. POST with a code: confirm."""
    device = TOTPDevice.objects.filter(user=request.user).first()
    if request.method == "POST" and "start" in request.POST:
        with service_errors(request=request):
            services.totp_start(user=request.user)
            return redirect("accounts:totp_enrol")
        return redirect("accounts:security")
    if device is None or device.is_confirmed:
        return redirect("accounts:security")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with service_errors(form, field="code"):
            services.totp_confirm(user=request.user, code=form.cleaned_data["code"])
            messages.success(request, _("Đã bật xác thực hai bước. Lần đăng nhập sau sẽ hỏi mã từ ứng dụng."))
            return redirect("accounts:security")
    uri = totp.provisioning_uri(device.secret, request.user.get_username(), services.TOTP_ISSUER)
    context = {
        "form": form,
        "secret": " ".join(device.secret[i : i + 4] for i in range(0, len(device.secret), 4)),
        "qr": segno.make(uri, error="m").svg_data_uri(scale=5),
        "uri": uri,
    }
    return render(request, "accounts/totp_enrol.html", context)


@login_required(login_url="portal:login")
@never_cache
def totp_disable(request):
    """A confirmation page; turning it off needs a current code, so a stolen session cannot."""
    if not services.totp_confirmed_device(request.user):
        return redirect("accounts:security")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with service_errors(form, field="code"):
            services.totp_disable(user=request.user, code=form.cleaned_data["code"])
            messages.success(request, _("Đã tắt xác thực hai bước."))
            return redirect("accounts:security")
    return render(request, "accounts/totp_disable.html", {"form": form})


@login_required(login_url="portal:login")
@require_POST
def totp_cancel(request):
    """Abandon an enrolment that was never confirmed."""
    services.totp_cancel(user=request.user)
    return redirect("accounts:security")
