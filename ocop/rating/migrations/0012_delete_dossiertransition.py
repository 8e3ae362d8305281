from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("rating", "0011_transitions_to_core")]

    operations = [migrations.DeleteModel(name="DossierTransition")]
