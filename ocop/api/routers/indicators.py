"""Program indicators, read from ocop.program's indicator registry (mounted only when that app
is installed). Figures are computed within the caller's scope; an out-of-scope unit is 404."""

from django.http import Http404
from ninja import Path, Query, Router
from ninja.errors import HttpError

from ocop.accounts.scope import scope_for
from ocop.api import present
from ocop.api.auth import PRIVATE
from ocop.api.errors import READ_ERRORS
from ocop.api.schemas import IndicatorOut, IndicatorValueOut, IndicatorValueParams
from ocop.territory.models import AdminUnit

router = Router(auth=PRIVATE, tags=["indicators"])


def _registry():
    from ocop.program.indicators import REGISTRY

    return REGISTRY


@router.get("/indicators", response={200: list[IndicatorOut], **READ_ERRORS}, summary="Danh mục chỉ tiêu")
def indicators_list(request):
    return [
        {"code": i.code, "title": str(i.title), "measure": str(i.measure), "kind": str(i.kind), "group": str(i.group),
         "description": str(i.description)}
        for i in _registry().values()
    ]


@router.get("/indicators/{code}", response={200: IndicatorValueOut, **READ_ERRORS},
            summary="Giá trị một chỉ tiêu theo năm và đơn vị")
def indicator_value(request, params: Query[IndicatorValueParams],
                    code: str = Path(..., pattern=r"^[a-z0-9_]{1,60}$")):
    from ocop.program.indicators import indicator_value as compute
    from ocop.program.measures import Period

    if code not in _registry():
        raise Http404
    user, unit = request.auth, None
    if params.unit is not None:
        unit = AdminUnit.objects.filter(pk=params.unit).select_related("parent").first()
        scope = scope_for(user)
        if unit is None or not (user.is_superuser or scope.can_read_path(unit.path, unit.current_path)):
            raise Http404
        if unit.generation != params.generation or unit.level == AdminUnit.Level.COMMUNE:
            raise HttpError(422, "Đơn vị phải là tỉnh (hoặc huyện cũ) thuộc bản đồ đã chọn.")
    value = compute(code, unit=unit, period=Period.year(params.year), generation=params.generation, user=user)
    return {"code": code, "year": params.year, "unit": present.unit_ref(unit), "generation": params.generation,
            "value": value}
