"""The public verification page (no login). The producer's certificate pages and notifications
are in the portal app (ocop/portal/views/)."""

from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_cookie

from ocop.certificates import selectors
from ocop.certificates.links import public_links
from ocop.certificates.public_forms import VerifyLookupForm
from ocop.certificates.status import (
    EXTENDED_BANNER,
    LABELS,
    CertificateStatus,
    live_status_on,
    revocation_due_on,
)
from ocop.lib.formatting import short_date

#: The verification page is never stored by a shared cache or the browser: a certificate revoked a
#: second ago must show as revoked on the next scan (issue 15, Info).
VERIFY_CACHE_CONTROL = {"private": True, "no_store": True, "max_age": 0}


def status_banner(certificate, status: CertificateStatus) -> dict:
    """What the verification page says at the top, by status (tone and title from
    ocop.certificates.status; the detail names the dates and the decision)."""
    labels = LABELS[status]
    until = short_date(certificate.valid_until)
    banner = {"tone": labels.banner_tone, "title": labels.banner}
    if status == CertificateStatus.REVOKED:
        return banner | {
            "detail": _("Thu hồi từ ngày %(on)s theo Quyết định số %(number)s. Căn cứ: %(ground)s.") % {
                "on": short_date(certificate.revoked_on),
                "number": certificate.revocation_decision.number,
                "ground": certificate.get_revocation_ground_display(),
            },
        }
    if status == CertificateStatus.SUSPENDED:
        return banner | {
            "detail": _("Có kết luận vi phạm ngày %(on)s; quyết định thu hồi dự kiến chậm nhất ngày %(due)s. Giấy "
                        "chứng nhận vẫn có giá trị đến khi có quyết định thu hồi (hết ngày %(until)s).") % {
                "on": short_date(certificate.revocation_finding_on),
                "due": short_date(revocation_due_on(certificate)), "until": until},
        }
    if status == CertificateStatus.EXPIRED:
        return banner | {"detail": _("Hiệu lực đã kết thúc sau ngày %(until)s.") % {"until": until}}
    if status == CertificateStatus.EXPIRING and certificate.extended_until and timezone.localdate() > certificate.valid_until:
        return banner | {"title": EXTENDED_BANNER,
                         "detail": _("Hết hạn ngày %(until)s; hiệu lực kéo dài đến khi có kết quả đánh giá lại, chậm nhất "
                                     "hết ngày %(extended)s (%(basis)s).") % {
                             "until": until, "extended": short_date(certificate.extended_until),
                             "basis": certificate.extension_basis}}
    return banner | {"detail": _("Có giá trị đến hết ngày %(until)s.") % {"until": until}}


@require_GET
def certificate_lookup(request):
    """The lookup box (/xac-minh/?ma=…): a verification code or an OCOP product code leads to the
    certificate's verification page; anything else shows the box again with the reason."""
    form = VerifyLookupForm(request.GET or None)
    if form.is_bound and form.is_valid():
        return redirect("certificates:verify", form.cleaned_data["ma"])
    return render(request, "certificates/lookup.html", {"lookup_form": form})


@require_GET
@cache_control(**VERIFY_CACHE_CONTROL)
@vary_on_cookie
def certificate_verify(request, uid):
    """UID is the verification code of the QR code, or the OCOP product code of the label."""
    try:
        certificate = selectors.certificate_public_get(uid)
    except Http404:
        return render(request, "certificates/verify_not_found.html",
                      {"uid": uid, "lookup_form": VerifyLookupForm()}, status=404)
    status = live_status_on(certificate)
    unit = certificate.product.unit
    context = {
        "certificate": certificate,
        "product": certificate.product,
        "producer": certificate.product.producer,
        "decision": certificate.decision,
        "commune": unit.full_name,
        "province": unit.parent.full_name if unit.parent_id else "",
        "status": status,
        "banner": status_banner(certificate, status),
        "checked_at": timezone.localtime(),
        "stars_text": "★" * certificate.stars,
        "links": public_links(certificate),
        "lookup_form": VerifyLookupForm(),
    }
    return render(request, "certificates/verify.html", context)
