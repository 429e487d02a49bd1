"""The subsidy area's tables."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("programme", "0001_initial"),
        ("network", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="SubsidyApplication",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("number", models.PositiveIntegerField(verbose_name="number")),
                (
                    "reference",
                    models.CharField(max_length=30, unique=True, verbose_name="reference number"),
                ),
                (
                    "state",
                    models.CharField(
                        choices=[
                            ("draft", "Draft"),
                            ("submitted", "Submitted"),
                            ("assessed", "Assessed"),
                            ("granted", "Granted"),
                            ("rejected", "Rejected"),
                            ("paid", "Paid"),
                            ("settled", "Settled"),
                            ("withdrawn", "Withdrawn"),
                        ],
                        db_index=True,
                        default="draft",
                        max_length=10,
                        verbose_name="state",
                    ),
                ),
                ("contact", models.TextField(blank=True, max_length=500, verbose_name="contact")),
                (
                    "assessment_note",
                    models.TextField(blank=True, max_length=2000, verbose_name="assessment"),
                ),
                (
                    "decision_reason",
                    models.TextField(
                        blank=True, max_length=2000, verbose_name="reason for the decision"
                    ),
                ),
                (
                    "created_at",
                    models.DateTimeField(
                        default=django.utils.timezone.now, verbose_name="created at"
                    ),
                ),
                (
                    "updated_at",
                    models.DateTimeField(
                        default=django.utils.timezone.now, verbose_name="changed at"
                    ),
                ),
                (
                    "submitted_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="submitted at"),
                ),
                (
                    "assessed_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="assessed at"),
                ),
                (
                    "decided_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="decided at"),
                ),
                ("paid_on", models.DateField(blank=True, null=True, verbose_name="paid on")),
                ("settled_on", models.DateField(blank=True, null=True, verbose_name="settled on")),
                (
                    "applicant",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="subsidy_applications",
                        to="network.organisation",
                        verbose_name="applicant",
                    ),
                ),
                (
                    "created_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="created by",
                    ),
                ),
            ],
            options={
                "verbose_name": "subsidy application",
                "verbose_name_plural": "subsidy applications",
                "ordering": ["-created_at", "-pk"],
            },
        ),
        migrations.CreateModel(
            name="SubsidyApplicationLine",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("start_year", models.PositiveSmallIntegerField(verbose_name="start year")),
                ("live", models.BooleanField(default=True, verbose_name="live")),
                (
                    "application",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="lines",
                        to="programme.subsidyapplication",
                    ),
                ),
                (
                    "library",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="subsidy_lines",
                        to="network.organisation",
                        verbose_name="library organisation",
                    ),
                ),
            ],
            options={
                "verbose_name": "application line",
                "verbose_name_plural": "application lines",
                "ordering": ["application", "library__name"],
            },
        ),
        migrations.CreateModel(
            name="SubsidyDecisionLetter",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "decision",
                    models.CharField(
                        choices=[
                            ("draft", "Draft"),
                            ("submitted", "Submitted"),
                            ("assessed", "Assessed"),
                            ("granted", "Granted"),
                            ("rejected", "Rejected"),
                            ("paid", "Paid"),
                            ("settled", "Settled"),
                            ("withdrawn", "Withdrawn"),
                        ],
                        max_length=10,
                        verbose_name="decision",
                    ),
                ),
                (
                    "issued_at",
                    models.DateTimeField(
                        default=django.utils.timezone.now, verbose_name="issued at"
                    ),
                ),
                ("data", models.JSONField(default=dict, verbose_name="letter data")),
                (
                    "application",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="letter",
                        to="programme.subsidyapplication",
                    ),
                ),
            ],
            options={
                "verbose_name": "decision letter",
                "verbose_name_plural": "decision letters",
            },
        ),
        migrations.CreateModel(
            name="SubsidyEvent",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "action",
                    models.CharField(
                        choices=[
                            ("create", "created"),
                            ("update", "changed"),
                            ("submit", "submitted"),
                            ("withdraw", "withdrawn"),
                            ("assess", "assessed"),
                            ("grant", "granted"),
                            ("reject", "rejected"),
                            ("pay", "payment recorded"),
                            ("settle", "settled"),
                        ],
                        max_length=10,
                        verbose_name="action",
                    ),
                ),
                (
                    "from_state",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("draft", "Draft"),
                            ("submitted", "Submitted"),
                            ("assessed", "Assessed"),
                            ("granted", "Granted"),
                            ("rejected", "Rejected"),
                            ("paid", "Paid"),
                            ("settled", "Settled"),
                            ("withdrawn", "Withdrawn"),
                        ],
                        max_length=10,
                        verbose_name="from",
                    ),
                ),
                (
                    "to_state",
                    models.CharField(
                        choices=[
                            ("draft", "Draft"),
                            ("submitted", "Submitted"),
                            ("assessed", "Assessed"),
                            ("granted", "Granted"),
                            ("rejected", "Rejected"),
                            ("paid", "Paid"),
                            ("settled", "Settled"),
                            ("withdrawn", "Withdrawn"),
                        ],
                        max_length=10,
                        verbose_name="to",
                    ),
                ),
                (
                    "at",
                    models.DateTimeField(default=django.utils.timezone.now, verbose_name="when"),
                ),
                ("changes", models.JSONField(blank=True, default=dict, verbose_name="changes")),
                (
                    "application",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="events",
                        to="programme.subsidyapplication",
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="by",
                    ),
                ),
            ],
            options={
                "verbose_name": "subsidy application event",
                "verbose_name_plural": "subsidy application events",
                "ordering": ["at", "pk"],
            },
        ),
        migrations.CreateModel(
            name="SubsidyLineAmount",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("year", models.PositiveSmallIntegerField(verbose_name="budget year")),
                (
                    "requested",
                    models.DecimalField(decimal_places=2, max_digits=12, verbose_name="requested"),
                ),
                (
                    "granted",
                    models.DecimalField(
                        blank=True,
                        decimal_places=2,
                        max_digits=12,
                        null=True,
                        verbose_name="granted",
                    ),
                ),
                (
                    "paid",
                    models.DecimalField(
                        blank=True, decimal_places=2, max_digits=12, null=True, verbose_name="paid"
                    ),
                ),
                (
                    "settled",
                    models.DecimalField(
                        blank=True,
                        decimal_places=2,
                        max_digits=12,
                        null=True,
                        verbose_name="settled",
                    ),
                ),
                (
                    "line",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="amounts",
                        to="programme.subsidyapplicationline",
                    ),
                ),
            ],
            options={
                "verbose_name": "amount per year",
                "verbose_name_plural": "amounts per year",
                "ordering": ["line", "year"],
            },
        ),
        migrations.CreateModel(
            name="SubsidyScheme",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=200, verbose_name="name")),
                ("slug", models.SlugField(max_length=100, unique=True, verbose_name="slug")),
                (
                    "reference_prefix",
                    models.CharField(
                        default="DI",
                        help_text="Capital letters, e.g. DI: reference numbers look like DI-2019-0042.",
                        max_length=10,
                        verbose_name="reference prefix",
                    ),
                ),
                ("start_year", models.PositiveSmallIntegerField(verbose_name="first budget year")),
                ("end_year", models.PositiveSmallIntegerField(verbose_name="last budget year")),
                (
                    "deadline",
                    models.DateTimeField(
                        help_text="Applications are accepted until this moment (Dutch time). 11 October 2019 at 24.00 is 12 October 2019 at 00:00.",
                        verbose_name="deadline",
                    ),
                ),
                (
                    "allowed_start_years",
                    models.JSONField(
                        default=list,
                        help_text="The years in which a library may open its IDO, e.g. [2020, 2021].",
                        verbose_name="allowed start years",
                    ),
                ),
                (
                    "max_per_organisation",
                    models.DecimalField(
                        blank=True,
                        decimal_places=2,
                        help_text="Optional: the most one library may receive over all years.",
                        max_digits=12,
                        null=True,
                        verbose_name="maximum per organisation",
                    ),
                ),
                (
                    "issuer",
                    models.TextField(
                        default="Koninklijke Bibliotheek\nProgramma Digitale Inclusie\nPostbus 90407\n2509 LK Den Haag",
                        help_text="The sender's lines at the top of every decision letter.",
                        verbose_name="letterhead",
                    ),
                ),
                (
                    "is_demo",
                    models.BooleanField(
                        default=False,
                        help_text="Demo schemes show that their amounts are illustrative.",
                        verbose_name="demo data",
                    ),
                ),
            ],
            options={
                "verbose_name": "subsidy scheme",
                "verbose_name_plural": "subsidy schemes",
                "ordering": ["-start_year", "name"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("end_year__gte", models.F("start_year"))),
                        name="subsidy_scheme_period_valid",
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="SubsidyBudgetYear",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("year", models.PositiveSmallIntegerField(verbose_name="year")),
                (
                    "amount",
                    models.DecimalField(decimal_places=2, max_digits=14, verbose_name="budget"),
                ),
                (
                    "scheme",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="budget_years",
                        to="programme.subsidyscheme",
                    ),
                ),
            ],
            options={
                "verbose_name": "budget year",
                "verbose_name_plural": "funding schedule",
                "ordering": ["scheme", "year"],
            },
        ),
        migrations.AddField(
            model_name="subsidyapplicationline",
            name="scheme",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="programme.subsidyscheme",
            ),
        ),
        migrations.AddField(
            model_name="subsidyapplication",
            name="scheme",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="applications",
                to="programme.subsidyscheme",
                verbose_name="scheme",
            ),
        ),
        migrations.AddConstraint(
            model_name="subsidylineamount",
            constraint=models.UniqueConstraint(
                fields=("line", "year"), name="subsidy_amount_year_once"
            ),
        ),
        migrations.AddConstraint(
            model_name="subsidylineamount",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("requested__gte", 0),
                    models.Q(("granted__isnull", True), ("granted__gte", 0), _connector="OR"),
                    models.Q(("paid__isnull", True), ("paid__gte", 0), _connector="OR"),
                    models.Q(("settled__isnull", True), ("settled__gte", 0), _connector="OR"),
                ),
                name="subsidy_amounts_not_negative",
            ),
        ),
        migrations.AddConstraint(
            model_name="subsidybudgetyear",
            constraint=models.UniqueConstraint(
                fields=("scheme", "year"), name="subsidy_budget_year_unique"
            ),
        ),
        migrations.AddConstraint(
            model_name="subsidybudgetyear",
            constraint=models.CheckConstraint(
                condition=models.Q(("amount__gte", 0)), name="subsidy_budget_not_negative"
            ),
        ),
        migrations.AddConstraint(
            model_name="subsidyapplicationline",
            constraint=models.UniqueConstraint(
                fields=("application", "library"), name="subsidy_line_library_once"
            ),
        ),
        migrations.AddConstraint(
            model_name="subsidyapplicationline",
            constraint=models.UniqueConstraint(
                condition=models.Q(("live", True)),
                fields=("scheme", "library"),
                name="subsidy_one_live_application_per_library",
            ),
        ),
        migrations.AddConstraint(
            model_name="subsidyapplication",
            constraint=models.UniqueConstraint(
                fields=("scheme", "number"), name="subsidy_application_number_unique"
            ),
        ),
    ]
