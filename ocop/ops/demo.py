"""The Đồng Nai demo: each app contributes a seed step; `ocop seed-demo` runs them in order.

Every step is idempotent (natural keys, get_or_create), so running it again loses nothing.
"""

from django.db import transaction
from django.utils.module_loading import import_string

DEMO_STEPS = [
    "ocop.accounts.demo.seed",
    "ocop.registry.demo.seed",
    "ocop.cycle.demo.seed",
    "ocop.rating.demo.seed",
    "ocop.certificates.demo.seed",
    "ocop.program.demo.seed",
    "ocop.promotion.demo.seed",
    "ocop.portal.demo.seed",  # last: work waiting for every demo account
]


def seed_all(log=print) -> dict:
    """Run every demo step; returns what each step reported."""
    results = {}
    for path in DEMO_STEPS:
        with transaction.atomic():
            results[path] = import_string(path)(log=log)
    return results
