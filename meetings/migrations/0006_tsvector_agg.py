"""An aggregate that concatenates tsvectors, so a meeting's search vector reuses its
articles' stored vectors instead of parsing their text again."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0005_official_stats"),
    ]

    operations = [
        migrations.RunSQL(
            "CREATE AGGREGATE meetings_tsvector_agg(tsvector) "
            "(SFUNC = tsvector_concat, STYPE = tsvector, INITCOND = '')",
            "DROP AGGREGATE IF EXISTS meetings_tsvector_agg(tsvector)",
        ),
    ]
