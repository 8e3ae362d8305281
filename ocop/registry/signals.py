"""Signals of the registry app (apps above it listen; registry never imports them).

product_moved — sent by registry.services.product_update inside its transaction when a product
moved to another commune. Arguments: product (saved, in its new commune), old_unit_id. The
certificates app recomputes the tallies of both communes (ocop.certificates.moves).
"""

from django.dispatch import Signal

product_moved = Signal()
