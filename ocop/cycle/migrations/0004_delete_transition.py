from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("cycle", "0003_transitions_to_core")]

    operations = [migrations.DeleteModel(name="Transition")]
