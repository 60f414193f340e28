"""The search index's ``order_key`` (published_day × 2³² + document id), and in SQLite the FTS5 table keyed by it.

With the FTS rowid in "newest first" order, the body-only matches of a search (which come after the title
matches, newest first) are read from the index in that order and a page stops the walk, instead of every
match being ranked and sorted. SQLite re-creates the table to add the column, which drops its triggers and
index, so they and the FTS table are made again here (and the FTS index rebuilt from the rows).
"""

from django.db import migrations, models

SQLITE_DROP = [
    "DROP INDEX IF EXISTS catalog_searchentry_rank",
    "DROP TRIGGER IF EXISTS catalog_searchentry_ai",
    "DROP TRIGGER IF EXISTS catalog_searchentry_ad",
    "DROP TRIGGER IF EXISTS catalog_searchentry_au",
    "DROP TABLE IF EXISTS catalog_fts",
]


def sqlite_create(key: str) -> list[str]:
    """The FTS5 table over catalog_searchentry with rowid = ``key``, its triggers and the covering index."""
    return [
        "CREATE VIRTUAL TABLE catalog_fts USING fts5(title, number, body, content='catalog_searchentry',"
        f" content_rowid='{key}', tokenize='unicode61')",
        "CREATE TRIGGER catalog_searchentry_ai AFTER INSERT ON catalog_searchentry BEGIN"
        f" INSERT INTO catalog_fts (rowid, title, number, body) VALUES (new.{key}, new.title, new.number, new.body);"
        " END",
        "CREATE TRIGGER catalog_searchentry_ad AFTER DELETE ON catalog_searchentry BEGIN"
        " INSERT INTO catalog_fts (catalog_fts, rowid, title, number, body)"
        f" VALUES ('delete', old.{key}, old.title, old.number, old.body); END",
        "CREATE TRIGGER catalog_searchentry_au AFTER UPDATE ON catalog_searchentry BEGIN"
        " INSERT INTO catalog_fts (catalog_fts, rowid, title, number, body)"
        f" VALUES ('delete', old.{key}, old.title, old.number, old.body);"
        f" INSERT INTO catalog_fts (rowid, title, number, body) VALUES (new.{key}, new.title, new.number, new.body);"
        " END",
        # The filters read these columns for each match, found by the FTS rowid: a covering index keeps those
        # lookups off the wide rows that hold the bigram text.
        f"CREATE UNIQUE INDEX catalog_searchentry_rank ON catalog_searchentry ({key}, published_day, agency_id,"
        " topic_id, genre_id, year, validity)",
    ]


def drop_sqlite_index(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in SQLITE_DROP:
            schema_editor.execute(statement)


def fill_order_key(apps, schema_editor):
    # Before the triggers exist, so that the update does not re-index row by row.
    schema_editor.execute(
        "UPDATE catalog_searchentry SET order_key = published_day * 4294967296 + document_id"
    )
    if schema_editor.connection.vendor == "sqlite":
        for statement in sqlite_create("order_key"):
            schema_editor.execute(statement)
        schema_editor.execute("INSERT INTO catalog_fts (catalog_fts) VALUES ('rebuild')")


def restore_sqlite_index(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in sqlite_create("document_id"):
            schema_editor.execute(statement)
        schema_editor.execute("INSERT INTO catalog_fts (catalog_fts) VALUES ('rebuild')")


class Migration(migrations.Migration):
    dependencies = [("catalog", "0005_disclosure_attribute_and_secrecy_review")]

    operations = [
        migrations.RunPython(drop_sqlite_index, restore_sqlite_index),
        migrations.AddField(
            model_name="searchentry", name="order_key", field=models.BigIntegerField(default=0)
        ),
        migrations.RunPython(fill_order_key, drop_sqlite_index),
    ]
