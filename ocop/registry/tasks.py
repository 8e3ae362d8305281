"""Background work of the registry (django.tasks; run by `ocop db_worker`).

* export_products — every product in a user's scope to an Excel file in storage, for exports
  too big to make within a web request (export_stream.py).
"""

from django.tasks import task


@task
def export_products(user_id: int) -> dict:
    from ocop.accounts.models import User
    from ocop.registry.export_stream import product_export_store

    return product_export_store(user=User.objects.get(pk=user_id))
