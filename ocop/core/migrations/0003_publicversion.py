from django.db import migrations, models


def create_row(apps, schema_editor):
    apps.get_model("core", "PublicVersion").objects.get_or_create(pk=1)


class Migration(migrations.Migration):
    dependencies = [("core", "0002_scheduledrun")]

    operations = [
        migrations.CreateModel(
            name="PublicVersion",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("value", models.BigIntegerField(default=0, verbose_name="phiên bản")),
            ],
            options={"verbose_name": "phiên bản dữ liệu công khai", "verbose_name_plural": "phiên bản dữ liệu công khai"},
        ),
        migrations.RunPython(create_row, migrations.RunPython.noop),
    ]
