"""Filing a dossier (forms 01 and 02), its evidence, and the one dossier transition service.

Every move goes through _move, which hands it to the one engine (ocop.core.transitions) with the
dossier's Binding: the scope and the actor's roles (ocop.accounts.policy), form 01/02 complete
before a submission, the fields a move sets (the product code and the commune's deadline on
submission, a re-rating's 45-day clock). The engine locks, checks the declaration
(ocop.rating.workflow.DOSSIER), saves, writes the core.Transition row and the audit event
`dossier.<status>`, and sends `moved` (ocop.certificates.moves notifies the producer and the commune).
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ocop.accounts.models import Role
from ocop.accounts.policy import office_roles_over
from ocop.core.audit import AuditAction, audit_record, diff, snapshot
from ocop.core.exceptions import StateConflict
from ocop.core.transitions import Binding, lock, record_transition, transition
from ocop.criteria.conditions import condition_errors
from ocop.criteria.scoring import NO_OPTION, SheetError, score_sheet
from ocop.criteria.sheets import leaf_criteria
from ocop.rating import workflow
from ocop.rating.calendar import rerating_due, review_due
from ocop.rating.models import CURRENT_REGIME, Dossier, DossierEvidence
from ocop.rating.policy import dossier_roles
from ocop.rating.services.common import criteria_set_of, real_actor, require_readable
from ocop.rating.workflow import DossierStatus as S
from ocop.registry.policy import is_member
from ocop.registry.services import document_replace_file

TOURISM_SET = "26"
SAMPLES_REQUIRED = 5  # Art. 6.2.d, except the tourism set
REFILE_FROM_CERTIFICATE = gettext_noop(
    "Hồ sơ đánh giá lại được lập từ giấy chứng nhận (nút «Đăng ký đánh giá lại»), trong thời hạn 180 đến 120 "
    "ngày trước khi giấy chứng nhận hết hạn."
)
#: Moves that start (or restart) a re-rating's 45-day clock: the province, then the ministry, receives it.
RERATING_CLOCK_STARTS = frozenset({S.PROPOSED, S.FORWARDED_CENTRAL})
DOSSIER_FIELDS = ["kind", "registration_no", "product_spec", "changes_note", "samples_count", "written_only"]


def samples_needed(criteria_set: str) -> int:
    return 0 if criteria_set == TOURISM_SET else SAMPLES_REQUIRED


# --- The transition service ----------------------------------------------------------------------

def _locked(dossier) -> Dossier:
    return lock(dossier, *_RELATED)


_RELATED = ("product__producer", "unit", "round", "central_round")


def _roles(actor, locked: Dossier) -> frozenset[str]:
    require_readable(actor, locked)
    return frozenset(dossier_roles(actor, locked)) if actor is not None else frozenset()


def _check(locked: Dossier, to: str) -> None:
    if to == S.SUBMITTED:
        check_ready_to_submit(locked)


def _stamp(locked: Dossier, to: str, actor) -> dict:
    from ocop.rating.selectors import work_calendar

    changes: dict = {}
    if to == S.SUBMITTED:
        _give_product_code(locked, actor=actor)
        now = timezone.now()
        changes.update(submitted_at=now, review_due_on=review_due(timezone.localdate(now), work_calendar()))
    if locked.kind == Dossier.Kind.RERATING and to in RERATING_CLOCK_STARTS:
        # Art. 7.6.g: 45 days from receiving the complete proposal (commune → province, province → ministry).
        changes["rerating_due_on"] = rerating_due(timezone.localdate())
    return changes


DOSSIER_MOVES = Binding(workflow=workflow.DOSSIER, roles=_roles, unit=lambda d: d.unit, related=_RELATED,
                        check=_check, stamp=_stamp, audited=("rerating_due_on",))


def _move(locked: Dossier, *, to: str, actor, reason: str = "", fields: tuple[str, ...] = ()) -> Dossier:
    """Move an already locked dossier (callers hold the transaction; FIELDS they set are saved too)."""
    return transition(DOSSIER_MOVES, locked, to=to, actor=actor, reason=reason, locked=True, fields=fields).record


@transaction.atomic
def dossier_transition(*, dossier: Dossier, to: str, actor, reason: str = "") -> Dossier:
    """A generic move (submit, withdraw, return, accept, reject). Moves that need a report or a
    result first (propose, rated, forwarded, central rated) have their own services."""
    if workflow.DOSSIER.is_service_only(to):
        raise ValidationError(_("Thao tác này được thực hiện qua biểu mẫu riêng."))
    return _move(_locked(dossier), to=to, actor=actor, reason=reason)


def _give_product_code(locked: Dossier, *, actor) -> None:
    """A product first sent for evaluation gets its OCOP code, with the year of the evaluation
    (the dossier's year: "STT … - Năm đánh giá"); a product that has one keeps it."""
    from ocop.registry.services import product_code_assign

    product = locked.product
    if product.ocop_code:
        return
    code = product_code_assign(product=product, year=locked.year)
    audit_record(action=AuditAction.PRODUCT_CODE_ASSIGN, actor=actor, target=product, unit=product.unit,
                 after={"ocop_code": code, "dossier": locked.pk, "year": locked.year})


def check_ready_to_submit(dossier: Dossier) -> None:
    """Form 01 and form 02 complete, samples, consent (assisted mode)."""
    errors = {}
    try:
        score_sheet(criteria_set_of(dossier), dossier.self_assessment or {})
    except SheetError as exc:
        errors["self_assessment"] = _("Báo cáo tự đánh giá (Mẫu 02) chưa đầy đủ: %(detail)s") % {
            "detail": "; ".join(f"{code}: {msg}" for code, msg in exc.errors[:3])
        }
    needed = samples_needed(dossier.criteria_set)
    if dossier.samples_count < needed:
        errors["samples_count"] = _("Cần %(n)s sản phẩm mẫu.") % {"n": needed}
    if dossier.kind != Dossier.Kind.FIRST and not dossier.changes_note.strip():
        errors["changes_note"] = _("Nâng hạng, đánh giá lại: cần nêu những thay đổi so với lần công nhận trước.")
    if dossier.assisted and not dossier.consent_note.strip():
        errors["consent_note"] = _("Cán bộ xã lập thay cần ghi nhận sự đồng ý của chủ thể.")
    if errors:
        raise ValidationError(errors)


# --- Filing ---------------------------------------------------------------------------------------

def _check_producer_side(actor, product, *, assisted: bool) -> None:
    """The producer's own users file; a commune officer of the product's commune files assisted."""
    if actor is None:
        return
    if is_member(actor, product.producer_id) and not assisted:
        return
    if Role.COMMUNE_OFFICER in office_roles_over(actor, product.unit):
        if not assisted:
            raise ValidationError({"assisted": _("Cán bộ xã lập hồ sơ thay chủ thể: cần chọn chế độ lập thay.")})
        return
    raise PermissionDenied(_("Bạn không thể lập hồ sơ cho sản phẩm này."))


@transaction.atomic
def dossier_create(
    *, actor, product, kind: str = Dossier.Kind.FIRST, assisted: bool = False, consent_note: str = "",
    previous: Dossier | None = None, year: int | None = None, from_certificate: bool = False, **fields,
) -> Dossier:
    """A new draft dossier (form 01) for PRODUCT, by its producer or a commune officer (assisted).

    A re-rating starts only from its certificate (ocop.certificates.rerating.rerating_start, which
    holds the Art. 7.6.a window and passes FROM_CERTIFICATE): filed here directly, its window
    could not be checked."""
    from ocop.registry.models import Product

    if kind == Dossier.Kind.RERATING and not from_certificate:
        raise ValidationError({"kind": _(REFILE_FROM_CERTIFICATE)})
    product = Product.objects.select_for_update().select_related("producer", "unit").get(pk=product.pk)
    _check_producer_side(actor, product, assisted=assisted)
    if not product.is_active:
        raise ValidationError(_("Sản phẩm đã ngừng sản xuất, kinh doanh."))
    open_statuses = [s for s in S.values if not workflow.DOSSIER.is_terminal(s)]
    if product.dossiers.filter(status__in=open_statuses).exists():
        raise ValidationError(_("Sản phẩm này đang có một hồ sơ chưa hoàn tất."))
    if previous is not None and previous.product_id != product.pk:
        raise ValidationError({"previous": _("Hồ sơ trước phải là của cùng sản phẩm.")})
    dossier = Dossier(
        product=product, unit=product.unit, year=year or timezone.localdate().year, kind=kind,
        regime=CURRENT_REGIME, criteria_set=product.criteria_set, previous=previous,
        filed_by=real_actor(actor), assisted=assisted, consent_note=(consent_note or "").strip(),
        samples_count=fields.pop("samples_count", samples_needed(product.criteria_set)),
        **{k: v for k, v in fields.items() if k in DOSSIER_FIELDS},
    )
    dossier.full_clean()
    dossier.save()
    record_transition(workflow.DOSSIER, dossier, before="", to=S.DRAFT, actor=actor,
                      reason=_("Cán bộ xã lập thay chủ thể") if assisted else "")
    audit_record(action=AuditAction.DOSSIER_CREATE, actor=actor, target=dossier, unit=dossier.unit,
                 after=snapshot(dossier, ["product", "kind", "regime", "criteria_set", "assisted"]),
                 message=dossier.consent_note)
    return dossier


def _check_editable(locked: Dossier, actor) -> None:
    require_readable(actor, locked)
    if not workflow.DOSSIER.is_editable(locked.status):
        raise StateConflict(_("Hồ sơ đã nộp, không sửa được nữa."))
    if actor is not None and not dossier_roles(actor, locked) & workflow.PRODUCER_SIDE:
        raise PermissionDenied(_("Bạn không có quyền sửa hồ sơ này."))


@transaction.atomic
def dossier_update(*, dossier: Dossier, actor, data: dict) -> Dossier:
    """Form 01 fields of a draft or returned dossier."""
    locked = _locked(dossier)
    _check_editable(locked, actor)
    before = snapshot(locked, DOSSIER_FIELDS)
    if "kind" in data and data["kind"] != locked.kind and Dossier.Kind.RERATING in (data["kind"], locked.kind):
        raise ValidationError({"kind": _(REFILE_FROM_CERTIFICATE)})
    for name in DOSSIER_FIELDS:
        if name in data:
            setattr(locked, name, data[name])
    if "consent_note" in data and locked.assisted:
        locked.consent_note = data["consent_note"].strip()
    locked.full_clean()
    locked.save()
    old, new = diff(before, snapshot(locked, DOSSIER_FIELDS))
    audit_record(action=AuditAction.DOSSIER_UPDATE, actor=actor, target=locked, unit=locked.unit, before=old, after=new)
    return locked


def clean_answers(criteria_set, answers: dict) -> dict[str, str]:
    """Keep known criteria and options only (a partial sheet is fine while editing)."""
    valid = {}
    for criterion in leaf_criteria(criteria_set):
        choice = answers.get(criterion.code)
        if choice and (choice == NO_OPTION or any(o.code == choice for o in criterion.options)):
            valid[criterion.code] = choice
    unknown = set(answers) - set(valid) - {c.code for c in leaf_criteria(criteria_set)}
    if unknown:
        raise ValidationError(_("Tiêu chí không có trong bộ: %(codes)s") % {"codes": ", ".join(sorted(unknown))})
    refused = condition_errors(criteria_set, valid)
    if refused:  # a conditional note of the sheet: the criterion does not apply, nothing may be chosen
        raise ValidationError([_("Tiêu chí %(code)s: %(msg)s") % {"code": code, "msg": msg} for code, msg in refused])
    return valid


@transaction.atomic
def dossier_self_assess(*, dossier: Dossier, actor, answers: dict) -> Dossier:
    """Save the self-assessment (form 02) on the scoring sheet; the total is the engine's."""
    from ocop.criteria.preview import sheet_preview

    locked = _locked(dossier)
    _check_editable(locked, actor)
    criteria_set = criteria_set_of(locked)
    valid = clean_answers(criteria_set, answers)
    before = locked.self_total
    locked.self_assessment = valid
    locked.self_total = sheet_preview(criteria_set, valid).total
    locked.save(update_fields=["self_assessment", "self_total", "updated_at"])
    audit_record(action=AuditAction.DOSSIER_SELF_ASSESS, actor=actor, target=locked, unit=locked.unit,
                 before={"self_total": before}, after={"self_total": locked.self_total})
    return locked


# --- Evidence -------------------------------------------------------------------------------------

def _criterion_codes(criteria_set) -> set[str]:
    from ocop.criteria.sheets import iter_criteria

    return {c.code for _p, _g, c in iter_criteria(criteria_set)} | {
        g.code for p in criteria_set.parts for g in p.groups
    }


@transaction.atomic
def dossier_evidence_add(*, dossier: Dossier, actor, document, criterion_code: str = "") -> DossierEvidence:
    """Cite a document of the producer's evidence locker for a criterion (or the whole dossier)."""
    locked = _locked(dossier)
    _check_editable(locked, actor)
    if document.producer_id != locked.product.producer_id:
        raise ValidationError({"document": _("Giấy tờ phải thuộc kho giấy tờ của chủ thể.")})
    if document.product_id and document.product_id != locked.product_id:
        raise ValidationError({"document": _("Giấy tờ này thuộc về sản phẩm khác.")})
    code = (criterion_code or "").strip()
    if code and code not in _criterion_codes(criteria_set_of(locked)):
        raise ValidationError({"criterion_code": _("Tiêu chí %(code)s không có trong bộ.") % {"code": code}})
    evidence, created = DossierEvidence.objects.get_or_create(dossier=locked, document=document, criterion_code=code)
    if created:
        audit_record(action=AuditAction.DOSSIER_EVIDENCE_ADD, actor=actor, target=locked, unit=locked.unit,
                     after={"document": document.pk, "criterion": code})
    return evidence


@transaction.atomic
def dossier_evidence_replace(*, evidence: DossierEvidence, actor, file):
    """The producer side replaces the file of a document the dossier cites, while the dossier is a
    draft or returned. Refused when another dossier that is no longer editable cites the same
    document: what a commune or a council has in front of it never changes under it."""
    locked = _locked(evidence.dossier)
    _check_editable(locked, actor)
    frozen = (DossierEvidence.objects.filter(document_id=evidence.document_id)
              .exclude(dossier__status__in=workflow.DOSSIER.editable).select_related("dossier").first())
    if frozen is not None:
        raise ValidationError({"file": _("Giấy tờ này là minh chứng của hồ sơ #%(pk)s đã nộp, không thay được; "
                                         "hãy tải lên giấy tờ mới rồi chọn làm minh chứng.") % {"pk": frozen.dossier_id}})
    document = document_replace_file(document=evidence.document, actor=actor, file=file)
    audit_record(action=AuditAction.DOSSIER_EVIDENCE_REPLACE, actor=actor, target=locked, unit=locked.unit,
                 after={"document": document.pk, "criterion": evidence.criterion_code, "sha256": document.sha256})
    return document


@transaction.atomic
def dossier_evidence_remove(*, evidence: DossierEvidence, actor) -> None:
    locked = _locked(evidence.dossier)
    _check_editable(locked, actor)
    audit_record(action=AuditAction.DOSSIER_EVIDENCE_REMOVE, actor=actor, target=locked, unit=locked.unit,
                 before={"document": evidence.document_id, "criterion": evidence.criterion_code})
    evidence.delete()
