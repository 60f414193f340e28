"""Each database's full-text index over catalog_searchentry, and the default topic and genre vocabularies."""

from django.db import migrations

# SQLite: an FTS5 index over catalog_searchentry's bigram text (external content: the text is stored once,
# in the model's table), kept in step by triggers.
SQLITE = [
    "CREATE VIRTUAL TABLE catalog_fts USING fts5(title, number, body, content='catalog_searchentry',"
    " content_rowid='document_id', tokenize='unicode61')",
    "CREATE TRIGGER catalog_searchentry_ai AFTER INSERT ON catalog_searchentry BEGIN"
    " INSERT INTO catalog_fts (rowid, title, number, body) VALUES (new.document_id, new.title, new.number, new.body);"
    " END",
    "CREATE TRIGGER catalog_searchentry_ad AFTER DELETE ON catalog_searchentry BEGIN"
    " INSERT INTO catalog_fts (catalog_fts, rowid, title, number, body)"
    " VALUES ('delete', old.document_id, old.title, old.number, old.body); END",
    "CREATE TRIGGER catalog_searchentry_au AFTER UPDATE ON catalog_searchentry BEGIN"
    " INSERT INTO catalog_fts (catalog_fts, rowid, title, number, body)"
    " VALUES ('delete', old.document_id, old.title, old.number, old.body);"
    " INSERT INTO catalog_fts (rowid, title, number, body) VALUES (new.document_id, new.title, new.number, new.body);"
    " END",
    # The ranking and filters read these columns for every match: a covering index keeps those lookups
    # off the wide rows that hold the bigram text (half the time for common words at 200,000 documents).
    "CREATE INDEX catalog_searchentry_rank ON catalog_searchentry (document_id, published_day, agency_id,"
    " topic_id, genre_id, year, validity)",
]
SQLITE_DROP = [
    "DROP INDEX IF EXISTS catalog_searchentry_rank",
    "DROP TRIGGER IF EXISTS catalog_searchentry_ai",
    "DROP TRIGGER IF EXISTS catalog_searchentry_ad",
    "DROP TRIGGER IF EXISTS catalog_searchentry_au",
    "DROP TABLE IF EXISTS catalog_fts",
]
# PostgreSQL: a tsvector column on catalog_searchentry with a GIN index.
POSTGRESQL = [
    "ALTER TABLE catalog_searchentry ADD COLUMN vector tsvector NOT NULL DEFAULT ''",
    "CREATE INDEX catalog_searchentry_vector ON catalog_searchentry USING gin (vector)",
]
POSTGRESQL_DROP = [
    "DROP INDEX IF EXISTS catalog_searchentry_vector",
    "ALTER TABLE catalog_searchentry DROP COLUMN IF EXISTS vector",
]

TOPICS = [
    ("01", "综合政务"), ("02", "国民经济管理、国有资产监管"), ("03", "财政、金融、审计"), ("04", "国土资源、能源"),
    ("05", "农业、林业、水利"), ("06", "工业、交通"), ("07", "商贸、海关、旅游"), ("08", "市场监管、安全生产监管"),
    ("09", "城乡建设、环境保护"), ("10", "科技、教育"), ("11", "文化、广电、新闻出版"), ("12", "卫生、体育"),
    ("13", "人口与计划生育、妇女儿童工作"), ("14", "劳动、人事、监察"), ("15", "公安、安全、司法"),
    ("16", "民政、扶贫、救灾"), ("17", "民族、宗教"), ("18", "对外事务"), ("19", "港澳台侨工作"), ("20", "国防"),
    ("99", "其他"),
]  # fmt: skip
GENRES = [
    ("policy", "政策文件"), ("interpretation", "政策解读"), ("news", "工作动态"), ("notice", "公告公示"),
    ("plan", "规划计划"), ("statistics", "统计数据"), ("finance", "财政资金"), ("personnel", "人事信息"),
    ("annual_report", "年度报告"), ("other", "其他"),
]  # fmt: skip


def create_search_tables(apps, schema_editor):
    statements = {"sqlite": SQLITE, "postgresql": POSTGRESQL}[schema_editor.connection.vendor]
    for statement in statements:
        schema_editor.execute(statement)


def drop_search_tables(apps, schema_editor):
    statements = {"sqlite": SQLITE_DROP, "postgresql": POSTGRESQL_DROP}[schema_editor.connection.vendor]
    for statement in statements:
        schema_editor.execute(statement)


def add_vocabularies(apps, schema_editor):
    Topic = apps.get_model("catalog", "Topic")
    Genre = apps.get_model("catalog", "Genre")
    for position, (code, name) in enumerate(TOPICS):
        Topic.objects.get_or_create(code=code, defaults={"name": name, "position": position})
    for position, (code, name) in enumerate(GENRES):
        Genre.objects.get_or_create(code=code, defaults={"name": name, "position": position})


class Migration(migrations.Migration):
    dependencies = [("catalog", "0001_initial")]

    operations = [
        migrations.RunPython(create_search_tables, drop_search_tables),
        migrations.RunPython(add_vocabularies, migrations.RunPython.noop),
    ]
