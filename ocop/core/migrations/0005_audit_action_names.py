"""Audit actions renamed to `<domain>.<verb>` (ocop.core.audit.AuditAction): the stored rows follow.

The log is append-only for the application; this rewrite of the action's spelling (nothing else) is
the one deliberate exception, so that a filter on an action finds its old events too.
"""

from django.db import migrations

RENAMED = {
    "download": "file.download",
    "portal.register": "producer.register",
    "implementation.milestone": "implementation.milestone_save",
    "implementation.support": "implementation.support_save",
    "sheets.reopen": "sheet.reopen",
    "result.historical": "result.historical_record",
    "catalog.fake_report": "catalog.fake_report_create",
    "promotion.product_sales_points": "promotion.sales_points_set",
}


def rename(apps, mapping):
    events = apps.get_model("core", "AuditEvent").objects  # the migration's plain manager may update
    for old, new in mapping.items():
        events.filter(action=old).update(action=new)


class Migration(migrations.Migration):
    dependencies = [("core", "0004_transition")]

    operations = [
        migrations.RunPython(
            lambda apps, schema_editor: rename(apps, RENAMED),
            lambda apps, schema_editor: rename(apps, {new: old for old, new in RENAMED.items()}),
        ),
    ]
