from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('rating', '0009_api_sync_indexes'),
        ('registry', '0007_api_sync_indexes'),
        ('territory', '0002_api_sync_indexes'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name='dossier',
            index=models.Index(fields=['-year', '-id'], name='dossier_newest_idx'),
        ),
    ]
