"""The official-page aggregates are dropped once per statement, not once per row.

0005's triggers ran two DELETEs for every participation and topic link written; an
ingested article writes dozens of them in one set-based INSERT. These statement-level
triggers see all the rows of a statement at once (transition tables, which Postgres
allows on one event per trigger, hence three triggers per table) and skip everything
when no aggregates are stored.
"""

import importlib

from django.db import migrations

FORWARD = """
DROP TRIGGER IF EXISTS meetings_participation_stats ON meetings_participation;
DROP TRIGGER IF EXISTS meetings_meetingtopic_stats ON meetings_meetingtopic;
DROP FUNCTION IF EXISTS meetings_drop_stats_participation();
DROP FUNCTION IF EXISTS meetings_drop_stats_meeting_topic();

-- Everyone in the meetings a statement touched: their counterparts, topics and months
-- may have changed, and so have those of the officials the rows name.
CREATE FUNCTION meetings_drop_stats_participations() RETURNS trigger AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM meetings_officialstats) THEN
        RETURN NULL;
    END IF;
    IF TG_OP <> 'DELETE' THEN
        DELETE FROM meetings_officialstats WHERE official_id IN (
            SELECT official_id FROM changed_new
            UNION SELECT p.official_id FROM meetings_participation p
                  WHERE p.meeting_id IN (SELECT meeting_id FROM changed_new));
    END IF;
    IF TG_OP <> 'INSERT' THEN
        DELETE FROM meetings_officialstats WHERE official_id IN (
            SELECT official_id FROM changed_old
            UNION SELECT p.official_id FROM meetings_participation p
                  WHERE p.meeting_id IN (SELECT meeting_id FROM changed_old));
    END IF;
    RETURN NULL;
END $$ LANGUAGE plpgsql;

CREATE FUNCTION meetings_drop_stats_meeting_topics() RETURNS trigger AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM meetings_officialstats) THEN
        RETURN NULL;
    END IF;
    IF TG_OP <> 'DELETE' THEN
        DELETE FROM meetings_officialstats WHERE official_id IN (
            SELECT p.official_id FROM meetings_participation p
            WHERE p.meeting_id IN (SELECT meeting_id FROM changed_new));
    END IF;
    IF TG_OP <> 'INSERT' THEN
        DELETE FROM meetings_officialstats WHERE official_id IN (
            SELECT p.official_id FROM meetings_participation p
            WHERE p.meeting_id IN (SELECT meeting_id FROM changed_old));
    END IF;
    RETURN NULL;
END $$ LANGUAGE plpgsql;

"""

# Transition tables per event: what each trigger sees of the rows a statement changed.
_EVENTS = {
    "insert": "NEW TABLE AS changed_new",
    "update": "OLD TABLE AS changed_old NEW TABLE AS changed_new",
    "delete": "OLD TABLE AS changed_old",
}
FORWARD += "".join(
    f"CREATE TRIGGER meetings_{table}_stats_{event} AFTER {event.upper()} ON meetings_{table}\n"
    f"    REFERENCING {tables} FOR EACH STATEMENT EXECUTE FUNCTION {function}();\n"
    for table, function in (("participation", "meetings_drop_stats_participations"),
                            ("meetingtopic", "meetings_drop_stats_meeting_topics"))
    for event, tables in _EVENTS.items())

BACKWARD = """
DROP TRIGGER IF EXISTS meetings_participation_stats_insert ON meetings_participation;
DROP TRIGGER IF EXISTS meetings_participation_stats_update ON meetings_participation;
DROP TRIGGER IF EXISTS meetings_participation_stats_delete ON meetings_participation;
DROP TRIGGER IF EXISTS meetings_meetingtopic_stats_insert ON meetings_meetingtopic;
DROP TRIGGER IF EXISTS meetings_meetingtopic_stats_update ON meetings_meetingtopic;
DROP TRIGGER IF EXISTS meetings_meetingtopic_stats_delete ON meetings_meetingtopic;
DROP FUNCTION IF EXISTS meetings_drop_stats_participations();
DROP FUNCTION IF EXISTS meetings_drop_stats_meeting_topics();
DROP TRIGGER IF EXISTS meetings_meeting_date_stats ON meetings_meeting;
"""


def _row_level_triggers() -> str:
    """0005's triggers, to go back to them."""
    return importlib.import_module("meetings.migrations.0005_official_stats").TRIGGERS


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0006_tsvector_agg"),
    ]

    operations = [
        migrations.RunSQL(FORWARD, BACKWARD + _row_level_triggers()),
    ]
