from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("program", "0003_transitions_to_core")]

    operations = [migrations.DeleteModel(name="TaskTransition")]
