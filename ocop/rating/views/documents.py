"""Downloads of the rating documents to sign (ocop.rating.documents), as PDF or .docx.

Scoped like the pages they sit on: form 03 for readers of the dossier, the council minutes for
readers of the council's work; 404 outside scope or when there is nothing to print yet.
"""

from django.http import Http404
from django.views.decorators.http import require_safe

from ocop.core import official
from ocop.rating import documents, selectors
from ocop.rating.models import RatingRound
from ocop.rating.policy import can_read_council_work

LEVELS = {RatingRound.Level.PROVINCE, RatingRound.Level.CENTRAL}


def _format(fmt: str) -> str:
    if fmt not in official.FORMATS:
        raise Http404
    return fmt


@require_safe
def review_document(request, pk: int, fmt: str):
    """The dossier's latest form 03."""
    fmt = _format(fmt)
    dossier = selectors.dossier_get(user=request.user, pk=pk)
    review = dossier.reviews.select_related("dossier__unit__parent", "dossier__product__producer__unit").first()
    if review is None:
        raise Http404
    return official.download(documents.form03(review), fmt)


@require_safe
def minutes_document(request, pk: int, level: str, fmt: str):
    fmt = _format(fmt)
    if level not in LEVELS:
        raise Http404
    dossier = selectors.dossier_get(user=request.user, pk=pk)
    if not can_read_council_work(request.user, dossier):
        raise Http404
    council = selectors.council_of(dossier, level)
    result = selectors.result_of(dossier, level)
    if council is None or result is None:
        raise Http404
    return official.download(documents.minutes(result, council), fmt)
