"""The support area's tables: the catalogue of support activities, the libraries' trajectories, the Soob learning network."""

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
            name='SoobMeeting',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('topic', models.CharField(max_length=200, verbose_name='topic')),
                ('date', models.DateField(verbose_name='date')),
                ('starts_at', models.TimeField(blank=True, null=True, verbose_name='starts at')),
                ('online', models.BooleanField(default=False, verbose_name='online')),
                ('place', models.CharField(blank=True, max_length=200, verbose_name='place')),
                ('description', models.TextField(blank=True, max_length=2000, verbose_name='description')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='changed')),
                ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='created by')),
                ('organiser', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='soob_meetings', to='network.organisation', verbose_name='organiser (POI)')),
                ('provinces', models.ManyToManyField(related_name='+', to='network.province', verbose_name='provinces')),
            ],
            options={
                'verbose_name': 'Soob meeting',
                'verbose_name_plural': 'Soob meetings',
                'ordering': ['-date', '-starts_at', 'topic'],
            },
        ),
        migrations.CreateModel(
            name='SoobMaterial',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('title', models.CharField(max_length=200, verbose_name='title')),
                ('description', models.TextField(blank=True, max_length=2000, verbose_name='description')),
                ('file', models.FileField(blank=True, upload_to='programme/support/soob/%Y/', verbose_name='file')),
                ('filename', models.CharField(blank=True, max_length=200, verbose_name='file name')),
                ('size', models.PositiveIntegerField(default=0, verbose_name='size in bytes')),
                ('url', models.URLField(blank=True, max_length=500, verbose_name='link')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='added')),
                ('added_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='added by')),
                ('meeting', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='materials', to='programme.soobmeeting')),
            ],
            options={
                'verbose_name': 'Soob material',
                'verbose_name_plural': 'Soob materials',
                'ordering': ['meeting', 'title'],
            },
        ),
        migrations.CreateModel(
            name='SoobParticipation',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('people', models.PositiveSmallIntegerField(default=1, verbose_name='number of people')),
                ('library', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='soob_participations', to='network.organisation', verbose_name='library organisation')),
                ('meeting', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='participations', to='programme.soobmeeting')),
            ],
            options={
                'verbose_name': 'Soob participant',
                'verbose_name_plural': 'Soob participants',
                'ordering': ['library__name'],
            },
        ),
        migrations.CreateModel(
            name='SupportActivityType',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('code', models.SlugField(max_length=40, unique=True, verbose_name='code')),
                ('name', models.CharField(max_length=120, verbose_name='name')),
                ('tier', models.CharField(choices=[('basic', 'Basic support'), ('extra', 'Extra support')], max_length=10, verbose_name='tier')),
                ('category', models.CharField(choices=[('conversation', 'Conversation or advice'), ('session', 'Meeting or session')], max_length=20, verbose_name='form')),
                ('offered_everywhere', models.BooleanField(default=False, help_text='Basic support is offered everywhere; extra support only where chosen.', verbose_name='offered in every province')),
                ('position', models.PositiveSmallIntegerField(default=100, verbose_name='position')),
                ('active', models.BooleanField(default=True, verbose_name='active')),
                ('is_builtin', models.BooleanField(default=False, editable=False, verbose_name='built in')),
                ('provinces', models.ManyToManyField(blank=True, related_name='+', to='network.province', verbose_name='offered in')),
            ],
            options={
                'verbose_name': 'support activity',
                'verbose_name_plural': 'support activities',
                'ordering': ['tier', 'position', 'name'],
            },
        ),
        migrations.CreateModel(
            name='SupportItem',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('planned_on', models.DateField(blank=True, null=True, verbose_name='planned for')),
                ('done_on', models.DateField(blank=True, null=True, verbose_name='done on')),
                ('notes', models.TextField(blank=True, max_length=2000, verbose_name='notes')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='changed')),
                ('activity', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='items', to='programme.supportactivitytype', verbose_name='activity')),
                ('consultant', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='support_items', to=settings.AUTH_USER_MODEL, verbose_name='POI consultant')),
                ('library', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='support_items', to='network.organisation', verbose_name='library organisation')),
                ('updated_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='changed by')),
            ],
            options={
                'verbose_name': 'support activity of a library',
                'verbose_name_plural': 'support activities of libraries',
                'ordering': ['library__name', 'activity__tier', 'activity__position'],
            },
        ),
        migrations.AddConstraint(
            model_name='soobmeeting',
            constraint=models.CheckConstraint(condition=models.Q(('online', True), models.Q(('place', ''), _negated=True), _connector='OR'), name='programme_soob_meeting_has_place'),
        ),
        migrations.AddConstraint(
            model_name='soobmaterial',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(models.Q(('file', ''), _negated=True), ('url', '')), models.Q(('file', ''), models.Q(('url', ''), _negated=True)), _connector='OR'), name='programme_soob_material_file_or_link'),
        ),
        migrations.AddConstraint(
            model_name='soobparticipation',
            constraint=models.UniqueConstraint(fields=('meeting', 'library'), name='programme_soob_participation_unique'),
        ),
        migrations.AddConstraint(
            model_name='soobparticipation',
            constraint=models.CheckConstraint(condition=models.Q(('people__gte', 1)), name='programme_soob_participation_people'),
        ),
        migrations.AddConstraint(
            model_name='supportitem',
            constraint=models.UniqueConstraint(fields=('library', 'activity'), name='programme_support_item_unique'),
        ),
    ]
