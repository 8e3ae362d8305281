import pytest
from django.db import transaction

from ocop.territory.loader import load_units


@pytest.fixture(scope="module")
def loaded_units(django_db_setup, django_db_blocker):
    """The real data files, loaded once per test module inside a transaction that is rolled
    back afterwards. Each test runs in a savepoint nested in it, as in Django's TestCase."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            result = load_units()
        except BaseException:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            raise
    yield result
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        atomic.__exit__(None, None, None)
