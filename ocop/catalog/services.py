"""Writes of the catalog: the public's fake reports, their review by officers, and withdrawing a
product from (or restoring it to) the public catalog. Each service is atomic and audited."""

import hashlib
import hmac

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ocop.accounts import throttle
from ocop.accounts.policy import can_write as can_write_in_scope
from ocop.accounts.roles import WRITING_OFFICES
from ocop.catalog.models import CatalogWithdrawal, FakeReport
from ocop.core.audit import AuditAction, audit_record
from ocop.core.public_version import public_data_changed

REPORT_FIELDS = ["where_seen", "description", "certificate_code", "reporter_name", "reporter_contact"]


def ip_hash(ip: str) -> str:
    """A keyed hash of an IP address (the address itself is never stored)."""
    return hmac.new(str(settings.SECRET_KEY).encode(), (ip or "").encode(), hashlib.sha256).hexdigest()


def fake_report_allowed(ip: str) -> bool:
    """At most OCOP_FAKE_REPORTS_PER_HOUR reports per IP address per hour, counted in the throttle
    store every worker and server shares."""
    return throttle.allow(f"catalog:fake-report:{ip_hash(ip)}", settings.OCOP_FAKE_REPORTS_PER_HOUR, 3600)


@transaction.atomic
def fake_report_submit(*, product=None, ip: str = "", **fields) -> FakeReport:
    """Record a report from the public (no account): the officers of the product's commune and
    above see it in the back office."""
    report = FakeReport(product=product, unit=product.unit if product else None, ip_hash=ip_hash(ip),
                        **{name: (fields.get(name) or "").strip() for name in REPORT_FIELDS})
    report.full_clean()
    report.save()
    audit_record(action=AuditAction.CATALOG_FAKE_REPORT_CREATE, actor=None, target=report, unit=report.unit,
                 after={"product": product.pk if product else None, "where_seen": report.where_seen})
    return report


def _check_officer(actor, unit) -> None:
    if actor is None or actor.is_superuser:
        return
    if can_write_in_scope(actor, unit, WRITING_OFFICES):
        return
    raise PermissionDenied(_("Đơn vị này nằm ngoài phạm vi quản lý của bạn."))


@transaction.atomic
def fake_report_review(*, report: FakeReport, actor, status: str, note: str = "") -> FakeReport:
    locked = FakeReport.objects.select_for_update().get(pk=report.pk)
    _check_officer(actor, locked.unit)
    before = {"status": locked.status, "review_note": locked.review_note}
    locked.status, locked.review_note = status, (note or "").strip()
    locked.reviewed_by = actor if getattr(actor, "is_authenticated", False) else None
    locked.reviewed_at = timezone.now()
    locked.full_clean()
    locked.save()
    audit_record(action=AuditAction.CATALOG_FAKE_REPORT_REVIEW, actor=actor, target=locked, unit=locked.unit,
                 before=before, after={"status": locked.status, "review_note": locked.review_note})
    return locked


@transaction.atomic
def catalog_withdraw(*, product, actor, reason: str) -> CatalogWithdrawal:
    """Take PRODUCT off the public catalog (pages, search, API, open data) until restored."""
    _check_officer(actor, product.unit)
    withdrawal = CatalogWithdrawal(product=product, reason=(reason or "").strip(),
                                   withdrawn_by=actor if getattr(actor, "is_authenticated", False) else None)
    withdrawal.full_clean()
    withdrawal.save()
    audit_record(action=AuditAction.CATALOG_WITHDRAW, actor=actor, target=product, unit=product.unit,
                 after={"reason": withdrawal.reason})
    public_data_changed()
    return withdrawal


@transaction.atomic
def catalog_restore(*, withdrawal: CatalogWithdrawal, actor) -> None:
    product = withdrawal.product
    _check_officer(actor, product.unit)
    audit_record(action=AuditAction.CATALOG_RESTORE, actor=actor, target=product, unit=product.unit,
                 before={"reason": withdrawal.reason})
    withdrawal.delete()
    public_data_changed()
