"""The bulk writer: defaults for fields it is not given, and the foreign-key check that replaces
the per-row triggers during a PostgreSQL load."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection

from ocop.ops.synth.writer import Sink
from ocop.program.models import TrainingSession


@pytest.mark.django_db
def test_foreign_keys_are_checked_after_a_load_without_triggers():
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only: elsewhere the database checks each row itself")
    sink = Sink()
    assert sink.fast_load()
    sink.write(TrainingSession, ("id", "course_id", "date", "topic", "location", "hours"),
               [(sink.next_id(TrainingSession), 987654321, date(2026, 1, 5), "Chủ đề", "", Decimal(4))])
    sink.finish()
    with pytest.raises(RuntimeError, match="program.TrainingSession.course = 987654321"):
        sink.check_foreign_keys()


@pytest.mark.django_db
def test_fields_not_given_get_their_defaults(units):
    from ocop.registry.models import Producer

    sink = Sink()
    pid = sink.next_id(Producer)
    commune = units.commune_a
    sink.write(Producer, ("id", "kind", "name", "unit_id"), [(pid, "htx", "Hợp tác xã Thử", commune.pk)])
    sink.finish()
    producer = Producer.objects.get(pk=pid)
    assert (producer.workforce_total, producer.tax_code, producer.rep_is_woman) == (0, "", False)
