"""Gunicorn settings of the throughput case (bench/cases_wrk.py): the public pages' cache is left at
its production default (on: pages cached per public data version, ocop.catalog.html_cache), as a
visitor meets it. BENCH_WRK_UNCACHED=1 turns it off in every worker, so that each request does its
queries and renders its page, as in the in-process cases."""

import os


def post_worker_init(worker):
    if os.environ.get("BENCH_WRK_UNCACHED") == "1":
        from django.conf import settings

        settings.OCOP_CATALOG_CACHE_SECONDS = 0
