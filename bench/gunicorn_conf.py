"""Gunicorn settings of the throughput case (bench/cases_wrk.py): the catalog's data cache is off in
every worker, so that each request does its queries, as in the in-process cases."""


def post_worker_init(worker):
    from django.conf import settings

    settings.OCOP_CATALOG_CACHE_SECONDS = 0
