"""Decision numbers: one register per issuing body and year, without gaps or duplicates.

The counter row (DecisionCounter) is locked with select_for_update inside the caller's
transaction, so two decisions issued at the same moment wait for each other, and a decision
that rolls back gives its number back (the counter rolls back with it): no gaps. On SQLite the
IMMEDIATE transaction mode (config/settings.py) serialises writers in the same way.

Numbers read "<sequence>/QĐ-UBND" for a province (or a former district) and
"<sequence>/QĐ-BNNMT" for the Ministry of Agriculture and Environment, as on real decisions
(e.g. 2361/QĐ-BNNMT of 26/06/2025). A number already taken in the register by a decision recorded
from before the system (is_historical) is skipped.
"""

from django.db import transaction

from ocop.certificates.models import Decision, DecisionCounter

SUFFIXES: dict[str, str] = {
    Decision.Level.PROVINCE: "QĐ-UBND",
    Decision.Level.DISTRICT: "QĐ-UBND",
    Decision.Level.CENTRAL: "QĐ-BNNMT",
}


def issuer_key(level: str, unit) -> str:
    """The register a decision of LEVEL issued by UNIT (None for central) is numbered in."""
    return Decision.Level.CENTRAL.value if level == Decision.Level.CENTRAL else f"{level}:{unit.pk}"


def format_number(sequence: int, level: str) -> str:
    return f"{sequence}/{SUFFIXES[level]}"


def next_number(*, level: str, unit, year: int) -> tuple[int, str]:
    """Take the next (sequence, number) of the register; must run inside a transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("next_number() must run inside transaction.atomic()")
    key = issuer_key(level, unit)
    DecisionCounter.objects.get_or_create(issuer_key=key, year=year)
    counter = DecisionCounter.objects.select_for_update().get(issuer_key=key, year=year)
    taken = Decision.objects.filter(issuer_key=key, year=year)
    sequence = counter.last_sequence + 1
    while taken.filter(number=format_number(sequence, level)).exists():
        sequence += 1
    counter.last_sequence = sequence
    counter.save(update_fields=["last_sequence"])
    return sequence, format_number(sequence, level)
