"""Dossiers and score sheets for authenticated clients, through the rating app's selectors and
services (the same rules as the portal and the back office): out of scope 404, read-only roles
403 on writes, invalid moves 422."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja import Path, Query, Router, Status

from ocop.accounts.scope import READ_ONLY_ROLES, scope_for
from ocop.api import present
from ocop.api.auth import PRIVATE
from ocop.api.errors import READ_ERRORS, WRITE_ERRORS
from ocop.api.pagination import Key, Ordering, page
from ocop.api.schemas import (
    MAX_ID,
    AnswersIn,
    ConflictIn,
    ConflictOut,
    DossierDetailOut,
    DossierFilters,
    DossierIn,
    DossierPage,
    DossierPatch,
    PageParams,
    SheetIn,
    SheetOut,
    TransitionIn,
)
from ocop.rating import selectors
from ocop.rating.services import council, dossiers
from ocop.registry.selectors import products_visible_to

router = Router(auth=PRIVATE, tags=["dossiers"])
PathId = Path(..., ge=1, le=MAX_ID)
Level = Path(..., pattern="^(province|central)$")
NEWEST_YEAR = Ordering("year", (Key("year", descending=True), Key("pk", descending=True)))


def require_writer(user) -> None:
    """Read-only roles (auditors) never write through the API."""
    roles = scope_for(user).roles
    if not user.is_superuser and roles and roles <= READ_ONLY_ROLES:
        raise PermissionDenied("Vai trò chỉ xem không được ghi dữ liệu.")


def dossier_out(dossier, *, user=None) -> dict:
    data = {
        "id": dossier.pk, "product": {"id": dossier.product_id, "name": dossier.product.name},
        "unit": present.unit_ref(dossier.unit), "year": dossier.year, "kind": dossier.kind,
        "regime": dossier.regime, "criteria_set": dossier.criteria_set, "status": dossier.status,
        "registration_no": dossier.registration_no, "product_spec": dossier.product_spec,
        "changes_note": dossier.changes_note, "samples_count": dossier.samples_count, "assisted": dossier.assisted,
        "self_total": dossier.self_total, "submitted_at": dossier.submitted_at, "updated_at": dossier.updated_at,
    }
    if user is not None:
        data["allowed_moves"] = list(selectors.allowed_moves(dossier, user))
    return data


def _dossier(request, dossier_id: int):
    return selectors.dossier_get(user=request.auth, pk=dossier_id)


@router.get("/dossiers", response={200: DossierPage, **READ_ERRORS}, summary="Hồ sơ đánh giá")
def dossiers_list(request, filters: Query[DossierFilters], params: Query[PageParams]):
    queryset = selectors.dossier_list(user=request.auth, status=filters.status, year=filters.year)
    return page(queryset, params, NEWEST_YEAR, dossier_out)


@router.get("/dossiers/{dossier_id}", response={200: DossierDetailOut, **READ_ERRORS})
def dossier_get(request, dossier_id: int = PathId):
    return dossier_out(_dossier(request, dossier_id), user=request.auth)


@router.post("/dossiers", response={201: DossierDetailOut, **WRITE_ERRORS}, summary="Lập hồ sơ (Mẫu 01)")
def dossier_create(request, payload: DossierIn):
    user = request.auth
    require_writer(user)
    product = products_visible_to(user).filter(pk=payload.product_id).first()
    if product is None:
        raise Http404
    fields = payload.model_dump(exclude={"product_id", "kind", "assisted", "consent_note"}, exclude_none=True)
    dossier = dossiers.dossier_create(actor=user, product=product, kind=payload.kind, assisted=payload.assisted,
                                      consent_note=payload.consent_note, **fields)
    return Status(201, dossier_out(selectors.dossier_get(user=user, pk=dossier.pk), user=user))


@router.patch("/dossiers/{dossier_id}", response={200: DossierDetailOut, **WRITE_ERRORS})
def dossier_update(request, payload: DossierPatch, dossier_id: int = PathId):
    user = request.auth
    dossier = _dossier(request, dossier_id)
    require_writer(user)
    dossiers.dossier_update(dossier=dossier, actor=user, data=payload.model_dump(exclude_none=True))
    return dossier_out(_dossier(request, dossier_id), user=user)


@router.put("/dossiers/{dossier_id}/self-assessment", response={200: DossierDetailOut, **WRITE_ERRORS},
            summary="Tự đánh giá (Mẫu 02)")
def dossier_self_assess(request, payload: AnswersIn, dossier_id: int = PathId):
    user = request.auth
    dossier = _dossier(request, dossier_id)
    require_writer(user)
    dossiers.dossier_self_assess(dossier=dossier, actor=user, answers=payload.answers)
    return dossier_out(_dossier(request, dossier_id), user=user)


@router.post("/dossiers/{dossier_id}/transitions", response={200: DossierDetailOut, **WRITE_ERRORS},
             summary="Chuyển trạng thái hồ sơ (nộp, đề xuất, trả lại…)")
def dossier_transition(request, payload: TransitionIn, dossier_id: int = PathId):
    user = request.auth
    dossier = _dossier(request, dossier_id)
    require_writer(user)
    dossiers.dossier_transition(dossier=dossier, to=payload.to, actor=user, reason=payload.reason)
    return dossier_out(_dossier(request, dossier_id), user=user)


@router.get("/dossiers/{dossier_id}/sheets/{level}", response={200: list[SheetOut], **READ_ERRORS},
            tags=["score sheets"], summary="Phiếu chấm đã nộp")
def sheets_list(request, dossier_id: int = PathId, level: str = Level):
    dossier = _dossier(request, dossier_id)
    return [sheet_out(s) for s in selectors.sheets_visible(user=request.auth, dossier=dossier, level=level)]


@router.post("/dossiers/{dossier_id}/sheets/{level}/conflict", response={200: ConflictOut, **WRITE_ERRORS},
             tags=["score sheets"], summary="Kê khai xung đột lợi ích")
def conflict_declare(request, payload: ConflictIn, dossier_id: int = PathId, level: str = Level):
    dossier = _dossier(request, dossier_id)
    declaration = council.conflict_declare(dossier=dossier, level=level, actor=request.auth,
                                           has_conflict=payload.has_conflict, note=payload.note)
    return {"id": declaration.pk, "has_conflict": declaration.has_conflict}


@router.put("/dossiers/{dossier_id}/sheets/{level}/mine", response={200: SheetOut, **WRITE_ERRORS},
            tags=["score sheets"], summary="Lưu hoặc nộp phiếu chấm của tôi")
def sheet_save(request, payload: SheetIn, dossier_id: int = PathId, level: str = Level):
    dossier = _dossier(request, dossier_id)
    sheet = council.sheet_save(dossier=dossier, level=level, actor=request.auth, answers=payload.answers,
                               opinion=payload.opinion, submit=payload.submit)
    return sheet_out(sheet)


def sheet_out(sheet) -> dict:
    return {"id": sheet.pk, "member": str(sheet.member.user), "role": sheet.member.role, "answers": sheet.answers,
            "total": sheet.total, "opinion": sheet.opinion, "submitted_at": sheet.submitted_at}
