"""The data version of the page cache (meetings/pagecache.py), per database and lock-free.

Every write statement on a data table bumps its own backend's row of
``meetings_dataversion`` (keyed on ``pg_backend_pid()``) to the next value of a
sequence. A backend runs one transaction at a time, so no two writers ever touch the
same row: writers never wait on each other. A reader's version is a digest of all the
rows it sees: it changes when any writing transaction commits (its row takes a value no
row had), a reader sees only committed rows, and a transaction that wrote sees its own
row, so its pages never come from a version it did not write. Writes to other databases
of the cluster, and to tables pages do not read (the job queue, sessions), change
nothing. The rows are few: one per server process that ever wrote.
"""

from django.db import migrations

TABLES = [
    "meetings_article", "meetings_articlecopy", "meetings_articletopic",
    "meetings_confirmation", "meetings_meeting", "meetings_meetingsource",
    "meetings_meetingtopic", "meetings_official", "meetings_officialalias",
    "meetings_officialmention", "meetings_officialredirect", "meetings_participation",
    "meetings_recordsource", "meetings_rejectedname", "meetings_statement",
    "meetings_statement_also_in", "meetings_statement_topics", "meetings_tombstone",
    "meetings_topic",
]

CREATE = """
CREATE SEQUENCE meetings_data_version_seq;
CREATE TABLE meetings_dataversion (
    backend integer PRIMARY KEY,
    version bigint NOT NULL
);
CREATE OR REPLACE FUNCTION meetings_bump_data_version() RETURNS trigger AS $$
BEGIN
    INSERT INTO meetings_dataversion (backend, version)
         VALUES (pg_backend_pid(), nextval('meetings_data_version_seq'))
    ON CONFLICT (backend) DO UPDATE SET version = EXCLUDED.version;
    RETURN NULL;
END $$ LANGUAGE plpgsql;
""" + "".join(f"""
CREATE TRIGGER {table}_data_version
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table}
    FOR EACH STATEMENT EXECUTE FUNCTION meetings_bump_data_version();
""" for table in TABLES)

DROP = "".join(f"DROP TRIGGER IF EXISTS {table}_data_version ON {table};\n"
               for table in TABLES) + """
DROP FUNCTION IF EXISTS meetings_bump_data_version();
DROP TABLE IF EXISTS meetings_dataversion;
DROP SEQUENCE IF EXISTS meetings_data_version_seq;
"""


class Migration(migrations.Migration):

    dependencies = [
        ("meetings", "0014_writes_gin_indexes"),
    ]

    operations = [migrations.RunSQL(CREATE, DROP)]
