"""Drop indexes that others make redundant: each costs every insert of its table.

A foreign key's own index, where a unique constraint or index leads with the same
column; the LIKE twins (varchar_pattern_ops) of names only ever compared whole; and
meetings' date index, which meeting_date_desc serves as well. The state side is what
makemigrations wrote for the models; the database side only drops the indexes (letting
Django do it would also drop and re-check each foreign key).
"""

import django.db.models.deletion
from django.db import migrations, models


# (table, index, columns) as the earlier migrations made them.
REDUNDANT = [
    ('meetings_articletopic', 'meetings_articletopic_article_id_3488a9f2',
     '"article_id"'),
    ('meetings_confirmation', 'meetings_confirmation_meeting_id_f1b8e11e',
     '"meeting_id"'),
    ('meetings_meeting', 'meetings_meeting_date_4d758645',
     '"date"'),
    ('meetings_meetingsource', 'meetings_meetingsource_meeting_id_ef892301',
     '"meeting_id"'),
    ('meetings_meetingtopic', 'meetings_meetingtopic_meeting_id_dc5b12cc',
     '"meeting_id"'),
    ('meetings_meetingtopic', 'meetings_meetingtopic_topic_id_14584515',
     '"topic_id"'),
    ('meetings_official', 'meetings_official_normalized_name_47510ad8',
     '"normalized_name"'),
    ('meetings_official', 'meetings_official_normalized_name_47510ad8_like',
     '"normalized_name" varchar_pattern_ops'),
    ('meetings_officialalias', 'meetings_officialalias_official_id_d1723830',
     '"official_id"'),
    ('meetings_officialalias', 'meetings_officialalias_normalized_9f9dc3ad',
     '"normalized"'),
    ('meetings_officialalias', 'meetings_officialalias_normalized_9f9dc3ad_like',
     '"normalized" varchar_pattern_ops'),
    ('meetings_officialmention', 'meetings_officialmention_article_id_f621eed1',
     '"article_id"'),
    ('meetings_participation', 'meetings_participation_meeting_id_a853e4ec',
     '"meeting_id"'),
    ('meetings_participation', 'meetings_participation_official_id_840073cd',
     '"official_id"'),
    ('meetings_recordsource', 'meetings_recordsource_meeting_id_c421f410',
     '"meeting_id"'),
    ('meetings_statement', 'meetings_statement_article_id_d62dcde4',
     '"article_id"'),
]


class Migration(migrations.Migration):

    dependencies = [
        ('meetings', '0008_tombstone_kinds'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='articletopic',
                    name='article',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='topic_links', to='meetings.article'),
                ),
                migrations.AlterField(
                    model_name='confirmation',
                    name='meeting',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='confirmations', to='meetings.meeting'),
                ),
                migrations.AlterField(
                    model_name='meeting',
                    name='date',
                    field=models.DateField(blank=True, help_text='Start date; the first day of the week/month/year when the precision is coarser than a day.', null=True),
                ),
                migrations.AlterField(
                    model_name='meetingsource',
                    name='meeting',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='sources', to='meetings.meeting'),
                ),
                migrations.AlterField(
                    model_name='meetingtopic',
                    name='meeting',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='topic_links', to='meetings.meeting'),
                ),
                migrations.AlterField(
                    model_name='meetingtopic',
                    name='topic',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='meeting_links', to='meetings.topic'),
                ),
                migrations.AlterField(
                    model_name='official',
                    name='normalized_name',
                    field=models.CharField(editable=False, max_length=200),
                ),
                migrations.AlterField(
                    model_name='officialalias',
                    name='official',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='aliases', to='meetings.official'),
                ),
                migrations.AlterField(
                    model_name='officialalias',
                    name='normalized',
                    field=models.CharField(editable=False, max_length=200),
                ),
                migrations.AlterField(
                    model_name='officialmention',
                    name='article',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='mentions', to='meetings.article'),
                ),
                migrations.AlterField(
                    model_name='participation',
                    name='meeting',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='participations', to='meetings.meeting'),
                ),
                migrations.AlterField(
                    model_name='participation',
                    name='official',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='participations', to='meetings.official'),
                ),
                migrations.AlterField(
                    model_name='recordsource',
                    name='meeting',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='record_sources', to='meetings.meeting'),
                ),
                migrations.AlterField(
                    model_name='statement',
                    name='article',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='statements', to='meetings.article'),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    [f'DROP INDEX IF EXISTS "{index}"' for _, index, _ in REDUNDANT],
                    [f'CREATE INDEX IF NOT EXISTS "{index}" ON "{table}" ({columns})'
                     for table, index, columns in REDUNDANT]),
            ],
        ),
        migrations.AddIndex(
            model_name='official',
            index=models.Index(fields=['normalized_name'], name='official_normalized'),
        ),
        migrations.AddIndex(
            model_name='officialalias',
            index=models.Index(fields=['normalized'], name='alias_normalized'),
        ),
    ]
