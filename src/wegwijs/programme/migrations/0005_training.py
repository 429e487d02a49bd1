"""The training area's tables: trainings, the threshold, trained people (with the retention of training/retention.py), sessions, attendance and training dates."""

from decimal import Decimal

import django.core.validators
import django.db.models.deletion
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
            name='TrainingType',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('code', models.SlugField(max_length=40, unique=True, verbose_name='code')),
                ('name', models.CharField(max_length=120, verbose_name='name')),
                ('kind', models.CharField(choices=[('elearning', 'E-learning'), ('session', 'Session')], max_length=10, verbose_name='kind')),
                ('required', models.BooleanField(default=False, help_text='Someone counts as trained when every required training is completed.', verbose_name='required')),
                ('position', models.PositiveSmallIntegerField(default=100, verbose_name='position')),
                ('active', models.BooleanField(default=True, verbose_name='in use')),
                ('is_builtin', models.BooleanField(default=False, editable=False, verbose_name='built in')),
            ],
            options={
                'verbose_name': 'training',
                'verbose_name_plural': 'trainings',
                'ordering': ['position', 'name'],
            },
        ),
        migrations.CreateModel(
            name='TrainingPerson',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(blank=True, max_length=100, verbose_name='name')),
                ('role', models.CharField(choices=[('staff', 'Staff member'), ('volunteer', 'Volunteer')], max_length=10, verbose_name='role')),
                ('left_on', models.DateField(blank=True, help_text='The record is deleted a while after someone left.', null=True, verbose_name='left on')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='changed')),
                ('branches', models.ManyToManyField(blank=True, related_name='training_people', to='network.branch', verbose_name='branches')),
                ('library', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='training_people', to='network.organisation', verbose_name='library organisation')),
                ('user', models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='training_person', to=settings.AUTH_USER_MODEL, verbose_name='Wegwijs account')),
            ],
            options={
                'verbose_name': 'trained person',
                'verbose_name_plural': 'trained people',
                'ordering': ['library__name', 'name', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='TrainingPolicy',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('min_trained_per_hour', models.DecimalField(decimal_places=2, default=Decimal('0.25'), max_digits=4, validators=[django.core.validators.MinValueValidator(Decimal('0.01')), django.core.validators.MaxValueValidator(Decimal('10'))], verbose_name='trained people per weekly opening hour, at least')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='changed')),
                ('updated_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='changed by')),
            ],
            options={
                'verbose_name': 'training settings',
                'verbose_name_plural': 'training settings',
            },
        ),
        migrations.CreateModel(
            name='TrainingSession',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('date', models.DateField(verbose_name='date')),
                ('starts_at', models.TimeField(blank=True, null=True, verbose_name='starts at')),
                ('place', models.CharField(max_length=200, verbose_name='place')),
                ('given_by', models.CharField(blank=True, max_length=120, verbose_name='given by')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='created by')),
                ('organiser', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='training_sessions', to='network.organisation', verbose_name='organiser')),
                ('training', models.ForeignKey(limit_choices_to={'kind': 'session'}, on_delete=django.db.models.deletion.PROTECT, related_name='sessions', to='programme.trainingtype', verbose_name='training')),
            ],
            options={
                'verbose_name': 'training session',
                'verbose_name_plural': 'training sessions',
                'ordering': ['-date', 'training__position'],
            },
        ),
        migrations.CreateModel(
            name='TrainingAttendance',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('person', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='attendances', to='programme.trainingperson')),
                ('session', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='attendances', to='programme.trainingsession')),
            ],
            options={
                'verbose_name': 'attendance',
                'verbose_name_plural': 'attendances',
                'constraints': [models.UniqueConstraint(fields=('session', 'person'), name='programme_training_attendance_unique')],
            },
        ),
        migrations.CreateModel(
            name='TrainingRecord',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('started_on', models.DateField(blank=True, null=True, verbose_name='started on')),
                ('completed_on', models.DateField(blank=True, null=True, verbose_name='completed on')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='changed')),
                ('person', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='records', to='programme.trainingperson')),
                ('session', models.ForeignKey(blank=True, help_text='The session the completion came from, if any.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='programme.trainingsession', verbose_name='session')),
                ('training', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='records', to='programme.trainingtype', verbose_name='training')),
            ],
            options={
                'verbose_name': 'training record',
                'verbose_name_plural': 'training records',
                'ordering': ['person', 'training__position'],
                'constraints': [models.UniqueConstraint(fields=('person', 'training'), name='programme_training_record_unique'), models.CheckConstraint(condition=models.Q(('started_on__isnull', True), ('completed_on__isnull', True), ('completed_on__gte', models.F('started_on')), _connector='OR'), name='programme_training_record_order')],
            },
        ),
    ]
