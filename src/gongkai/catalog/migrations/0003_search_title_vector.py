"""PostgreSQL: a second, small tsvector of the title and number only, which the search ranks by.

Ranking by the whole ``vector`` read every match's body vector (large, stored out of line) to score it;
for a common word that is most of the table. Matching still uses ``vector`` and its GIN index.
"""

from django.db import migrations


def add_title_vector(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "ALTER TABLE catalog_searchentry ADD COLUMN title_vector tsvector NOT NULL DEFAULT ''"
    )
    # The title (A) and number (B) lexemes are in ``vector`` already; keep just those.
    schema_editor.execute("UPDATE catalog_searchentry SET title_vector = ts_filter(vector, '{a,b}')")


def drop_title_vector(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("ALTER TABLE catalog_searchentry DROP COLUMN IF EXISTS title_vector")


class Migration(migrations.Migration):
    dependencies = [("catalog", "0002_search_index_and_vocabularies")]

    operations = [migrations.RunPython(add_title_vector, drop_title_vector)]
