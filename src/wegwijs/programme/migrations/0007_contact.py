"""The contact area's tables: POI experts, "Meer weten?" requests and their events, news
items and materials."""

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
            name='ContactRequest',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('status', models.CharField(choices=[('open', 'Open'), ('handled', 'Handled'), ('expired', 'Erased unhandled')], db_index=True, default='open', max_length=10, verbose_name='status')),
                ('contact_encrypted', models.TextField(blank=True, verbose_name='contact details (encrypted)')),
                ('question', models.TextField(blank=True, max_length=1000, verbose_name='question')),
                ('created_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now, verbose_name='received at')),
                ('handled_at', models.DateTimeField(blank=True, null=True, verbose_name='handled at')),
                ('outcome', models.CharField(blank=True, choices=[('answered', 'Question answered'), ('appointment', 'Appointment made'), ('referred', 'Passed on to someone else'), ('unreachable', 'Could not reach the person'), ('no_question', 'No real question (test or spam)')], max_length=20, verbose_name='outcome')),
                ('erased_at', models.DateTimeField(blank=True, null=True, verbose_name='details erased at')),
                ('reminded_at', models.DateTimeField(blank=True, null=True, verbose_name='reminder sent')),
                ('handled_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='handled by')),
                ('poi', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='contact_requests', to='network.organisation', verbose_name='POI')),
                ('province', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='network.province', verbose_name='province')),
            ],
            options={
                'verbose_name': 'contact request',
                'verbose_name_plural': 'contact requests',
                'ordering': ['-created_at', '-pk'],
            },
        ),
        migrations.CreateModel(
            name='ContactRequestEvent',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('action', models.CharField(choices=[('create', 'received'), ('view', 'viewed'), ('handle', 'handled'), ('expire', 'erased unhandled (retention)'), ('erase', 'details erased'), ('remind', 'reminder sent')], max_length=10, verbose_name='action')),
                ('reason', models.CharField(blank=True, max_length=20, verbose_name='reason')),
                ('at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='when')),
                ('request', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='events', to='programme.contactrequest')),
                ('user', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='by')),
            ],
            options={
                'verbose_name': 'contact request event',
                'verbose_name_plural': 'contact request events',
                'ordering': ['at', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='NewsItem',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('title', models.CharField(max_length=200, verbose_name='title')),
                ('summary', models.TextField(max_length=400, verbose_name='summary')),
                ('body', models.TextField(blank=True, max_length=10000, verbose_name='text')),
                ('publish_on', models.DateField(db_index=True, default=django.utils.timezone.localdate, verbose_name='publish date')),
                ('audience', models.CharField(choices=[('all', 'Everyone who logs in'), ('libraries', 'Libraries'), ('pois', 'POIs')], default='all', max_length=10, verbose_name='for')),
                ('status', models.CharField(choices=[('draft', 'Draft'), ('published', 'Published')], default='draft', max_length=10, verbose_name='status')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='created at')),
                ('updated_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='changed at')),
                ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='written by')),
                ('poi', models.ForeignKey(blank=True, limit_choices_to={'kind': 'poi'}, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='news_items', to='network.organisation', verbose_name='POI')),
            ],
            options={
                'verbose_name': 'news item',
                'verbose_name_plural': 'news items',
                'ordering': ['-publish_on', '-pk'],
            },
        ),
        migrations.CreateModel(
            name='PromoMaterial',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('title', models.CharField(max_length=200, verbose_name='title')),
                ('description', models.TextField(blank=True, max_length=2000, verbose_name='description')),
                ('category', models.CharField(choices=[('flyer', 'Flyer'), ('poster', 'Poster'), ('campaign', 'Campaign'), ('house_style', 'House style'), ('social_media', 'Social media'), ('presentation', 'Presentation'), ('form', 'Form or template'), ('other', 'Other')], max_length=20, verbose_name='category')),
                ('language', models.CharField(choices=[('nl', 'Dutch'), ('en', 'English'), ('fy', 'Frisian'), ('ar', 'Arabic'), ('tr', 'Turkish'), ('pl', 'Polish'), ('uk', 'Ukrainian'), ('multi', 'Several languages'), ('none', 'No text')], default='nl', max_length=5, verbose_name='language')),
                ('file', models.FileField(blank=True, max_length=255, upload_to='programme/contact/materials/%Y/', verbose_name='file')),
                ('file_name', models.CharField(blank=True, max_length=150, verbose_name='file name')),
                ('file_kind', models.CharField(blank=True, max_length=10, verbose_name='file type')),
                ('file_size', models.PositiveBigIntegerField(default=0, verbose_name='file size')),
                ('url', models.URLField(blank=True, max_length=500, verbose_name='link')),
                ('thumbnail', models.FileField(blank=True, max_length=255, upload_to='programme/contact/thumbnails/%Y/', verbose_name='preview image')),
                ('downloads', models.PositiveIntegerField(default=0, verbose_name='downloads')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='added at')),
                ('updated_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='changed at')),
                ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='added by')),
            ],
            options={
                'verbose_name': 'material',
                'verbose_name_plural': 'materials',
                'ordering': ['title', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='ContactExpert',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('added_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='added at')),
                ('added_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='added by')),
                ('poi', models.ForeignKey(limit_choices_to={'kind': 'poi'}, on_delete=django.db.models.deletion.CASCADE, related_name='contact_experts', to='network.organisation', verbose_name='POI')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='contact_expert_of', to=settings.AUTH_USER_MODEL, verbose_name='expert')),
            ],
            options={
                'verbose_name': 'Digitale Inclusie expert',
                'verbose_name_plural': 'Digitale Inclusie experts',
                'ordering': ['poi__name', 'user__first_name', 'user__last_name', 'pk'],
                'constraints': [models.UniqueConstraint(fields=('poi', 'user'), name='contact_expert_once_per_poi')],
            },
        ),
        migrations.AddIndex(
            model_name='contactrequest',
            index=models.Index(fields=['poi', 'status'], name='contact_request_poi_status'),
        ),
        migrations.AddConstraint(
            model_name='contactrequest',
            constraint=models.CheckConstraint(condition=models.Q(('status', 'open'), models.Q(('contact_encrypted', ''), ('question', '')), _connector='OR'), name='contact_request_closed_holds_nothing_personal'),
        ),
        migrations.AddConstraint(
            model_name='promomaterial',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('file', ''), models.Q(('url', ''), _negated=True)), models.Q(models.Q(('file', ''), _negated=True), ('url', '')), _connector='OR'), name='promo_material_file_or_link'),
        ),
    ]
