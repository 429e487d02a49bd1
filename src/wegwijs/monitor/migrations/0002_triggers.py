"""The triggers that keep the rollups current (SQL in wegwijs.monitor.rollups), and the
counts of any registrations that exist already."""

from django.db import migrations


def install(apps, schema_editor):
    from wegwijs.monitor import rollups

    rollups.install_triggers(schema_editor.connection)
    rollups.rebuild(using=schema_editor.connection.alias)


def remove(apps, schema_editor):
    from wegwijs.monitor import rollups

    rollups.remove_triggers(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("monitor", "0001_initial"),
        ("desk", "0001_initial"),
        ("network", "0001_initial"),
    ]

    operations = [migrations.RunPython(install, remove)]
