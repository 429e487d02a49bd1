from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("programme", "0002_rollout"),
        ("programme", "0003_subsidy"),
        ("programme", "0004_support"),
        ("programme", "0005_training"),
        ("programme", "0006_partnerships"),
        ("programme", "0007_contact"),
    ]

    operations = []
