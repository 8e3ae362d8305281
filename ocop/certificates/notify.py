"""In-app notifications (Notification rows) and their e-mails, for certificate events.

Who hears about a certificate: the producer's portal accounts (registry.ProducerMember) and the
commune officers of the product's commune. Rows are written in the caller's transaction; e-mails
leave only after it commits (transaction.on_commit), one per recipient with an address. A failing
mail server is logged and never undoes the notification.
"""

import logging
from datetime import date

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext as _

from ocop.accounts.models import Role
from ocop.accounts.selectors import holders_of, users_with_role
from ocop.certificates import lifecycle
from ocop.certificates.models import Certificate, Notification
from ocop.lib.formatting import short_date as _d
from ocop.registry.models import ProducerMember

logger = logging.getLogger(__name__)


def recipients(certificates: list[Certificate]) -> dict[int, list]:
    """Users to notify per certificate (two queries whatever the number of certificates)."""
    people = producer_and_commune([(c.product.producer_id, c.product.unit_id) for c in certificates])
    return {c.pk: people[(c.product.producer_id, c.product.unit_id)] for c in certificates}


def producer_and_commune(pairs: list[tuple[int, int]]) -> dict[tuple[int, int], list]:
    """The producer's active portal users and the active commune officers of the commune, per
    (producer id, commune id) pair, each user once (two queries)."""
    producer_ids = {producer for producer, _unit in pairs}
    unit_ids = {unit for _producer, unit in pairs}
    members: dict[int, list] = {}
    for member in ProducerMember.objects.filter(producer_id__in=producer_ids, user__is_active=True).select_related("user"):
        members.setdefault(member.producer_id, []).append(member.user)
    officers = users_with_role(Role.COMMUNE_OFFICER, unit_ids)
    found = {}
    for producer, unit in pairs:
        users = members.get(producer, []) + officers.get(unit, [])
        found[(producer, unit)] = list({user.pk: user for user in users}.values())
    return found


def office_users(role: str, unit_id: int | None) -> list:
    """Active holders of an office ROLE (the province office of UNIT_ID, or the national office)."""
    return holders_of(role, unit_id)


def deliver(*, users: list, kind: str, text: str, key: str, subject: str, certificate=None, dossier=None) -> list:
    """One Notification per user for KEY (never a second one: the (user, key) pair is unique), and
    an e-mail to those with an address after the transaction commits. Returns the rows created."""
    taken = set(Notification.objects.filter(key=key, user__in=[u.pk for u in users]).values_list("user_id", flat=True))
    created = []
    for user in users:
        if user.pk in taken:
            continue
        try:
            with transaction.atomic():
                created.append(Notification.objects.create(
                    user=user, kind=kind, text=text, key=key, certificate=certificate, dossier=dossier,
                ))
        except IntegrityError:  # a parallel run wrote it first
            continue
    addresses = [row.user.email for row in created if row.user.email]
    if addresses:
        transaction.on_commit(lambda: _mail(subject, text, addresses))
    return created


def reminder_text(certificate: Certificate, threshold: int, today: date) -> str:
    product, until = certificate.product.name, _d(certificate.valid_until)
    covered = lifecycle.transition_covered(certificate.issued_on, certificate.valid_until)
    opens_on, closes_on = lifecycle.rerating_window(certificate.valid_until, covered=covered)
    if threshold == lifecycle.EXPIRY_NOTICE:
        text = _("Giấy chứng nhận OCOP %(stars)s sao của sản phẩm «%(product)s» đã hết hạn ngày %(until)s.") % {
            "stars": certificate.stars, "product": product, "until": until,
        }
        if covered and today <= closes_on:
            text += " " + _("Theo khoản 3 Điều 12 QĐ 26/2026, vẫn đăng ký đánh giá lại được đến hết ngày %(closes)s; "
                            "giấy chứng nhận còn hiệu lực đến khi có kết quả.") % {"closes": _d(closes_on)}
        return text
    text = _(
        "Giấy chứng nhận OCOP %(stars)s sao của sản phẩm «%(product)s» hết hạn ngày %(until)s (còn %(days)s ngày)."
    ) % {"stars": certificate.stars, "product": product, "until": until,
         "days": lifecycle.days_left(certificate.valid_until, today)}
    if today <= closes_on:
        text += " " + _(
            "Hồ sơ đánh giá lại nộp tại UBND xã từ ngày %(opens)s đến hết ngày %(closes)s (QĐ 26/2026, Điều 7.6)."
        ) % {"opens": _d(opens_on), "closes": _d(closes_on)}
    else:
        text += " " + _("Đã qua hạn nộp hồ sơ đánh giá lại (%(closes)s).") % {"closes": _d(closes_on)}
    return text


def _send(certificate: Certificate, kind: str, text: str, users: list) -> list[Notification]:
    rows = Notification.objects.bulk_create(
        Notification(user=user, kind=kind, certificate=certificate, text=text) for user in users
    )
    addresses = [user.email for user in users if user.email]
    if addresses:
        subject = f"[OCOP] {Notification.Kind(kind).label}: {certificate.product.name}"
        transaction.on_commit(lambda: _mail(subject, text, addresses))
    return rows


def _mail(subject: str, text: str, addresses: list[str]) -> None:
    for address in addresses:
        try:
            send_mail(str(subject), text, settings.DEFAULT_FROM_EMAIL, [address])
        except Exception:  # the notification row is what counts; mail is best effort
            logger.exception("Không gửi được thư thông báo tới %s", address)


def certificate_issued(certificate: Certificate) -> list[Notification]:
    with translation.override(settings.LANGUAGE_CODE):
        text = _("Sản phẩm «%(product)s» được công nhận OCOP %(stars)s sao theo Quyết định số %(number)s; "
                 "giấy chứng nhận có giá trị đến hết ngày %(until)s.") % {
            "product": certificate.product.name, "stars": certificate.stars,
            "number": certificate.decision.number, "until": _d(certificate.valid_until),
        }
        return _send(certificate, Notification.Kind.ISSUED, text, recipients([certificate])[certificate.pk])


def certificate_revoked(certificate: Certificate) -> list[Notification]:
    with translation.override(settings.LANGUAGE_CODE):
        text = _("Giấy chứng nhận OCOP %(stars)s sao của sản phẩm «%(product)s» bị thu hồi từ ngày %(on)s "
                 "theo Quyết định số %(number)s (%(ground)s).") % {
            "stars": certificate.stars, "product": certificate.product.name, "on": _d(certificate.revoked_on),
            "number": certificate.revocation_decision.number, "ground": certificate.get_revocation_ground_display(),
        }
        return _send(certificate, Notification.Kind.REVOKED, text, recipients([certificate])[certificate.pk])


def certificate_reminder(certificate: Certificate, threshold: int, today: date, users: list) -> list[Notification]:
    kind = Notification.Kind.EXPIRED if threshold == lifecycle.EXPIRY_NOTICE else Notification.Kind.REMINDER
    with translation.override(settings.LANGUAGE_CODE):
        return _send(certificate, kind, reminder_text(certificate, threshold, today), users)
