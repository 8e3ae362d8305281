"""«Giấy chứng nhận của tôi»: the producer's certificates with stars, decision, validity, days
left, the PDF (served by ocop.core.media under the certificates app's rule) and the re-rating
action, offered only inside the window that ocop.certificates.rerating enforces."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from ocop.certificates import lifecycle, rerating
from ocop.certificates.rerating import rerating_start
from ocop.certificates.selectors import own_certificate_get, own_certificates
from ocop.certificates.status import LIVE_IN_FORCE, public_badge
from ocop.core.service_errors import service_errors
from ocop.portal.product_forms import ReratingForm
from ocop.portal.views.common import portal_login_required
from ocop.rating.models import Dossier


def _row(certificate, today) -> dict:
    # The window (with Art. 12.3's transition cover) is ocop.certificates.rerating's answer.
    opens_on, closes_on = rerating.rerating_window(certificate)
    refusal = rerating.rerating_refusal(certificate, today)
    return {
        "certificate": certificate,
        "status": public_badge(certificate.status),  # annotated by own_certificates
        "in_force": certificate.status in LIVE_IN_FORCE,
        "days_left": (certificate.valid_until - today).days,
        "window": lifecycle.rerating_window_state(certificate.valid_until, today,
                                                  covered=rerating.transition_covered(certificate)),
        "opens_on": opens_on, "closes_on": closes_on,
        "can_rerate": refusal is None,
        "refusal": refusal,  # why not (with the dates): said too once the window has closed
    }


@portal_login_required
@require_GET
def certificate_list(request):
    today = timezone.localdate()
    rows = [_row(certificate, today) for certificate in own_certificates(request.user, today=today)]
    return render(request, "portal/certificates/certificate_list.html", {"rows": rows, "today": today})


@portal_login_required
@require_POST
def certificate_rerate(request, pk: int):
    """Start the re-rating dossier (Art. 7.6.a); the window is checked by the service itself."""
    certificate = own_certificate_get(user=request.user, pk=pk)
    form = ReratingForm(request.POST)
    form.is_valid()
    with service_errors(request=request, also=(PermissionDenied,)):
        started = rerating_start(certificate=certificate, actor=request.user, kind=Dossier.Kind.RERATING,
                                 consent_note=form.cleaned_data.get("consent_note", ""))
        messages.success(request, _("Đã lập hồ sơ đánh giá lại từ giấy chứng nhận. Hãy kiểm tra và nộp hồ sơ."))
        if started.expired_documents:
            messages.warning(request, _("Giấy tờ đã hết hạn, cần bổ sung: %(list)s")
                             % {"list": ", ".join(str(d) for d in started.expired_documents)})
        return redirect("portal:dossier_detail", pk=started.dossier.pk)
    return redirect("portal:certificate_list")
