"""The rollout area's tables."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import wegwijs.programme.rollout.models


class Migration(migrations.Migration):
    dependencies = [
        ("network", "0001_initial"),
        ("programme", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="RolloutStep",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("key", models.SlugField(unique=True, verbose_name="key")),
                ("title", models.CharField(max_length=120, verbose_name="step")),
                (
                    "description",
                    models.TextField(blank=True, max_length=2000, verbose_name="explanation"),
                ),
                ("position", models.PositiveSmallIntegerField(default=0, verbose_name="position")),
                (
                    "due_offset_days",
                    models.SmallIntegerField(
                        default=0,
                        help_text="Negative: before the opening; for example -30 is a month before.",
                        verbose_name="due (days from the planned opening)",
                    ),
                ),
                (
                    "suggestion",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("", "None"),
                            ("socialmap", "Published offers on the social map"),
                            ("opening", "The actual opening date"),
                        ],
                        default="",
                        max_length=20,
                        verbose_name="what Wegwijs suggests",
                    ),
                ),
                (
                    "active",
                    models.BooleanField(
                        default=True,
                        help_text="A step no longer in use keeps its history but leaves the checklists.",
                        verbose_name="in use",
                    ),
                ),
            ],
            options={
                "verbose_name": "checklist step",
                "verbose_name_plural": "checklist steps",
                "ordering": ["position", "pk"],
            },
        ),
        migrations.CreateModel(
            name="RolloutWave",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "code",
                    models.CharField(
                        choices=[
                            ("kopgroep-2019", "Kopgroep 2019"),
                            ("2020", "2020"),
                            ("2021", "2021"),
                            ("later", "Later"),
                        ],
                        max_length=20,
                        unique=True,
                        verbose_name="wave",
                    ),
                ),
                (
                    "planned_libraries",
                    models.PositiveSmallIntegerField(verbose_name="planned number of libraries"),
                ),
                (
                    "planned_start",
                    models.DateField(
                        help_text="The first day an Informatiepunt of this wave may open.",
                        verbose_name="planned start",
                    ),
                ),
                (
                    "description",
                    models.TextField(blank=True, max_length=2000, verbose_name="description"),
                ),
                (
                    "selection_criteria",
                    models.TextField(
                        blank=True,
                        help_text="How the libraries were chosen: spread over the country, kind of area, cooperation with local partners.",
                        max_length=2000,
                        verbose_name="selection criteria",
                    ),
                ),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated")),
            ],
            options={
                "verbose_name": "rollout wave",
                "verbose_name_plural": "rollout waves",
                "ordering": ["planned_start", "code"],
            },
        ),
        migrations.CreateModel(
            name="LibraryRollout",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "planned_opening",
                    models.DateField(blank=True, null=True, verbose_name="planned opening"),
                ),
                (
                    "actual_opening",
                    models.DateField(blank=True, null=True, verbose_name="actual opening"),
                ),
                (
                    "area_kind",
                    models.CharField(
                        blank=True,
                        choices=[("urban", "Urban"), ("rural", "Rural"), ("mixed", "Mixed")],
                        max_length=10,
                        verbose_name="kind of area",
                    ),
                ),
                (
                    "partner_cooperation",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("none", "No cooperation yet"),
                            ("starting", "Cooperation starting"),
                            ("established", "Established cooperation"),
                        ],
                        max_length=15,
                        verbose_name="cooperation with local partners",
                    ),
                ),
                (
                    "selection_notes",
                    models.TextField(
                        blank=True, max_length=2000, verbose_name="notes on the selection"
                    ),
                ),
                ("notes", models.TextField(blank=True, max_length=2000, verbose_name="notes")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated")),
                (
                    "library",
                    models.OneToOneField(
                        limit_choices_to={"kind": "library"},
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="rollout",
                        to="network.organisation",
                        verbose_name="library organisation",
                    ),
                ),
                (
                    "updated_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="updated by",
                    ),
                ),
            ],
            options={
                "verbose_name": "library rollout",
                "verbose_name_plural": "library rollouts",
                "ordering": ["library__name"],
            },
        ),
        migrations.CreateModel(
            name="RolloutStepProgress",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "due_date",
                    models.DateField(
                        blank=True,
                        help_text="Leave empty to follow the planned opening.",
                        null=True,
                        verbose_name="due date",
                    ),
                ),
                ("done_on", models.DateField(blank=True, null=True, verbose_name="done on")),
                (
                    "marked_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="marked at"),
                ),
                (
                    "from_suggestion",
                    models.BooleanField(default=False, verbose_name="confirmed from Wegwijs data"),
                ),
                (
                    "evidence_note",
                    models.CharField(blank=True, max_length=500, verbose_name="evidence"),
                ),
                (
                    "evidence_link",
                    models.URLField(
                        blank=True, max_length=500, verbose_name="link to the evidence"
                    ),
                ),
                (
                    "evidence_file",
                    models.FileField(
                        blank=True,
                        max_length=200,
                        upload_to=wegwijs.programme.rollout.models.evidence_path,
                        verbose_name="evidence file",
                    ),
                ),
                (
                    "done_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="marked by",
                    ),
                ),
                (
                    "library",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="rollout_steps",
                        to="network.organisation",
                        verbose_name="library organisation",
                    ),
                ),
                (
                    "step",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="progress",
                        to="programme.rolloutstep",
                        verbose_name="step",
                    ),
                ),
            ],
            options={
                "verbose_name": "checklist progress",
                "verbose_name_plural": "checklist progress",
                "ordering": ["library", "step__position"],
            },
        ),
        migrations.AddConstraint(
            model_name="rolloutstepprogress",
            constraint=models.UniqueConstraint(
                fields=("library", "step"), name="rollout_step_once"
            ),
        ),
    ]
