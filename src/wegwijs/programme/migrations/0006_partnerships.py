"""The partnerships area's tables, and the national set of criteria it starts with."""

import django.core.validators
import django.db.models.deletion
import django.db.models.functions.text
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def install_standard_criteria(apps, schema_editor):
    """The national set the programme office starts with (it keeps it on its page after)."""
    from wegwijs.programme.partnerships.services import STANDARD_CRITERIA

    national = apps.get_model("programme", "PartnershipNationalCriterion")
    if national.objects.exists():
        return
    national.objects.bulk_create(
        national(name=name, description=text, weight=weight, position=n)
        for n, (name, text, weight) in enumerate(STANDARD_CRITERIA, start=1)
    )


class Migration(migrations.Migration):
    dependencies = [
        ("programme", "0001_initial"),
        ("network", "0001_initial"),
        ("socialmap", "0002_location_lat_lon_index"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='PartnershipCriterion',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=200, verbose_name='name')),
                ('description', models.TextField(blank=True, max_length=1000, verbose_name='description')),
                ('weight', models.PositiveSmallIntegerField(default=3, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(5)], verbose_name='weight')),
                ('position', models.PositiveSmallIntegerField(default=0, verbose_name='position')),
                ('library', models.ForeignKey(limit_choices_to={'kind': 'library'}, on_delete=django.db.models.deletion.CASCADE, related_name='partnership_criteria', to='network.organisation', verbose_name='library organisation')),
            ],
            options={
                'verbose_name': 'partnership criterion',
                'verbose_name_plural': 'partnership criteria',
                'ordering': ['position', 'name', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='PartnershipGoal',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=200, verbose_name='goal')),
                ('description', models.TextField(blank=True, max_length=1000, verbose_name='description')),
                ('position', models.PositiveSmallIntegerField(default=0, verbose_name='position')),
                ('library', models.ForeignKey(limit_choices_to={'kind': 'library'}, on_delete=django.db.models.deletion.CASCADE, related_name='partnership_goals', to='network.organisation', verbose_name='library organisation')),
            ],
            options={
                'verbose_name': 'strategic goal',
                'verbose_name_plural': 'strategic goals',
                'ordering': ['position', 'name', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='PartnershipNationalCriterion',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=200, unique=True, verbose_name='name')),
                ('description', models.TextField(blank=True, max_length=1000, verbose_name='description')),
                ('weight', models.PositiveSmallIntegerField(default=3, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(5)], verbose_name='weight')),
                ('position', models.PositiveSmallIntegerField(default=0, verbose_name='position')),
            ],
            options={
                'verbose_name': 'national partnership criterion',
                'verbose_name_plural': 'national partnership criteria',
                'ordering': ['position', 'name'],
                'constraints': [models.CheckConstraint(condition=models.Q(('weight__gte', 1), ('weight__lte', 5)), name='programme_national_criterion_weight_1_5')],
            },
        ),
        migrations.CreateModel(
            name='PartnershipPartner',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=200, verbose_name='name')),
                ('sector', models.CharField(choices=[('sociaal-raadslieden', 'Social counsellors (sociaal raadslieden)'), ('formulierenhulp', 'Help with forms and letters'), ('welzijn', 'Welfare organisation'), ('schuldhulp', 'Debt help'), ('clientondersteuning', 'Client support of the municipality'), ('gemeente', 'Municipality'), ('zorg', 'Care (e.g. zorgkantoor, MEE)'), ('belangenorganisatie', "Interest group (seniors' union, trade union)"), ('vrijwilligers', 'Volunteer organisation (e.g. Humanitas)'), ('taal', 'Language and basic skills (e.g. Taalhuis)'), ('overheid', 'Public service provider'), ('overig', 'Other')], default='overig', max_length=30, verbose_name='kind of partner')),
                ('status', models.CharField(choices=[('potential', 'Potential partner'), ('exploring', 'Exploring'), ('active', 'Active partnership'), ('ended', 'Ended')], default='potential', max_length=20, verbose_name='status')),
                ('notes', models.TextField(blank=True, max_length=2000, verbose_name='notes')),
                ('interests', models.TextField(blank=True, max_length=1000, verbose_name='interests')),
                ('influence', models.PositiveSmallIntegerField(blank=True, null=True, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(5)], verbose_name='influence')),
                ('added_value', models.PositiveSmallIntegerField(blank=True, null=True, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(5)], verbose_name='added value')),
                ('attitude', models.CharField(blank=True, choices=[('supportive', 'Supportive'), ('neutral', 'Neutral'), ('critical', 'Critical')], max_length=20, verbose_name='attitude')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='created')),
                ('updated_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='updated')),
                ('library', models.ForeignKey(limit_choices_to={'kind': 'library'}, on_delete=django.db.models.deletion.CASCADE, related_name='partnership_partners', to='network.organisation', verbose_name='library organisation')),
                ('social_organization', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='partnership_partners', to='socialmap.socialorganization', verbose_name='organisation on the social map')),
                ('updated_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='updated by')),
            ],
            options={
                'verbose_name': 'partner',
                'verbose_name_plural': 'partners',
                'ordering': ['name', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='PartnershipContribution',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('level', models.CharField(choices=[('none', 'None'), ('some', 'Some'), ('strong', 'Strong')], max_length=10, verbose_name='contribution')),
                ('note', models.CharField(blank=True, max_length=300, verbose_name='note')),
                ('goal', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='contributions', to='programme.partnershipgoal')),
                ('partner', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='contributions', to='programme.partnershippartner')),
            ],
            options={
                'verbose_name': 'contribution to a goal',
                'verbose_name_plural': 'contributions to goals',
            },
        ),
        migrations.CreateModel(
            name='PartnershipScore',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('fit', models.PositiveSmallIntegerField(validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(5)], verbose_name='fit')),
                ('added_value', models.PositiveSmallIntegerField(validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(5)], verbose_name='added value')),
                ('feasibility', models.PositiveSmallIntegerField(validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(5)], verbose_name='feasibility')),
                ('updated_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='updated')),
                ('criterion', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='scores', to='programme.partnershipcriterion')),
                ('partner', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='scores', to='programme.partnershippartner')),
            ],
            options={
                'verbose_name': 'partnership score',
                'verbose_name_plural': 'partnership scores',
                'ordering': ['partner', 'criterion'],
            },
        ),
        migrations.CreateModel(
            name='PartnershipTactic',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('approach', models.TextField(max_length=1000, verbose_name='approach')),
                ('who', models.CharField(blank=True, max_length=200, verbose_name='who')),
                ('planned_for', models.DateField(blank=True, null=True, verbose_name='when')),
                ('status', models.CharField(choices=[('planned', 'Planned'), ('under_way', 'Under way'), ('done', 'Done'), ('dropped', 'Dropped')], default='planned', max_length=20, verbose_name='status')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='created')),
                ('updated_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='updated')),
                ('partner', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='tactics', to='programme.partnershippartner')),
            ],
            options={
                'verbose_name': 'tactic',
                'verbose_name_plural': 'tactics',
                'ordering': ['planned_for', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='PartnershipAdviceSettings',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('start_from', models.PositiveSmallIntegerField(default=70, validators=[django.core.validators.MinValueValidator(0), django.core.validators.MaxValueValidator(100)], verbose_name='start the partnership from')),
                ('explore_from', models.PositiveSmallIntegerField(default=50, validators=[django.core.validators.MinValueValidator(0), django.core.validators.MaxValueValidator(100)], verbose_name='explore further from')),
                ('library', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='partnership_advice_settings', to='network.organisation', verbose_name='library organisation')),
            ],
            options={
                'verbose_name': 'advice thresholds',
                'verbose_name_plural': 'advice thresholds',
                'constraints': [models.CheckConstraint(condition=models.Q(('explore_from__gte', 0), ('explore_from__lte', models.F('start_from')), ('start_from__lte', 100)), name='programme_advice_thresholds_ordered')],
            },
        ),
        migrations.AddConstraint(
            model_name='partnershipcriterion',
            constraint=models.UniqueConstraint(django.db.models.functions.text.Lower('name'), models.F('library'), name='programme_criterion_name_once_per_library'),
        ),
        migrations.AddConstraint(
            model_name='partnershipcriterion',
            constraint=models.CheckConstraint(condition=models.Q(('weight__gte', 1), ('weight__lte', 5)), name='programme_criterion_weight_1_5'),
        ),
        migrations.AddConstraint(
            model_name='partnershipgoal',
            constraint=models.UniqueConstraint(django.db.models.functions.text.Lower('name'), models.F('library'), name='programme_goal_name_once_per_library'),
        ),
        migrations.AddConstraint(
            model_name='partnershippartner',
            constraint=models.UniqueConstraint(django.db.models.functions.text.Lower('name'), models.F('library'), name='programme_partner_name_once_per_library'),
        ),
        migrations.AddConstraint(
            model_name='partnershippartner',
            constraint=models.UniqueConstraint(condition=models.Q(('social_organization__isnull', False)), fields=('library', 'social_organization'), name='programme_partner_socialmap_once_per_library'),
        ),
        migrations.AddConstraint(
            model_name='partnershippartner',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('influence__gte', 1), ('influence__lte', 5)), ('influence__isnull', True), _connector='OR'), name='programme_partner_influence_1_5'),
        ),
        migrations.AddConstraint(
            model_name='partnershippartner',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('added_value__gte', 1), ('added_value__lte', 5)), ('added_value__isnull', True), _connector='OR'), name='programme_partner_added_value_1_5'),
        ),
        migrations.AddConstraint(
            model_name='partnershipcontribution',
            constraint=models.UniqueConstraint(fields=('partner', 'goal'), name='programme_contribution_once_per_goal'),
        ),
        migrations.AddConstraint(
            model_name='partnershipcontribution',
            constraint=models.CheckConstraint(condition=models.Q(('level__in', ['none', 'some', 'strong'])), name='programme_contribution_level_known'),
        ),
        migrations.AddConstraint(
            model_name='partnershipscore',
            constraint=models.UniqueConstraint(fields=('partner', 'criterion'), name='programme_score_once_per_criterion'),
        ),
        migrations.AddConstraint(
            model_name='partnershipscore',
            constraint=models.CheckConstraint(condition=models.Q(('fit__gte', 1), ('fit__lte', 5)), name='programme_score_fit_1_5'),
        ),
        migrations.AddConstraint(
            model_name='partnershipscore',
            constraint=models.CheckConstraint(condition=models.Q(('added_value__gte', 1), ('added_value__lte', 5)), name='programme_score_added_value_1_5'),
        ),
        migrations.AddConstraint(
            model_name='partnershipscore',
            constraint=models.CheckConstraint(condition=models.Q(('feasibility__gte', 1), ('feasibility__lte', 5)), name='programme_score_feasibility_1_5'),
        ),
        migrations.AddConstraint(
            model_name='partnershiptactic',
            constraint=models.CheckConstraint(condition=models.Q(('status__in', ['planned', 'under_way', 'done', 'dropped'])), name='programme_tactic_status_known'),
        ),
        migrations.RunPython(install_standard_criteria, migrations.RunPython.noop),
    ]
