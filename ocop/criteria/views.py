"""The public criteria pages: the list of sets, and any set as a live scoring sheet."""

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_http_methods

from ocop.criteria.preview import sheet_preview
from ocop.criteria.sheet_form import SheetForm
from ocop.criteria.sheets import UnknownSet, get_regime, get_set, list_regimes, list_sets


def _regime_and_set(regime: str, set_code: str):
    try:
        return get_regime(regime), get_set(regime, set_code)
    except (UnknownSet, ValueError):
        raise Http404 from None


@require_GET
def criteria_index(request):
    regimes = [(r, list_sets(r.code) if r.has_sheets else ()) for r in list_regimes()]
    return render(request, "criteria/index.html", {"regimes": regimes})


@require_http_methods(["GET", "POST"])
def sheet(request, regime: str, set_code: str):
    regime_obj, criteria_set = _regime_and_set(regime, set_code)
    form = SheetForm(criteria_set, request.POST or None, require_all=False)
    answers = form.raw_answers() if request.method == "POST" else {}
    context = {
        "regime": regime_obj,
        "criteria_set": criteria_set,
        "form": form,
        "answers": answers,
        "preview": sheet_preview(criteria_set, answers),
    }
    if request.htmx:
        return render(request, "criteria/sheet.html#summary", context)
    return render(request, "criteria/sheet.html", context)
