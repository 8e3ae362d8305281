from ocop.cycle.tests.conftest import world  # noqa: F401  (the same producers around the personas)
