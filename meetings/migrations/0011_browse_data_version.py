"""A data version: one number that changes whenever a transaction changes the data.

Pages cache what only changes with the data behind it (meetings/pagecache.py). The
number lives in a one-row table, so a reader sees a new version only once the writing
transaction has committed, together with its data; it is taken from a sequence, which
never goes back, so a rolled-back transaction's version is never seen again. Every
write statement bumps it (a statement-level trigger on every data table; the page cache
of officials, meetings_officialstats, is left out), so that even a page read inside the writing transaction (as tests
do) sees the change; the row lock this takes is held to the end of the transaction, as
the writes' own locks are.
"""

from django.db import migrations

TABLES = [
    "meetings_article", "meetings_articletopic", "meetings_confirmation", "meetings_meeting",
    "meetings_meetingsource", "meetings_meetingtopic", "meetings_official",
    "meetings_officialalias", "meetings_officialmention", "meetings_participation",
    "meetings_recordsource", "meetings_rejectedname", "meetings_statement",
    "meetings_statement_topics", "meetings_tombstone", "meetings_topic",
]

CREATE = """
CREATE SEQUENCE meetings_data_version_seq;
CREATE TABLE meetings_dataversion (
    id integer PRIMARY KEY CHECK (id = 1),
    version bigint NOT NULL
);
INSERT INTO meetings_dataversion (id, version) VALUES (1, nextval('meetings_data_version_seq'));

CREATE OR REPLACE FUNCTION meetings_bump_data_version() RETURNS trigger AS $$
BEGIN
    UPDATE meetings_dataversion SET version = nextval('meetings_data_version_seq')
     WHERE id = 1;
    RETURN NULL;
END $$ LANGUAGE plpgsql;
""" + "".join(f"""
CREATE TRIGGER {table}_data_version
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table}
    FOR EACH STATEMENT EXECUTE FUNCTION meetings_bump_data_version();
""" for table in TABLES)

DROP = "".join(f"DROP TRIGGER IF EXISTS {table}_data_version ON {table};\n" for table in TABLES) + """
DROP FUNCTION IF EXISTS meetings_bump_data_version();
DROP TABLE IF EXISTS meetings_dataversion;
DROP SEQUENCE IF EXISTS meetings_data_version_seq;
"""


class Migration(migrations.Migration):

    dependencies = [
        ("meetings", "0010_meeting_period_index"),
    ]

    operations = [migrations.RunSQL(CREATE, DROP)]
