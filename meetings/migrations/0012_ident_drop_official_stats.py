"""Drop the official-page cache (OfficialStats) and the triggers that kept it: the page
reads its aggregates live, capped (queries.official_stats)."""

from django.db import migrations

DROP = """
DROP TRIGGER IF EXISTS meetings_participation_stats ON meetings_participation;
DROP TRIGGER IF EXISTS meetings_meetingtopic_stats ON meetings_meetingtopic;
DROP TRIGGER IF EXISTS meetings_meeting_date_stats ON meetings_meeting;
DROP TRIGGER IF EXISTS meetings_participation_stats_insert ON meetings_participation;
DROP TRIGGER IF EXISTS meetings_participation_stats_update ON meetings_participation;
DROP TRIGGER IF EXISTS meetings_participation_stats_delete ON meetings_participation;
DROP TRIGGER IF EXISTS meetings_meetingtopic_stats_insert ON meetings_meetingtopic;
DROP TRIGGER IF EXISTS meetings_meetingtopic_stats_update ON meetings_meetingtopic;
DROP TRIGGER IF EXISTS meetings_meetingtopic_stats_delete ON meetings_meetingtopic;
DROP FUNCTION IF EXISTS meetings_drop_stats_participation();
DROP FUNCTION IF EXISTS meetings_drop_stats_meeting_topic();
DROP FUNCTION IF EXISTS meetings_drop_stats_meeting_date();
DROP FUNCTION IF EXISTS meetings_drop_stats_participations();
DROP FUNCTION IF EXISTS meetings_drop_stats_meeting_topics();
"""


class Migration(migrations.Migration):
    dependencies = [("meetings", "0011_ident_official_redirect")]

    operations = [
        migrations.RunSQL(DROP, migrations.RunSQL.noop),
        migrations.DeleteModel(name="OfficialStats"),
    ]
