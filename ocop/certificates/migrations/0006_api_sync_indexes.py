from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('certificates', '0005_constraint_messages'),
        ('rating', '0009_api_sync_indexes'),
        ('registry', '0007_api_sync_indexes'),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='certificate',
            name='certificate_newest_idx',
        ),
        migrations.AddIndex(
            model_name='certificate',
            index=models.Index(fields=['-issued_on', '-id', 'product', 'stars', 'valid_until', 'extended_until', 'revoked_on'], name='certificate_newest_idx'),
        ),
        migrations.AddIndex(
            model_name='certificate',
            index=models.Index(fields=['stars', '-issued_on', '-id', 'product', 'valid_until', 'extended_until', 'revoked_on'], name='certificate_stars_newest_idx'),
        ),
        migrations.AddIndex(
            model_name='certificate',
            index=models.Index(fields=['updated_at', 'id'], name='certificate_updated_idx'),
        ),
    ]
