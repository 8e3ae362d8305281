from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('registry', '0007_api_sync_indexes'),
        ('territory', '0002_api_sync_indexes'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='producer',
            index=models.Index(fields=['name', 'id'], name='producer_name_idx'),
        ),
    ]
