"""Decision numbers under concurrency: parallel decisions never share a number, and no gaps.

Real threads, each with its own database connection, on PostgreSQL (SQLite serialises every
writer with its IMMEDIATE transactions, so there is no race to test there).
"""

import threading
from datetime import date

import pytest
from django.db import connection, connections, transaction

from ocop.certificates import services
from ocop.certificates.models import Decision, DecisionCounter
from ocop.certificates.numbering import format_number, next_number
from ocop.certificates.tests.factories import make_result
from ocop.core.testing import make_units
from ocop.registry.tests.factories import ProductFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql",
                       reason="needs PostgreSQL: SQLite serialises writers, there is no race to test"),
]
THREADS = 8


def run_in_threads(target, count: int = THREADS) -> list:
    """Run TARGET(i) in COUNT threads started together; returns results (or exceptions) by index."""
    barrier = threading.Barrier(count)
    results: list = [None] * count

    def worker(i):
        try:
            barrier.wait()
            results[i] = target(i)
        except Exception as exc:  # collected and asserted on by the test
            results[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def test_parallel_decisions_get_distinct_consecutive_numbers():
    units = make_units()
    results = [make_result(ProductFactory(producer__unit=units.commune_a,
                                          criteria_set="13")) for _ in range(THREADS)]

    def decide(i):
        decision = services.decision_issue(level="province", unit=units.dong_nai, results=[results[i]],
                                           signed_on=date.today(), actor=None)
        return decision.number

    numbers = run_in_threads(decide)
    assert not [n for n in numbers if isinstance(n, Exception)], numbers
    assert sorted(numbers, key=lambda n: int(n.split("/")[0])) == [format_number(i, "province") for i in range(1, 9)]
    assert DecisionCounter.objects.get().last_sequence == THREADS
    assert Decision.objects.count() == THREADS


def test_a_rolled_back_number_is_given_again_so_there_are_no_gaps():
    units = make_units()

    def take(i):
        with transaction.atomic():
            sequence, _ = next_number(level="province", unit=units.dong_nai, year=2026)
            if i % 2:
                raise RuntimeError("rolled back")  # its number goes back to the register
            Decision.objects.create(issuer_level="province", issuer_unit=units.dong_nai,
                                    issuer_key=f"province:{units.dong_nai.pk}", year=2026, sequence=sequence,
                                    number=format_number(sequence, "province"), signed_on=date(2026, 5, 1))
            return sequence

    outcomes = run_in_threads(take)
    kept = sorted(o for o in outcomes if isinstance(o, int))
    assert kept == list(range(1, THREADS // 2 + 1))
    assert DecisionCounter.objects.get().last_sequence == THREADS // 2


def test_two_parallel_decisions_for_the_same_result_leave_one():
    units = make_units()
    result = make_result(ProductFactory(producer__unit=units.commune_a, criteria_set="13"))

    def decide(i):
        return services.decision_issue(level="province", unit=units.dong_nai, results=[result],
                                       signed_on=date.today(), actor=None).number

    outcomes = run_in_threads(decide, 4)
    assert len([o for o in outcomes if isinstance(o, str)]) == 1
    assert Decision.objects.count() == 1 and DecisionCounter.objects.get().last_sequence == 1
