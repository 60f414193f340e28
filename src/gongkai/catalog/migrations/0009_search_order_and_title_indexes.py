"""PostgreSQL: the indexes a search reads at a province's size (2,000,000 documents).

- ``catalog_searchentry_title``, GIN over ``title_vector``: the title and number matches, found without
  reading the documents that match in the body only;
- ``catalog_searchentry_order``, a B-tree over ``order_key``: the newest matches, read in that order and
  stopped at the page's end, instead of every match being sorted.

SQLite has both already (FTS5's column filter, and the FTS rowid that ``order_key`` is).
"""

from django.db import migrations

CREATE = [
    "CREATE INDEX IF NOT EXISTS catalog_searchentry_title ON catalog_searchentry USING gin (title_vector)",
    "CREATE INDEX IF NOT EXISTS catalog_searchentry_order ON catalog_searchentry (order_key)",
]
DROP = [
    "DROP INDEX IF EXISTS catalog_searchentry_title",
    "DROP INDEX IF EXISTS catalog_searchentry_order",
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in CREATE:
            schema_editor.execute(statement)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in DROP:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("catalog", "0008_document_item_named_index")]

    operations = [migrations.RunPython(create, drop)]
