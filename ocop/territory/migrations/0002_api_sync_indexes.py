import django.db.models.functions.datetime
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('territory', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='adminunit',
            name='updated_at',
            field=models.DateTimeField(auto_now=True, db_default=django.db.models.functions.datetime.Now(), verbose_name='cập nhật lúc'),
        ),
        migrations.AddIndex(
            model_name='adminunit',
            index=models.Index(fields=['updated_at', 'id'], name='adminunit_updated_idx'),
        ),
    ]
