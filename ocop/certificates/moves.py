"""What follows a dossier move (ocop.core.transitions.moved, workflow "dossier") and a product's move
to another commune (ocop.registry.signals.product_moved), hooked once for every caller.

* A notification to the producer's portal users and the commune officers of the dossier's
  commune (never the person who made the move, never an officer of another commune), in the app
  and by e-mail, written after the move commits: a move rolled back tells nobody, and the key
  "transition:<core.Transition id>" means one message per person and move, whatever runs twice
  (moves recorded before the one engine were keyed "dossier-move:<their old id>").
* A re-rating that ends without a new certificate (rejected, withdrawn) ends the Art. 12.3
  extension of the certificate it re-rates (ocop.certificates.rerating.extension_end).
* A product moved to another commune: its certificates count where the product is, so both
  communes' tallies are recomputed (ocop.certificates.tally), in the move's transaction.
"""

from django.conf import settings
from django.db import transaction
from django.dispatch import receiver
from django.utils import translation
from django.utils.translation import gettext as _

from ocop.certificates import notify
from ocop.certificates.models import Notification
from ocop.certificates.tally import tallies_refresh
from ocop.core.models import Transition
from ocop.core.transitions import moved
from ocop.lib.formatting import short_date as _d
from ocop.rating.models import Dossier
from ocop.rating.workflow import DossierStatus as S
from ocop.registry.signals import product_moved

ENDS_WITHOUT_CERTIFICATE = frozenset({S.REJECTED, S.WITHDRAWN})


def move_text(dossier: Dossier, transition: Transition) -> str:
    """The message of a move, in the site language."""
    to = transition.to_status
    text = _("Hồ sơ %(kind)s sản phẩm «%(product)s»: %(status)s.") % {
        "kind": dossier.get_kind_display().lower(), "product": dossier.product.name,
        "status": S(to).label,
    }
    details = []
    if to == S.SUBMITTED and dossier.review_due_on:
        details.append(_("UBND xã thẩm định đến hết ngày %(day)s.") % {"day": _d(dossier.review_due_on)})
    if to == S.PROPOSED and dossier.round_id:
        details.append(_("Hồ sơ được xếp vào %(round)s, hoàn thành đánh giá trước ngày %(day)s.")
                       % {"round": dossier.round, "day": _d(dossier.round.rating_deadline)})
    if to == S.FORWARDED_CENTRAL and dossier.central_round_id:
        details.append(_("Hồ sơ được xếp vào %(round)s.") % {"round": dossier.central_round})
    if to in (S.PROPOSED, S.FORWARDED_CENTRAL) and dossier.rerating_due_on:
        details.append(_("Hạn hoàn thành đánh giá lại: %(day)s (45 ngày).") % {"day": _d(dossier.rerating_due_on)})
    if transition.reason:
        details.append(_("Ý kiến: %(reason)s") % {"reason": transition.reason})
    return " ".join([text, *details])


def dossier_move_notify(transition_id: int) -> list[Notification]:
    """Tell the producer side and the commune about one move (idempotent: keyed by the move)."""
    transition = Transition.objects.get(pk=transition_id, workflow="dossier")
    dossier = Dossier.objects.select_related("product__producer", "round__unit", "central_round").get(
        pk=transition.object_id)
    key = (dossier.product.producer_id, dossier.unit_id)
    users = [u for u in notify.producer_and_commune([key])[key] if u.pk != transition.actor_id]
    with translation.override(settings.LANGUAGE_CODE):
        text = move_text(dossier, transition)
        subject = f"[OCOP] {S(transition.to_status).label}: {dossier.product.name}"
        return notify.deliver(users=users, kind=Notification.Kind.DOSSIER, text=text, subject=subject,
                              key=f"transition:{transition.pk}", dossier=dossier)


@receiver(moved, dispatch_uid="certificates.dossier_moved")
def on_dossier_moved(sender, *, workflow, record, transition, actor, **kwargs):
    if workflow != "dossier":
        return
    dossier = record
    if dossier.kind == Dossier.Kind.RERATING and transition.to_status in ENDS_WITHOUT_CERTIFICATE:
        from ocop.certificates.rerating import extension_end

        extension_end(product=dossier.product, actor=actor)
    transition_id = transition.pk
    transaction.on_commit(lambda: _notify_after_commit(transition_id))


def _notify_after_commit(transition_id: int) -> None:
    with transaction.atomic():
        dossier_move_notify(transition_id)


@receiver(product_moved, dispatch_uid="certificates.product_moved")
def on_product_moved(sender, *, product, old_unit_id, **kwargs):
    if product.certificates.exists():
        tallies_refresh(unit_ids=[old_unit_id, product.unit_id])
