"""Signals of the rating app (other apps listen; rating never imports them).

dossier_moved — sent by the one dossier transition service (services.dossiers._move) inside the
move's transaction, after the DossierTransition row is written. Arguments: dossier, transition,
actor (None for the system). Receivers that talk to the outside world defer to
transaction.on_commit so that a move rolled back tells nobody.
"""

from django.dispatch import Signal

dossier_moved = Signal()
