"""The GIN indexes every article's write searches: used by the planner, and fast.

1. Tell the planner what a word-similarity comparison costs, so the resolver's look-ups
of spelling variants use the pg_trgm GIN indexes.

pg_trgm declares ``word_similarity`` behind ``%>`` / ``<%`` at COST 1, as cheap as an
integer comparison; it costs about 1 microsecond here. The resolver looks up every family
name of an article at once (some 35 words OR-ed), so the planner chose a sequential scan
that evaluates each word on each row. Measured (bench/ingest.py's corpus after 120
articles: 1,251 officials, 132 aliases): officials 38 ms by sequential scan, 1.2 ms by a
bitmap scan of the GIN index; aliases 6 ms, 1 ms; the scans grow with the tables. At COST
100 the officials' look-up took the index but the aliases' did not; at COST 400 both do.

The setting belongs to the extension's functions: ``ALTER EXTENSION pg_trgm UPDATE`` or a
dump and restore brings back COST 1 (run ``migrate meetings 0013`` then ``migrate`` to set
it again). A role that does not own the extension only gets a notice.

2. ``fastupdate`` off for the GIN indexes searched on every article's write (officials'
and aliases' normalized names, articles' copy bands). With it on, new rows wait in a
pending list that every search reads whole until a vacuum: after 120 articles of
ingest, an exact look-up of an article's names took 10 ms (the planner reads equality
through the trigram index too), and 0.1 ms once the list was merged.
"""

import django.contrib.postgres.indexes
from django.db import migrations

FUNCTIONS = ("word_similarity_op(text, text)", "word_similarity_commutator_op(text, text)")


def _cost(cost: int) -> str:
    alters = " ".join(f"ALTER FUNCTION {f} COST {cost};" for f in FUNCTIONS)
    return (f"DO $$ BEGIN {alters} EXCEPTION WHEN insufficient_privilege THEN "
            f"RAISE NOTICE 'pg_trgm word_similarity keeps its cost: not the owner'; END $$;")


class Migration(migrations.Migration):
    dependencies = [("meetings", "0013_copies_drop_stats")]

    operations = [
        migrations.RunSQL(_cost(400), reverse_sql=_cost(1)),
        migrations.RemoveIndex(model_name="article", name="article_copy_bands"),
        migrations.RemoveIndex(model_name="official", name="official_normalized_trgm"),
        migrations.RemoveIndex(model_name="officialalias", name="alias_normalized_trgm"),
        migrations.AddIndex(
            model_name="article",
            index=django.contrib.postgres.indexes.GinIndex(
                fastupdate=False, fields=["copy_bands"], name="article_copy_bands"),
        ),
        migrations.AddIndex(
            model_name="official",
            index=django.contrib.postgres.indexes.GinIndex(
                fastupdate=False, fields=["normalized_name"], name="official_normalized_trgm",
                opclasses=["gin_trgm_ops"]),
        ),
        migrations.AddIndex(
            model_name="officialalias",
            index=django.contrib.postgres.indexes.GinIndex(
                fastupdate=False, fields=["normalized"], name="alias_normalized_trgm",
                opclasses=["gin_trgm_ops"]),
        ),
    ]
