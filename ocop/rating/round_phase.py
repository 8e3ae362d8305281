"""A rating round's phase, computed from its dates and its dossiers (never stored).

    open           — today is on or before the proposal deadline: dossiers join the round;
    filing_closed  — the proposal deadline has passed and no council of the round sits yet;
    rating         — a council of the round has been set up (on or before today) and dossiers
                     still wait for their result;
    done           — after the proposal deadline, no dossier waits for a result any more, and either
                     the round had dossiers (all now have a result, were returned, rejected or
                     withdrawn) or its rating deadline has passed.

A dossier waits in a province round while proposed, accepted or awaiting the chair's approval
(potential 5★); in a central round while it is
forwarded there. A round past its rating deadline with dossiers still waiting stays "rating" (late),
so the office sees the work that is left. One definition, as an SQL expression: lists filter and
count on it in the database, and a single round is read through the same expression.
"""

from datetime import date

from django.db import models
from django.db.models import Case, Exists, OuterRef, Q, Value, When
from django.utils import timezone

from ocop.rating.models import Council, Dossier, RatingRound
from ocop.rating.workflow import DossierStatus as S

Phase = RatingRound.Phase
WAITING_PROVINCE = (S.PROPOSED, S.ACCEPTED, S.AWAITING_APPROVAL)
WAITING_CENTRAL = (S.FORWARDED_CENTRAL,)


def phase_expression(today: date | None = None):
    today = today or timezone.localdate()
    waiting = Exists(Dossier.objects.filter(
        Q(round=OuterRef("pk"), status__in=WAITING_PROVINCE)
        | Q(central_round=OuterRef("pk"), status__in=WAITING_CENTRAL)
    ))
    any_dossier = Exists(Dossier.objects.filter(Q(round=OuterRef("pk")) | Q(central_round=OuterRef("pk"))))
    sitting = Exists(Council.objects.filter(round=OuterRef("pk")).filter(
        Q(established_on__isnull=True) | Q(established_on__lte=today)
    ))
    return Case(
        When(proposal_deadline__gte=today, then=Value(Phase.OPEN.value)),
        When(~waiting & (any_dossier | Q(rating_deadline__lt=today)), then=Value(Phase.DONE.value)),
        When(sitting, then=Value(Phase.RATING.value)),
        default=Value(Phase.FILING_CLOSED.value),
        output_field=models.CharField(max_length=16),
    )


def with_phase(queryset, *, today: date | None = None):
    return queryset.annotate(phase=phase_expression(today))


def phase_of(rnd: RatingRound, *, today: date | None = None) -> Phase:
    value = with_phase(RatingRound.objects.filter(pk=rnd.pk), today=today).values_list("phase", flat=True).get()
    return Phase(value)
