"""The daily deadline alerts to the offices: in the app and by e-mail, once per deadline and person.

* Rating rounds (QĐ 26/2026 Art. 5): the province office of a province round (the national office
  for a central round) hears, once, in the ROUND_ALERT_DAYS before each of the round's deadlines —
  the last day to propose dossiers, and the last day to finish rating (province 30/6 and 30/12,
  central 30/9 and 30/3 by default) — while the round is not done (ocop.rating.round_phase).
* Re-rating (Art. 7.6.g): a re-rating waiting for its result has 45 days (Dossier.rerating_due_on);
  the office that holds it (the province office, or the national office once it is forwarded)
  hears once when RERATING_ALERT_DAYS or fewer are left, and once when it is overdue.

A missed run is caught up by the next (the windows are ranges, not single days); the key of each
message (Notification.key, unique per user) means no person ever gets the same alert twice.
"""

from collections import Counter
from datetime import date, timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ocop.accounts.models import Role
from ocop.certificates import notify
from ocop.certificates.models import Notification
from ocop.lib.formatting import short_date as _d
from ocop.rating.models import Dossier, RatingRound
from ocop.rating.round_phase import WAITING_CENTRAL, WAITING_PROVINCE, with_phase
from ocop.rating.workflow import DossierStatus as S

ROUND_ALERT_DAYS = 14
RERATING_ALERT_DAYS = 7


def _office(level: str, province_id: int | None) -> list:
    if level == RatingRound.Level.CENTRAL:
        return notify.office_users(Role.NATIONAL_OFFICE, None)
    return notify.office_users(Role.PROVINCE_OFFICE, province_id)


def _round_text(rnd: RatingRound, which: str, deadline: date, today: date) -> str:
    left = (deadline - today).days
    if which == "proposal":
        text = _("%(round)s: hạn cuối nhận hồ sơ đề xuất là ngày %(day)s (còn %(n)s ngày).")
    else:
        text = _("%(round)s: hạn hoàn thành đánh giá, phân hạng là ngày %(day)s (còn %(n)s ngày).")
    text = text % {"round": rnd, "day": _d(deadline), "n": left}
    waiting = Dossier.objects.filter(
        Q(round=rnd, status__in=WAITING_PROVINCE) | Q(central_round=rnd, status__in=WAITING_CENTRAL)
    ).count()
    if waiting:
        text += " " + _("Còn %(n)s hồ sơ chờ kết quả.") % {"n": waiting}
    return text


def round_alerts(today: date) -> int:
    horizon = today + timedelta(days=ROUND_ALERT_DAYS)
    rounds = (
        with_phase(RatingRound.objects.filter(
            Q(proposal_deadline__range=(today, horizon)) | Q(rating_deadline__range=(today, horizon))
        ), today=today)
        .exclude(phase=RatingRound.Phase.DONE)
        .select_related("unit")
        .order_by("rating_deadline", "pk")
    )
    sent = 0
    for rnd in rounds:
        users = _office(rnd.level, rnd.unit_id)
        for which, deadline in (("proposal", rnd.proposal_deadline), ("rating", rnd.rating_deadline)):
            if not today <= deadline <= horizon:
                continue
            text = _round_text(rnd, which, deadline, today)
            sent += len(notify.deliver(
                users=users, kind=Notification.Kind.DEADLINE, text=text, subject=f"[OCOP] {_('Nhắc hạn')}: {rnd}",
                key=f"round-{which}:{rnd.pk}:{deadline.isoformat()}",
            ))
    return sent


def rerating_alerts(today: date) -> int:
    dossiers = (
        Dossier.objects.filter(
            kind=Dossier.Kind.RERATING, rerating_due_on__lte=today + timedelta(days=RERATING_ALERT_DAYS),
            status__in=[*WAITING_PROVINCE, *WAITING_CENTRAL],
        )
        .select_related("product", "unit__parent")
        .order_by("rerating_due_on", "pk")
    )
    sent = 0
    for dossier in dossiers:
        due, left = dossier.rerating_due_on, (dossier.rerating_due_on - today).days
        central = dossier.status == S.FORWARDED_CENTRAL
        province_id = dossier.unit.parent_id if dossier.unit.level != "province" else dossier.unit_id
        users = _office(RatingRound.Level.CENTRAL if central else RatingRound.Level.PROVINCE, province_id)
        values = {"product": dossier.product.name, "day": _d(due), "n": abs(left)}
        if left < 0:
            which = "overdue"
            text = _("Đánh giá lại sản phẩm «%(product)s» đã quá hạn 45 ngày (hạn %(day)s, quá %(n)s ngày).") % values
        else:
            which = "soon"
            text = _("Đánh giá lại sản phẩm «%(product)s» phải hoàn thành trước hết ngày %(day)s (còn %(n)s ngày; "
                     "45 ngày theo Điều 7.6.g QĐ 26/2026).") % values
        sent += len(notify.deliver(
            users=users, kind=Notification.Kind.DEADLINE, text=text, dossier=dossier,
            subject=f"[OCOP] {_('Nhắc hạn')}: {dossier.product.name}",
            key=f"rerating-{which}:{dossier.pk}:{due.isoformat()}",
        ))
    return sent


def deadlines_run(*, today: date | None = None) -> dict:
    """Send today's deadline alerts; returns how many messages each kind produced."""
    today = today or timezone.localdate()
    counts: Counter = Counter()
    with translation.override(settings.LANGUAGE_CODE):
        counts["rounds"] = round_alerts(today)
        counts["rerating"] = rerating_alerts(today)
    return dict(counts)
