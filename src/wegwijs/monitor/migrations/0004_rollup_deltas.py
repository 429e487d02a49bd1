"""Rollup deltas (PostgreSQL): the triggers append their counts to two delta tables instead
of upserting the rollups under one lock, so registrations no longer wait for each other; a
fold moves the deltas into the rollups (``wegwijs.monitor.rollups.fold``). The triggers are
recreated from ``rollups.trigger_sql`` (on SQLite they stay as they were). Migrating back
folds what is pending and restores the upserting triggers; stop the app first."""

from django.db import migrations, models


def install(apps, schema_editor):
    from wegwijs.monitor import rollups

    rollups.install_deltas(schema_editor.connection)


def remove(apps, schema_editor):
    from wegwijs.monitor import rollups

    rollups.install_deltas(schema_editor.connection, deltas=False)


class Migration(migrations.Migration):
    dependencies = [
        ("monitor", "0003_reports_and_open_data"),
    ]

    operations = [
        migrations.CreateModel(
            name="QuestionRollupDelta",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("shape", models.PositiveSmallIntegerField()),
                ("grain", models.CharField(choices=[("d", "day"), ("m", "month")], max_length=1)),
                (
                    "geo",
                    models.CharField(
                        choices=[("n", "national"), ("p", "province"), ("b", "branch")],
                        max_length=1,
                    ),
                ),
                ("geo_id", models.BigIntegerField()),
                ("period", models.DateField()),
                ("kind", models.CharField(blank=True, default="", max_length=12)),
                ("organisation", models.CharField(blank=True, default="", max_length=20)),
                ("theme", models.CharField(blank=True, default="", max_length=24)),
                ("help_given", models.CharField(blank=True, default="", max_length=14)),
                ("referral_target", models.CharField(blank=True, default="", max_length=24)),
                ("channel", models.CharField(blank=True, default="", max_length=10)),
                ("duration", models.CharField(blank=True, default="", max_length=6)),
                ("n", models.BigIntegerField()),
            ],
            options={
                "verbose_name": "question rollup delta",
                "verbose_name_plural": "question rollup deltas",
            },
        ),
        migrations.CreateModel(
            name="VisitRollupDelta",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("shape", models.PositiveSmallIntegerField()),
                ("grain", models.CharField(choices=[("d", "day"), ("m", "month")], max_length=1)),
                (
                    "geo",
                    models.CharField(
                        choices=[("n", "national"), ("p", "province"), ("b", "branch")],
                        max_length=1,
                    ),
                ),
                ("geo_id", models.BigIntegerField()),
                ("period", models.DateField()),
                ("weekday", models.SmallIntegerField(default=-1)),
                ("hour", models.SmallIntegerField(default=-1)),
                ("n", models.BigIntegerField()),
            ],
            options={
                "verbose_name": "visit rollup delta",
                "verbose_name_plural": "visit rollup deltas",
            },
        ),
        migrations.RunPython(install, remove),
    ]
