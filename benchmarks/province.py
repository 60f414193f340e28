"""Province scale (not a test): 5,000 agencies, 2,000,000 catalog documents, 1,000,000 applications.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python benchmarks/province.py
    DATABASE_URL=… .venv/bin/python benchmarks/province.py --agencies 1000 --docs 400000 --applications 200000
    DATABASE_URL=… .venv/bin/python benchmarks/province.py --database bench_prov_search --only search
    .venv/bin/python benchmarks/province.py --smoke    # 50 agencies, 2,000 documents: that it runs (make test)

Generates, in a database of its own (``--database``, by default ``bench_prov`` on the server of DATABASE_URL,
or a SQLite file under /tmp), a province's agency tree (province → cities → districts → departments), the
catalog and a year of applications, with COPY (PostgreSQL) or batched inserts. The search index is made
from the product's bigram tokens with one INSERT … SELECT and a GIN build at the end, as the product's
``rebuild`` does, and a sample is checked against the product's indexer. The data is kept and reused by the
next run of the same sizes (a marker row), so only the first run pays for it; the applications and reports
are generated only when a measure that reads them runs (``--only``). Generation is timed on its own. Then
measures (``--only portal,search,dashboard,reports,audit`` picks some):

- portal pages (home, agency pages, catalog lists, documents, guides) served by gunicorn to ``--clients``
  concurrent anonymous readers, without and with the Redis page cache (``lib/pagecache.py``), and through
  varnishd with the repository's VCL in front of the cached gunicorn (``lib/edge.py``,
  ``deploy/varnish/gongkai.vcl``; skipped with a message where varnishd is not installed): req/s, p99;
- catalog search (``queries.search_documents``): p50 and p95 of all (a tenth on page 500), p95 of the first
  pages and of the 500th, against a LIKE scan;
- the oversight dashboard for every agency (the page, as a superuser), its number of queries;
- building and validating every agency's annual report (``reports.build``) and the province roll-up;
- the batch audit (``reports.auditing.audit_all``, with the command's progress bar) of every report;

and the per-agency measures again for the first half of the tree, to print how each grows with the number of
agencies (nothing may grow faster than linearly: ratio ≤ 2.5 for twice the agencies). Prints a table, PASS or
MISS per goal, and one line:

    agencies=N docs=N applications=N cached_rps=… uncached_rps=… cached_p99_ms=… edge_rps=… edge_p99_ms=… …
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime
import fcntl
import hashlib
import itertools
import math
import os
import random
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
GONGKAI = str(Path(sys.executable).parent / "gongkai")
YEAR = 2025
MARKER = "bench_province_marker"
TOKENS = "bench_province_tokens"  # the staged search text of the generated documents
REDIS_URL = "redis://127.0.0.1:6379/11"
LINEAR_LIMIT = 2.5  # twice the agencies may cost at most this many times as much


MEASURES = ("portal", "search", "dashboard", "reports", "audit")


def measures(value: str) -> tuple[str, ...]:
    """``--only``: a comma list of measures, in the run's order."""
    chosen = {part.strip() for part in value.split(",") if part.strip()}
    unknown = chosen - set(MEASURES)
    if unknown or not chosen:
        raise argparse.ArgumentTypeError(f"choose among {', '.join(MEASURES)}, not {value!r}")
    return tuple(part for part in MEASURES if part in chosen)


def needs_applications(args: argparse.Namespace) -> bool:
    """The applications and the stored reports are read by the per-agency measures only."""
    return bool({"dashboard", "reports", "audit"} & set(args.only))


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--agencies", type=int, default=5000)
    parser.add_argument("--docs", type=int, default=2_000_000)
    parser.add_argument("--applications", type=int, default=1_000_000)
    parser.add_argument("--clients", type=int, default=200, help="concurrent anonymous readers")
    parser.add_argument("--seconds", type=float, default=15.0, help="load per server configuration")
    parser.add_argument("--workers", type=int, default=0, help="gunicorn workers (default 2 × CPUs + 1)")
    parser.add_argument("--searches", type=int, default=300)
    parser.add_argument("--like-sample", type=int, default=10)
    parser.add_argument(
        "--quality", type=int, default=30, help="searches whose ranking is checked against the unbounded one"
    )
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument(
        "--no-keep-alive",
        action="store_true",
        help="readers open a connection per request (as gunicorn makes them)",
    )
    parser.add_argument("--regenerate", action="store_true", help="drop the kept data and generate again")
    parser.add_argument(
        "--only",
        type=measures,
        default=MEASURES,
        metavar="PARTS",
        help=f"the measures to run, a comma list of {', '.join(MEASURES)} (default: all)",
    )
    parser.add_argument(
        "--database",
        metavar="NAME",
        help="the database to keep the generated data in (default bench_prov; on SQLite a file under /tmp)",
    )
    parser.add_argument("--smoke", action="store_true", help="tiny sizes, own database, dropped at the end")
    args = parser.parse_args()
    if args.smoke:
        args.agencies, args.docs, args.applications = 50, 2000, 1000
        args.clients, args.seconds, args.searches, args.like_sample, args.quality = 20, 2.0, 30, 5, 5
        args.workers = args.workers or 2
    return args


# --- the database -----------------------------------------------------------------------------------------


def setup_django(args: argparse.Namespace) -> str:
    """Point DATABASE_URL at the benchmark's own database (created if missing), migrate it, set Django up;
    returns that URL (the servers use it too)."""
    url = os.environ.get("DATABASE_URL", "")
    suffix = f"_smoke_{os.getpid()}" if args.smoke else ""
    if url.startswith("postgres"):
        import psycopg

        name = args.database or f"bench_prov{suffix}"
        with psycopg.connect(url, autocommit=True) as server:
            if args.regenerate:
                server.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
            if not server.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
                server.execute(f"CREATE DATABASE {name}")
        url = url.rsplit("/", 1)[0] + "/" + name
    else:
        label = args.database or f"{args.agencies}-{args.docs}"
        path = Path(f"/tmp/gongkai-bench-prov-{label}{suffix}.sqlite3")
        if args.regenerate or args.smoke:
            path.unlink(missing_ok=True)
        url = f"sqlite:///{path}"
    os.environ["DATABASE_URL"] = url
    os.environ.pop("GONGKAI_TEST_DATABASE", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ.setdefault("GONGKAI_VAR_DIR", str(Path(tempfile.gettempdir()) / f"gongkai-bench-prov{suffix}"))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    return url


def drop_database(url: str) -> None:
    from django.db import connections

    connections.close_all()
    if url.startswith("postgres"):
        import psycopg

        name = url.rsplit("/", 1)[1]
        with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as server:
            server.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    else:
        Path(url.removeprefix("sqlite:///")).unlink(missing_ok=True)


def generated(args: argparse.Namespace) -> str | None:
    """What the database holds of these sizes: ``"catalog"`` (agencies, documents and their search index),
    ``"all"`` (with the applications and the stored reports too), or ``None``."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TABLE IF NOT EXISTS {MARKER} (agencies integer, docs integer, applications integer,"
            " stage varchar(10))"
        )
        cursor.execute(f"SELECT agencies, docs, applications, stage FROM {MARKER}")
        row = cursor.fetchone()
    if row is None or tuple(row[:3]) != (args.agencies, args.docs, args.applications):
        return None
    return str(row[3])


def mark_generated(args: argparse.Namespace, stage: str) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {MARKER}")
        cursor.execute(
            f"INSERT INTO {MARKER} VALUES (%s, %s, %s, %s)",
            [args.agencies, args.docs, args.applications, stage],
        )


def template(model: Any, instance: Any) -> dict[str, Any]:
    """``instance`` (saved through the model: every default, encrypted fields) read back as the database holds
    it, by column: the generated rows are copies of it with a few columns varied."""
    from django.db import connection

    columns = [f.column for f in model._meta.concrete_fields if not f.primary_key]
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {', '.join(connection.ops.quote_name(c) for c in columns)} FROM {model._meta.db_table}"
            " WHERE id = %s",
            [instance.pk],
        )
        return dict(zip(columns, cursor.fetchone(), strict=True))


def bulk_insert(model: Any, columns: list[str], rows: Iterator[list[Any]]) -> None:
    """COPY on PostgreSQL, batched executemany on SQLite."""
    from django.db import connection, transaction

    table = model if isinstance(model, str) else model._meta.db_table
    quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            from psycopg.types.json import Jsonb

            with cursor.cursor.copy(f"COPY {table} ({quoted}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row([Jsonb(v) if isinstance(v, dict | list) else v for v in row])
        else:
            sql = f"INSERT INTO {table} ({quoted}) VALUES ({', '.join(['%s'] * len(columns))})"
            batch = []
            for row in rows:
                batch.append(row)
                if len(batch) == 5000:
                    cursor.executemany(sql, batch)
                    batch = []
            cursor.executemany(sql, batch)


# --- generation -------------------------------------------------------------------------------------------


class Words:
    """Words of the jieba dictionary drawn by frequency (Zipf-like), and a pool of sentences made of them:
    documents are made of pooled sentences, which keeps 2,000,000 bodies cheap and still varied."""

    def __init__(self, rng: random.Random, sentences: int) -> None:
        import bisect
        import itertools

        import jieba

        words, weights = [], []
        with (Path(jieba.__file__).parent / "dict.txt").open(encoding="utf-8") as lines:
            for line in lines:
                word, freq, *_ = line.split()
                if 1 <= len(word) <= 4 and all("\u4e00" <= ch <= "\u9fff" for ch in word) and int(freq) >= 5:
                    words.append(word)
                    weights.append(int(freq))
        cumulative = list(itertools.accumulate(weights))
        total = cumulative[-1]

        def draw(k: int) -> str:
            return "".join(words[bisect.bisect(cumulative, rng.random() * total)] for _ in range(k))

        self.draw = draw
        self.sentences = [draw(rng.randint(8, 25)) for _ in range(sentences)]
        by_weight = sorted(zip(weights, words, strict=True), reverse=True)
        self.common = [w for _, w in by_weight[:300] if len(w) >= 2]
        self.searchable = [w for _, w in by_weight[:20000] if 2 <= len(w) <= 4]


def tree_shape(total: int) -> tuple[int, int]:
    """Cities, and districts per city, for a province of ``total`` agencies (5,000: 14 cities of 9 districts,
    about 35 departments under each government)."""
    cities = max(2, round(14 * (total / 5000) ** 0.5))
    districts = max(1, round(9 * (total / 5000) ** 0.5))
    return cities, districts


def generate_agencies(args: argparse.Namespace, rng: random.Random) -> list[int]:
    from django.db import transaction
    from django.db.models import CharField, Value
    from django.db.models.functions import Cast, Concat

    from gongkai.agencies.models import Agency

    cities, districts = tree_shape(args.agencies)
    departments = ["发展和改革委员会", "教育局", "公安局", "民政局", "司法局", "财政局", "人力资源和社会保障局",
                   "自然资源和规划局", "生态环境局", "住房和城乡建设局", "交通运输局", "水利局", "农业农村局",
                   "商务局", "文化和旅游局", "卫生健康委员会", "应急管理局", "审计局", "市场监督管理局",
                   "统计局", "医疗保障局", "城市管理局", "退役军人事务局", "信访局", "数据资源管理局"]  # fmt: skip
    with transaction.atomic():
        province = Agency.objects.create(
            name="基准省人民政府", level=Agency.Level.PROVINCE, may_make_rules=True
        )
        made = 1
        governments = [province]
        level_rows = []
        for c in range(cities):
            level_rows.append(
                Agency(name=f"基准省第{c + 1}市人民政府", level=Agency.Level.CITY, parent=province,
                       position=c, may_make_rules=True)
            )  # fmt: skip
        city_list = Agency.objects.bulk_create(level_rows)
        made += len(city_list)
        district_rows = [
            Agency(
                name=f"{city.name[:-4]}第{d + 1}区人民政府",
                level=Agency.Level.DISTRICT,
                parent=city,
                position=d,
            )
            for city in city_list
            for d in range(districts)
        ]
        district_list = Agency.objects.bulk_create(district_rows[: max(0, args.agencies - made)])
        made += len(district_list)
        governments += city_list + district_list
        department_rows: list[Agency] = []
        n = 0
        while made + len(department_rows) < args.agencies:
            government = governments[n % len(governments)]
            serial = n // len(governments)
            name = departments[serial % len(departments)]
            suffix = "" if serial < len(departments) else f"第{serial // len(departments) + 1}分局"
            department_rows.append(
                Agency(name=f"{government.name[:-4]}{name}{suffix}", level=Agency.Level.DEPARTMENT,
                       parent=government, position=serial)
            )  # fmt: skip
            n += 1
        Agency.objects.bulk_create(department_rows, batch_size=1000)
        # bulk_create skips save(): the materialised paths are set level by level.
        Agency.objects.filter(pk=province.pk).update(
            path=Concat(Value("/"), Cast("id", CharField()), Value("/"))
        )
        for level in (Agency.Level.CITY, Agency.Level.DISTRICT, Agency.Level.DEPARTMENT):
            for parent in Agency.objects.filter(children__level=level).distinct():
                parent.children.filter(level=level).update(
                    path=Concat(Value(parent.path), Cast("id", CharField()), Value("/"))
                )
    return list(Agency.objects.order_by("path").values_list("id", flat=True))


def generate_documents(
    args: argparse.Namespace, rng: random.Random, words: Words, agency_ids: list[int]
) -> None:
    """The catalog, in chunks: each chunk's documents by COPY (explicit ids), and on PostgreSQL their search
    text — the product's bigram tokens (``IndexRow.of``), made here while the text is at hand — into an
    unlogged staging table that ``index_documents`` turns into the index with one INSERT … SELECT."""
    from django.db import connection

    from gongkai.catalog.models import Article20Item, Document, Genre, Topic
    from gongkai.lib import richtext, search_tokens

    topics = list(Topic.objects.values_list("pk", flat=True))
    genres = list(Genre.objects.values_list("pk", flat=True))
    items = [item for item in Article20Item.values if item]
    first = Document.objects.create(
        agency_id=agency_ids[0], title="基准", body="<p>基准</p>", body_text="基准",
        published_on=datetime.date(2020, 1, 1), status=Document.Status.PUBLISHED,
    )  # fmt: skip
    row = template(Document, first)
    first_id = first.pk + 1
    first.delete()
    columns = ["id", *row]
    start = datetime.date(2008, 1, 1).toordinal()
    span = datetime.date(YEAR, 12, 31).toordinal() - start
    kinds = ["的通知", "的公告", "的实施意见", "工作动态", "的批复", "的工作方案", "的决定"]
    pool = words.sentences
    postgresql = connection.vendor == "postgresql"
    if postgresql:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {TOKENS}")
            cursor.execute(
                f"CREATE UNLOGGED TABLE {TOKENS} (document_id bigint, title text, number text, body text)"
            )
    chunk = 20000
    for offset in range(0, args.docs, chunk):
        documents, tokens = [], []
        for i in range(offset, min(args.docs, offset + chunk)):
            agency = agency_ids[int(rng.paretovariate(1.1)) * 7919 % len(agency_ids)]
            published = datetime.date.fromordinal(start + rng.randrange(span))
            paragraphs = [f"{'，'.join(rng.sample(pool, 3))}。" for _ in range(rng.randint(1, 3))]
            body = "".join(f"<p>{p}</p>" for p in paragraphs)
            body_text = "\n".join(paragraphs)  # richtext.to_text(body), checked on the first chunk
            if i < 100:
                assert body_text == richtext.to_text(body)
            values = dict(row)
            values.update(
                id=first_id + i,
                agency_id=agency,
                title="关于" + words.draw(rng.randint(2, 5)) + rng.choice(kinds),
                body=body,
                body_text=body_text,
                document_number=f"基政发〔{published.year}〕{i % 300 + 1}号" if rng.random() < 0.4 else "",
                index_number=f"{agency:09d}/{published.year}-{i:07d}",
                written_on=published - datetime.timedelta(days=rng.randint(0, 30)),
                published_on=published,
                topic_id=rng.choice(topics),
                genre_id=rng.choice(genres),
                validity="in_force" if rng.random() < 0.9 else "repealed",
                # a tenth of the documents name an item of 第二十条 (the dashboard's coverage check)
                article20_item=rng.choice(items) if rng.random() < 0.1 else "",
            )
            documents.append([values[c] for c in columns])
            if postgresql:
                tokens.append(
                    [
                        first_id + i,
                        search_tokens.index_text(values["title"]),
                        search_tokens.index_text(values["document_number"] + " " + values["index_number"]),
                        search_tokens.index_text(body_text),
                    ]
                )
        bulk_insert(Document, columns, iter(documents))
        if postgresql:
            bulk_insert(TOKENS, ["document_id", "title", "number", "body"], iter(tokens))
    with connection.cursor() as cursor:
        if postgresql:
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence('catalog_document', 'id'), %s)",
                [first_id + args.docs],
            )


def index_documents() -> None:
    """The search index of the generated catalog. PostgreSQL: one INSERT … SELECT of the staged tokens with
    the product's vectors (``PostgreSQLSearchBackend.insert``), the search indexes built once at the end as
    its ``rebuild`` does; ``check_index`` compares a sample with the product's indexer. SQLite (small sizes):
    the product's ``rebuild``."""
    from django.db import connection, transaction

    from gongkai.catalog.search import backend

    if connection.vendor != "postgresql":
        with transaction.atomic():
            backend().rebuild(batch_size=5000)
        return
    from gongkai.catalog.search.postgresql import INDEXES, create_indexes

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM catalog_searchentry")
        for name in INDEXES:
            cursor.execute(f"DROP INDEX IF EXISTS {name}")
        cursor.execute(
            "INSERT INTO catalog_searchentry (document_id, agency_id, topic_id, genre_id, year, validity,"
            " published_day, order_key, title, number, body, vector, title_vector)"
            " SELECT d.id, d.agency_id, d.topic_id, d.genre_id, extract(year FROM d.published_on), d.validity,"
            " d.published_on - date '0001-01-01' + 1, (d.published_on - date '0001-01-01' + 1) * 4294967296::bigint"
            " + d.id, '', '', '', heading || setweight(to_tsvector('simple', t.body), 'D'), heading"
            f" FROM catalog_document d JOIN {TOKENS} t ON t.document_id = d.id,"
            " LATERAL (SELECT setweight(to_tsvector('simple', t.title), 'A')"
            " || setweight(to_tsvector('simple', t.number), 'B') AS heading) AS parts"
            " WHERE d.status = 'published' AND d.disclosure_mode = 'proactive'"
            # As the product's rebuild (and a catalog growing by publication) lays the rows out: in order_key
            # order, so that a window of recent documents is a run of neighbouring heap pages.
            " ORDER BY d.published_on, d.id"
        )
        create_indexes()
        cursor.execute(f"DROP TABLE {TOKENS}")


def check_index(rng: random.Random, sample: int = 200) -> None:
    """The generated index of ``sample`` documents equals what the product's indexer (``backend().update``)
    writes for them (in a transaction rolled back)."""
    from django.db import connection, transaction

    from gongkai.catalog.models import Document
    from gongkai.catalog.search import backend

    ids = sorted(rng.sample(list(Document.objects.values_list("pk", flat=True)[:100000]), sample))
    columns = "document_id, agency_id, topic_id, genre_id, year, validity, published_day, order_key"
    if connection.vendor == "postgresql":
        columns += ", vector::text, title_vector::text"
    query = f"SELECT {columns} FROM catalog_searchentry WHERE document_id = ANY(%s) ORDER BY document_id"
    if connection.vendor != "postgresql":
        query = query.replace("= ANY(%s)", f"IN ({', '.join(map(str, ids))})")

    def read() -> list[Any]:
        with connection.cursor() as cursor:
            cursor.execute(query, [ids] if connection.vendor == "postgresql" else [])
            return cursor.fetchall()

    generated = read()
    with transaction.atomic():
        backend().update(Document.objects.filter(pk__in=ids))
        product = read()
        transaction.set_rollback(True)
    assert len(generated) == sample and generated == product, "the generated index differs from the product's"


def generate_applications(args: argparse.Namespace, rng: random.Random, agency_ids: list[int]) -> None:
    from gongkai.applications.models import Application
    from gongkai.applications.outcomes import outcomes_for
    from gongkai.lib import idcard

    id_first17 = "33041119850715231"
    first = Application.objects.create(
        agency_id=agency_ids[0], tracking_code="P000000000", access_secret="x",
        applicant_kind="natural_person", applicant_name="某", id_document="resident_id",
        id_number=id_first17 + idcard.check_character(id_first17), phone="13900000000",
        description="某项目资金拨付明细", form_wanted="electronic", delivery_wanted="email", channel="online",
        submitted_at=datetime.datetime(YEAR, 3, 1, tzinfo=datetime.UTC), received_on=datetime.date(YEAR, 3, 1),
        status="decided", closed_on=datetime.date(YEAR, 3, 20), decided_on=datetime.date(YEAR, 3, 20),
        outcome="granted",
    )  # fmt: skip
    row = template(Application, first)
    first.delete()
    columns = list(row)
    kinds = ["natural_person"] * 14 + ["commercial_enterprise"] * 3 + ["legal_service_org", "other_org"]
    outcomes = [o.key for o in outcomes_for(YEAR)]
    first_day = datetime.date(YEAR - 1, 10, 1)
    span = (datetime.date(YEAR, 12, 31) - first_day).days
    # Heavy-tailed, as applications are: a few agencies receive most of them. Which ones is drawn, so that
    # each part of the tree holds about its share — the first half, on which the growth with the number of
    # agencies is measured, too (a fixed stride of a Pareto draw put the busiest agencies in the second
    # half: the half held 4% of the applications, and the reports' growth read as faster than linear).
    weights = list(itertools.accumulate(rng.paretovariate(1.3) for _ in agency_ids))

    def rows() -> Iterator[list[Any]]:
        for n in range(args.applications):
            received = first_day + datetime.timedelta(days=rng.randrange(span))
            values = dict(row)
            values.update(
                agency_id=rng.choices(agency_ids, cum_weights=weights)[0],
                tracking_code=f"P{n:09d}",
                received_on=received,
                submitted_at=datetime.datetime.combine(received, datetime.time(9), tzinfo=datetime.UTC),
                applicant_kind=rng.choice(kinds),
            )
            closed = received + datetime.timedelta(days=rng.randrange(1, 40))
            if closed > datetime.date(YEAR, 12, 31) or rng.random() < 0.03:
                values.update(status="in_progress", closed_on=None, decided_on=None, outcome="")
            else:
                values.update(
                    status="decided", closed_on=closed, decided_on=closed, outcome=rng.choice(outcomes)
                )
            yield [values[c] for c in columns]

    bulk_insert(Application, columns, rows())


def store_reports(agency_ids: list[int]) -> None:
    """Every agency's YEAR report as a stored draft (a fifth published), so the dashboard validates real
    reports; built by the product code."""
    from gongkai.reports.build import build_reports
    from gongkai.reports.models import Report

    published = datetime.datetime(YEAR + 1, 1, 20, tzinfo=datetime.UTC)
    built = build_reports(None, YEAR)
    Report.objects.bulk_create(
        [
            Report(
                agency_id=pk,
                year=YEAR,
                source=Report.Source.RECORDS,
                status=Report.Status.PUBLISHED if n % 5 == 0 else Report.Status.DRAFT,
                published_at=published if n % 5 == 0 else None,
                data=item.report.to_json(),
            )
            for n, (pk, item) in enumerate(built.items())
        ],
        batch_size=500,
    )


def generate(args: argparse.Namespace, stage: str | None) -> list[int]:
    """What the run needs and the database lacks: the catalog (agencies, documents, the search index), then
    when a per-agency measure runs the applications and the stored reports. Each part timed on its own."""
    from django.db import connection

    from gongkai.agencies.models import Agency

    rng = random.Random(args.seed)
    if stage is None:
        started = time.perf_counter()
        agency_ids = generate_agencies(args, rng)
        words = Words(rng, sentences=min(50000, max(1000, args.docs // 20)))
        generate_documents(args, rng, words, agency_ids)
        documents_s = time.perf_counter() - started
        index_documents()
        index_s = time.perf_counter() - started - documents_s
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
        check_index(random.Random(args.seed + 2))
        stage = "catalog"
        mark_generated(args, stage)
        print(
            f"generated {len(agency_ids)} agencies and {args.docs} documents in {documents_s:.0f} s, indexed"
            f" them in {index_s:.0f} s (a sample checked against the product's indexer)",
            file=sys.stderr,
        )
    agency_ids = list(Agency.objects.order_by("path").values_list("id", flat=True))
    if stage == "catalog" and needs_applications(args):
        started = time.perf_counter()
        generate_applications(args, random.Random(args.seed + 3), agency_ids)
        store_reports(agency_ids)
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
        mark_generated(args, "all")
        print(
            f"generated {args.applications} applications and {len(agency_ids)} reports in"
            f" {time.perf_counter() - started:.0f} s",
            file=sys.stderr,
        )
    return agency_ids


# --- measures ---------------------------------------------------------------------------------------------


_STARTED = time.perf_counter()


def phase(name: str) -> None:
    print(f"[{time.perf_counter() - _STARTED:.0f} s] {name} measured", file=sys.stderr)


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def timed(function: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    result = function()
    return time.perf_counter() - started, result


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def redis_answers() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def server_env(database_url: str, folder: Path, *, cached: bool, http_cache_url: str = "") -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GONGKAI_", "DATABASE_URL"))}
    env.update(
        PYTHONPATH=os.pathsep.join([str(ROOT / "src"), env.get("PYTHONPATH", "")]),
        DATABASE_URL=database_url,
        GONGKAI_VAR_DIR=str(folder),
        GONGKAI_PRODUCTION="1",
        SECRET_KEY=secrets.token_urlsafe(50),
        GONGKAI_DATA_KEYS="x2D6k0bXkvgdV4Hk3P0l0KkC0m7V0m6Yw0cC7m3l2Xo=",
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="0",
        LOG_LEVEL="WARNING",
        GONGKAI_CACHE_URL=REDIS_URL,
        GONGKAI_CACHE_PREFIX=f"bench_prov_{os.getpid()}",
        GONGKAI_PAGE_CACHE_SECONDS="600" if cached else "0",
        GONGKAI_HTTP_CACHE_URLS=http_cache_url,
    )
    return env


def server_folder(database_url: str) -> Path:
    """The servers' var folder, shared by every run of this checkout: collecting (and compressing) the static
    files takes a minute or more on a busy machine, so it is done once, and again when the sources change."""
    folder = Path(tempfile.gettempdir()) / "gongkai-bench-prov-server"
    folder.mkdir(exist_ok=True)
    sources = sorted(path for path in (ROOT / "src" / "gongkai" / "static").rglob("*") if path.is_file())
    signature = hashlib.sha256(
        "\n".join(f"{path}:{path.stat().st_mtime_ns}:{path.stat().st_size}" for path in sources).encode()
    ).hexdigest()
    with (folder / ".lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # smoke runs of several checkouts may overlap
        stamp = folder / "static" / ".signature"
        if not stamp.exists() or stamp.read_text() != signature:
            subprocess.run(
                [GONGKAI, "collectstatic", "--noinput", "-v0"],
                env=server_env(database_url, folder, cached=False), check=True,
            )  # fmt: skip
            stamp.write_text(signature)
    return folder


def wait_for_port(process: subprocess.Popen, port: int, seconds: float = 300) -> None:
    """Until ``process`` accepts connections on ``port`` of 127.0.0.1; RuntimeError if it stops or never
    does (within ``seconds``, on a machine that may be busy)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"stopped with {process.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"did not start within {seconds:.0f} s")


class Server:
    """gunicorn (``gongkai serve``) on the benchmark database, with or without the page cache, and marking its
    pages for the HTTP cache at ``http_cache_url`` if given."""

    def __init__(
        self, database_url: str, folder: Path, workers: int, *, cached: bool, port: int = 0,
        http_cache_url: str = "",
    ) -> None:  # fmt: skip
        self.port = port or free_port()
        command = [GONGKAI, "serve", "--bind", f"127.0.0.1:{self.port}", "--no-collectstatic"]
        if workers:
            command += ["--workers", str(workers)]
        self.log = tempfile.TemporaryFile()  # noqa: SIM115 (open for the server's life)
        self.process = subprocess.Popen(
            command, env=server_env(database_url, folder, cached=cached, http_cache_url=http_cache_url), cwd=folder,
            stdout=subprocess.DEVNULL, stderr=self.log, start_new_session=True,
        )  # fmt: skip
        try:
            wait_for_port(self.process, self.port)
        except RuntimeError as error:
            self.log.seek(0)
            output = self.log.read().decode()[-2000:]
            self.stop()
            raise RuntimeError(f"gongkai serve {error}: {output}") from None

    def cpu_seconds(self) -> float:
        """CPU time used so far by the server's processes (its session): unlike throughput on a busy
        machine, CPU time per request does not depend on what else runs."""
        return group_cpu_seconds(self.process.pid)

    def stop(self) -> None:
        with contextlib.suppress(ProcessLookupError):  # stopped on its own already
            os.killpg(self.process.pid, signal.SIGTERM)
        self.process.wait(timeout=60)
        self.log.close()


def group_cpu_seconds(group: int) -> float:
    """CPU time used so far by the processes of one process group (a session started for a server)."""
    ticks = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError):
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[3]) == group:
                ticks += int(fields[11]) + int(fields[12])  # utime + stime
    return ticks / os.sysconf("SC_CLK_TCK")


# --- varnishd in front (the edge measure; tests/test_http_cache.py starts it too) ---------------------------
# The repository's VCL, with the site's include written as an operator would: one backend (the local gongkai
# server), BANs from 127.0.0.1. In the foreground (-F), in a folder of its own, without privilege separation
# (-j none) so that it runs as any user.

VCL = ROOT / "deploy" / "varnish" / "gongkai.vcl"
BACKENDS = """\
backend app {{
    .host = "127.0.0.1";
    .port = "{port}";
    .connect_timeout = 5s;
    .first_byte_timeout = 120s;
}}

acl gongkai_app_servers {{
    "127.0.0.1";
}}

sub vcl_init {{
    new gongkai = directors.round_robin();
    gongkai.add_backend(app);
}}
"""


def varnishd_path() -> str | None:
    """varnishd, installed by scripts/setup.sh (Debian's package puts it in /usr/sbin, which a user's PATH
    may lack)."""
    found = shutil.which("varnishd")
    if found:
        return found
    fallback = "/usr/sbin/varnishd"
    return fallback if os.access(fallback, os.X_OK) else None


class Varnish:
    """varnishd on a free port of 127.0.0.1, its backend the gongkai server on ``backend_port``."""

    def __init__(self, backend_port: int, *, storage_mb: int = 64) -> None:
        varnishd = varnishd_path()
        if varnishd is None:
            raise FileNotFoundError("varnishd is not installed (scripts/setup.sh installs Debian's varnish)")
        self.folder = Path(tempfile.mkdtemp(prefix="gongkai-varnish-"))
        (self.folder / "gongkai-backends.vcl").write_text(BACKENDS.format(port=backend_port))
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        vcl_path = [str(self.folder), str(VCL.parent), "/usr/share/varnish/vcl"]
        self.log = (self.folder / "varnishd.log").open("wb")
        self.process = subprocess.Popen(
            [
                varnishd, "-F", "-j", "none", "-n", str(self.folder / "work"),
                "-a", f"127.0.0.1:{self.port}", "-f", str(VCL), "-p", "vcl_path=" + ":".join(vcl_path),
                "-s", f"malloc,{storage_mb}m",
            ],
            stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
        try:
            wait_for_port(self.process, self.port)  # compiling the VCL takes a C compiler's while
        except RuntimeError as error:
            output = (self.folder / "varnishd.log").read_text(errors="replace")[-2000:]
            self.stop()
            raise RuntimeError(f"varnishd {error}: {output}") from None

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=60)
        self.log.close()
        shutil.rmtree(self.folder, ignore_errors=True)


async def fetch(port: int, path: str) -> tuple[int, float]:
    started = time.perf_counter()
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode())
    await writer.drain()
    data = await reader.read()
    writer.close()
    status = int(data[9:12]) if data[:5] == b"HTTP/" else 0
    return status, time.perf_counter() - started


class Reader:
    """One reader's HTTP/1.1 connection, kept alive where the server keeps it — as a browser, or the load
    balancer's upstream keepalive to Varnish, does — and opened again where it closes it (gunicorn's sync
    workers close each; so the gunicorn measures pay a connection per request, as before)."""

    def __init__(self, port: int, *, keep_alive: bool = True) -> None:
        self.port = port
        self.ending = b"\r\n" if keep_alive else b"Connection: close\r\n\r\n"
        self.stream: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None

    def close(self) -> None:
        if self.stream is not None:
            self.stream[1].close()
            self.stream = None

    async def get(self, path: str) -> tuple[int, float]:
        started = time.perf_counter()
        for _ in range(2):
            fresh = self.stream is None
            if self.stream is None:
                self.stream = await asyncio.open_connection("127.0.0.1", self.port)
            reader, writer = self.stream
            try:
                writer.write(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n".encode() + self.ending)
                await writer.drain()
                head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1").lower()
            except (asyncio.IncompleteReadError, ConnectionError):
                self.close()
                if fresh:
                    raise OSError("the server closed a new connection") from None
                continue  # a kept-alive connection the server had closed: once more on a new one
            status = int(head[9:12]) if head[:5] == "http/" else 0
            length = next(
                (int(line[15:]) for line in head.split("\r\n") if line.startswith("content-length:")), None
            )
            if length is not None:
                await reader.readexactly(length)
            elif "transfer-encoding: chunked" in head:
                while size := int((await reader.readuntil(b"\r\n")).split(b";")[0], 16):
                    await reader.readexactly(size + 2)
                await reader.readuntil(b"\r\n")
            else:
                await reader.read()
                self.close()
            if "\r\nconnection: close" in head:
                self.close()
            return status, time.perf_counter() - started
        raise OSError("no answer")


async def load(
    port: int, paths: list[str], clients: int, seconds: float, seed: int, *, keep_alive: bool = True
) -> tuple[int, int, list[float]]:
    """``clients`` readers, each requesting random portal pages back to back for ``seconds``: (ok, failed,
    latencies of the ok ones)."""
    ok, failed, latencies = 0, 0, []
    stop = time.perf_counter() + seconds

    async def reader(n: int) -> None:
        nonlocal ok, failed
        rng = random.Random(seed * 1000 + n)
        connection = Reader(port, keep_alive=keep_alive)
        while time.perf_counter() < stop:
            try:
                status, elapsed = await connection.get(rng.choice(paths))
            except (OSError, asyncio.IncompleteReadError, ValueError):
                connection.close()
                status, elapsed = 0, 0.0
            if status == 200:
                ok += 1
                latencies.append(elapsed)
            else:
                failed += 1
        connection.close()

    await asyncio.gather(*(reader(n) for n in range(clients)))
    return ok, failed, latencies


def portal_paths(rng: random.Random, agency_ids: list[int]) -> list[str]:
    """The pages a burst of readers asks for: the home page, some agencies' pages, catalog lists and guides,
    and documents."""
    from gongkai.catalog.models import Document

    chosen = rng.sample(agency_ids, min(40, len(agency_ids)))
    last = Document.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    documents = list(Document.objects.filter(pk__gt=max(0, last - 5000)).values_list("pk", flat=True)[:5000])
    paths = ["/"] * 10
    for pk in chosen:
        paths += [f"/agencies/{pk}/", f"/agencies/{pk}/catalog/", f"/agencies/{pk}/guide/"]
    paths += [f"/documents/{pk}/" for pk in rng.sample(documents, min(80, len(documents)))]
    return paths


def measure_portal(args: argparse.Namespace, url: str, agency_ids: list[int]) -> dict[str, Any]:
    from django.db import connections

    connections.close_all()  # SQLite: let the servers read a file nobody writes
    paths = portal_paths(random.Random(args.seed), agency_ids)
    folder = server_folder(url)
    results: dict[str, Any] = {}
    edge = varnishd_path() is not None
    if not edge:
        print("portal through Varnish: SKIPPED (varnishd is not installed; scripts/setup.sh installs it)")
    for name in ("uncached", "cached", *(["edge"] if edge else [])):
        # edge: the same readers through varnishd (the repository's VCL) in front of the cached gunicorn.
        port = free_port()
        varnish = Varnish(port, storage_mb=256) if name == "edge" else None
        http_cache_url = varnish.url if varnish else ""
        try:
            server = Server(
                url, folder, args.workers, cached=name != "uncached", port=port, http_cache_url=http_cache_url
            )
        except BaseException:
            if varnish:
                varnish.stop()
            raise
        front = varnish.port if varnish else server.port
        try:
            for path in sorted(set(paths)):  # every page rendered once before timing (the caches filled)
                asyncio.run(fetch(front, path))
            cpu = server.cpu_seconds() + (group_cpu_seconds(varnish.process.pid) if varnish else 0)
            ok, failed, latencies = asyncio.run(
                load(front, paths, args.clients, args.seconds, args.seed, keep_alive=not args.no_keep_alive)
            )
            cpu = server.cpu_seconds() + (group_cpu_seconds(varnish.process.pid) if varnish else 0) - cpu
        finally:
            server.stop()
            if varnish:
                varnish.stop()
        results[f"{name}_rps"] = ok / args.seconds
        results[f"{name}_p99_ms"] = percentile(latencies, 99) * 1000
        results[f"{name}_p50_ms"] = percentile(latencies, 50) * 1000
        results[f"{name}_failed"] = failed
        results[f"{name}_cpu_ms_per_request"] = cpu / max(ok, 1) * 1000
    return results


def measure_search(args: argparse.Namespace, rng: random.Random, words: Words) -> dict[str, float]:
    from django.db.models import Q

    from gongkai.catalog.models import Document
    from gongkai.catalog.queries import search_documents
    from gongkai.catalog.search import SearchFilters

    today = datetime.date(YEAR + 1, 1, 15)
    shallow: list[float] = []
    deep: list[float] = []
    queries = []
    for i in range(args.searches):
        page = 500 if i % 10 == 0 else 1
        query = rng.choice(words.common if page > 1 else words.searchable)
        queries.append(query)
        started = time.perf_counter()
        search_documents(query, SearchFilters(), page, today)
        (deep if page > 1 else shallow).append((time.perf_counter() - started) * 1000)

    def like(query: str) -> None:
        found = Document.objects.public().filter(
            Q(title__contains=query) | Q(document_number__contains=query) | Q(body_text__contains=query)
        )
        found.count()
        list(found.order_by("-published_on", "-id")[:20])

    like_times = []
    for query in rng.sample(queries, min(args.like_sample, len(queries))):
        started = time.perf_counter()
        like(query)
        like_times.append((time.perf_counter() - started) * 1000)
    everything = shallow + deep
    results = {
        "search_p50_ms": statistics.median(everything),
        "search_p95_ms": percentile(everything, 95),  # the goal's: a tenth of the searches are on page 500
        "search_page1_p95_ms": percentile(shallow, 95),
        "search_deep_p95_ms": percentile(deep, 95),
        "like_p95_ms": percentile(like_times, 95),
    }
    if args.quality:
        results.update(ranking_quality(rng.sample(queries, min(args.quality, len(queries))), today))
    return results


# The ranking rule of ``catalog.search.base`` over every match, unbounded: the PostgreSQL query before the
# search was bounded (all matches scored and sorted), the reference the bounded search is judged against.
UNBOUNDED = (
    "SELECT document_id FROM catalog_searchentry, to_tsquery('simple', %s) AS query WHERE vector @@ query"
    " ORDER BY CASE WHEN title_vector @@ query THEN ts_rank(title_vector, query)"
    " * (1.0 + 365.0 / (365.0 + greatest(0, %s - published_day))) ELSE 0 END DESC,"
    " published_day DESC, document_id DESC LIMIT %s OFFSET %s"
)


def ranking_quality(queries: list[str], today: datetime.date) -> dict[str, float]:
    """How the product's search agrees with the unbounded ranking (``UNBOUNDED``; PostgreSQL only), on
    ``queries`` at page 1 and page 500: the mean overlap of the 20 ids (overlap@20, 1 = the same set), the
    share of pages in exactly the same order, and the share of first pages that list every title match
    before any body-only match (title first)."""
    from django.db import connection

    from gongkai.catalog.search import SearchFilters, backend
    from gongkai.catalog.search.postgresql import tsquery

    if connection.vendor != "postgresql":
        return {}
    overlaps: dict[int, list[float]] = {0: [], 10000: []}
    same: dict[int, list[bool]] = {0: [], 10000: []}
    title_first = []
    for query in queries:
        text = tsquery(query)
        for offset in overlaps:
            with connection.cursor() as cursor:
                cursor.execute(UNBOUNDED, [text, today.toordinal(), 20, offset])
                reference = [row[0] for row in cursor.fetchall()]
            found = backend().search(query, SearchFilters(), offset=offset, limit=20, today=today).ids
            if reference:
                overlaps[offset].append(len(set(reference) & set(found)) / len(reference))
                same[offset].append(reference == found)
            if offset == 0 and found:
                with connection.cursor() as cursor:
                    cursor.execute(
                        "SELECT document_id, title_vector @@ to_tsquery('simple', %s) FROM catalog_searchentry"
                        " WHERE document_id = ANY(%s)",
                        [text, found],
                    )
                    heading = dict(cursor.fetchall())
                flags = [heading[pk] for pk in found]
                title_first.append(flags == sorted(flags, reverse=True))
    return {
        "overlap20_page1": statistics.mean(overlaps[0]) if overlaps[0] else float("nan"),
        "same_order_page1": statistics.mean(same[0]) if same[0] else float("nan"),
        "overlap20_page500": statistics.mean(overlaps[10000]) if overlaps[10000] else float("nan"),
        "same_order_page500": statistics.mean(same[10000]) if same[10000] else float("nan"),
        "title_first_page1": statistics.mean(title_first) if title_first else float("nan"),
    }


def users() -> tuple[Any, Any]:
    """Two oversight offices (the same kind of user, so that only the number of agencies differs): the
    province's, over every agency, and one over the first half of the cities."""
    from django.contrib.auth import get_user_model

    from gongkai.agencies.models import Agency, Membership

    model = get_user_model()
    everything, made = model.objects.get_or_create(username="bench-province")
    if made:
        province = Agency.objects.get(parent__isnull=True)
        Membership.objects.create(user=everything, agency=province, role=Membership.Role.OVERSIGHT)
    half, made = model.objects.get_or_create(username="bench-half-province")
    if made:
        cities = list(Agency.objects.filter(level=Agency.Level.CITY).order_by("path"))
        for city in cities[: max(1, len(cities) // 2)]:
            Membership.objects.create(user=half, agency=city, role=Membership.Role.OVERSIGHT)
    return everything, half


def measure_dashboard(user: Any) -> tuple[float, int, int]:
    """The dashboard page as ``user`` sees it: (seconds, queries, rows)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from gongkai.oversight.access import overseen

    client = Client()
    client.force_login(user)
    client.get(f"/oversight/?year={YEAR}")  # the session and the templates warmed up
    with CaptureQueriesContext(connection) as queries:
        elapsed, response = timed(lambda: client.get(f"/oversight/?year={YEAR}"))
    assert response.status_code == 200, response.status_code
    return elapsed, len(queries), overseen(user).count()


def measure_reports(agency_ids: list[int]) -> tuple[float, int, Any]:
    """Build and validate the reports of ``agency_ids``, and their roll-up: (seconds, errors, the built)."""
    from gongkai.agencies.models import Agency
    from gongkai.annual_report.rules import validate
    from gongkai.reports.build import build_reports
    from gongkai.reports.rollup import combine

    def run() -> tuple[int, Any]:
        agencies = list(Agency.objects.filter(pk__in=agency_ids).order_by("path"))
        built = build_reports(agencies, YEAR)
        findings = {item.agency.name: validate(item.report) for item in built.values()}
        reports = {item.agency.name: item.report for item in built.values()}
        order = [agency.name for agency in agencies]
        combine(order[0], YEAR, reports, order, findings)
        return sum(1 for found in findings.values() for f in found if f.severity == "error"), built

    elapsed, (errors, built) = timed(run)
    return elapsed, errors, built


def report_files(built: Any, folder: Path) -> dict[int, Path]:
    """Every built report written as the official HTML layout (not timed), by agency id."""
    from gongkai.reports.render import render_html

    files = {}
    for pk, item in built.items():
        path = folder / f"{pk:06d}.html"
        path.write_text(render_html(item.report), encoding="utf-8")
        files[pk] = path
    return files


def measure_audit(files: list[Path]) -> tuple[float, int]:
    """The batch audit of ``files``, with the audit command's progress bar: (seconds, unreadable)."""
    from gongkai.reports.auditing import audit_all
    from gongkai.reports.management.commands.audit import Progress

    progress = Progress(len(files), enabled=sys.stderr.isatty())
    elapsed, results = timed(lambda: audit_all(files, on_done=progress.step))
    progress.close()
    return elapsed, sum(1 for result in results if result.report is None)


# --- the run ----------------------------------------------------------------------------------------------


def main() -> int:
    args = parse_args()
    url = setup_django(args)
    from django.db import connection

    from gongkai.agencies.models import Agency

    vendor = connection.vendor
    stage = generated(args)
    if stage is None and Agency.objects.exists():
        print("the database holds other sizes: run with --regenerate", file=sys.stderr)
        return 2
    if stage is not None:
        print(f"reusing the data generated before ({stage})", file=sys.stderr)
    agency_ids = generate(args, stage)
    phase("setup")
    rng = random.Random(args.seed + 1)
    words = Words(rng, sentences=10)
    table: list[tuple[str, str, str, str]] = []  # measure, half, full, growth
    results: dict[str, Any] = {}
    goals: list[tuple[str, bool]] = []

    if "portal" in args.only and redis_answers():
        portal = measure_portal(args, url, agency_ids)
        phase("portal")
        results.update(portal)
        ratio = portal["cached_rps"] / max(portal["uncached_rps"], 1e-9)
        results["cache_ratio"] = ratio
        if "edge_rps" in portal:
            # The goal is for the deployment's cached pages: through the HTTP cache in front (Varnish); the
            # Redis page cache alone stays in the table as its own columns.
            edge_ratio = portal["edge_rps"] / max(portal["uncached_rps"], 1e-9)
            results["edge_ratio"] = edge_ratio
            goals.append(
                (
                    "cached (Varnish in front) ≥ 10× uncached, p99 ≤ 100 ms",
                    edge_ratio >= 10 and portal["edge_p99_ms"] <= 100,
                )
            )
        else:
            goals.append(
                (
                    "cached (Redis only: no varnishd) ≥ 10× uncached, p99 ≤ 100 ms",
                    ratio >= 10 and portal["cached_p99_ms"] <= 100,
                )
            )
    elif "portal" in args.only:
        print("portal: SKIPPED (no Redis on 127.0.0.1:6379)")

    if "search" in args.only:
        results.update(measure_search(args, rng, words))
        phase("search")
        if vendor == "postgresql":
            goals.append(("search p95 ≤ 100 ms (PostgreSQL)", results["search_p95_ms"] <= 100))
        else:
            print("search goal: SKIPPED (the goal is for PostgreSQL; this run is on SQLite)")

    rows_half = rows_full = 0
    growth: dict[str, float] = {}
    if needs_applications(args):
        everything, half_office = users()
        from gongkai.oversight.access import overseen

        half_ids = list(overseen(half_office).values_list("pk", flat=True))
        rows_half, rows_full = len(half_ids), overseen(everything).count()
        scale = rows_full / max(rows_half, 1)
        # At the smoke sizes a measure is a fraction of a second: the best of three keeps the growth meaningful.
        tries = 3 if args.smoke else 1
        measured: list[tuple[str, float, float]] = []
        if "dashboard" in args.only:
            dash_half, queries_half, _ = min(measure_dashboard(half_office) for _ in range(tries))
            dash_full, queries_full, _ = min(measure_dashboard(everything) for _ in range(tries))
            phase("dashboard")
            measured.append(("dashboard", dash_half, dash_full))
            results.update(dashboard_s=dash_full, dashboard_queries=queries_full)
            goals.append((f"dashboard queries constant ({queries_half} for {rows_half}, {queries_full} for "
                          f"{rows_full})", queries_half == queries_full))  # fmt: skip
            goals.append((f"dashboard for {rows_full} agencies ≤ 1 s", dash_full <= 1))
        if "reports" in args.only or "audit" in args.only:  # the audit reads the built reports
            reports_half, _, _built_half = min(
                (measure_reports(half_ids) for _ in range(tries)), key=lambda r: r[0]
            )
            reports_full, errors, built_full = min(
                (measure_reports(agency_ids) for _ in range(tries)), key=lambda r: r[0]
            )
            if "reports" in args.only:
                phase("reports")
                measured.append(("reports", reports_half, reports_full))
                results.update(reports_s=reports_full, report_errors=errors)
                goals.append((f"{rows_full} reports built + validated + roll-up ≤ 60 s", reports_full <= 60))
        if "audit" in args.only:
            with tempfile.TemporaryDirectory() as folder:
                files = report_files(built_full, Path(folder))
                audit_half, _ = measure_audit([files[pk] for pk in half_ids])
                audit_full, unreadable = measure_audit(list(files.values()))
            phase("audit")
            measured.append(("audit", audit_half, audit_full))
            results.update(audit_s=audit_full, unreadable=unreadable)
        for name, half, full in measured:
            # growth per doubling of the agencies, whatever the exact split of the tree
            growth[name] = (full / half) ** (1 / max(1e-9, math.log2(scale))) if half else float("nan")
            table.append((f"{name} s", f"{half:.2f}", f"{full:.2f}", f"{growth[name]:.2f}"))
        goals.append(
            (
                f"nothing grows faster than linearly (×{LINEAR_LIMIT} per doubling)",
                all(g <= LINEAR_LIMIT for g in growth.values()),
            )
        )

    print(f"\nprovince benchmark on {vendor}: {len(agency_ids)} agencies ({rows_half} in the half), "
          f"{args.docs} documents, {args.applications} applications; load {os.getloadavg()[0]:.1f}")  # fmt: skip
    print(f"{'measure':<28}{'value':>12}")
    for key, value in results.items():
        print(f"{key:<28}{value:>12.1f}" if isinstance(value, float) else f"{key:<28}{value:>12}")
    if table:
        print(f"\n{'per agency':<16}{'half':>10}{'full':>10}{'×/doubling':>12}")
        for row in table:
            print(f"{row[0]:<16}{row[1]:>10}{row[2]:>10}{row[3]:>12}")
    print()
    for goal, passed in goals:
        print(f"{'PASS' if passed else 'MISS'}  {goal}")
    summary = {
        "agencies": len(agency_ids), "docs": args.docs, "applications": args.applications,
        **{
            k: results[k]
            for k in ("cached_rps", "uncached_rps", "cached_p99_ms", "edge_rps", "edge_p99_ms")
            if k in results
        },
        **{k: results[k] for k in ("search_p50_ms", "search_p95_ms", "search_deep_p95_ms", "like_p95_ms",
                                   "dashboard_s", "reports_s", "audit_s") if k in results},
        "passed": sum(passed for _, passed in goals), "goals": len(goals),
    }  # fmt: skip
    print(" ".join(f"{k}={v:.2f}" if isinstance(v, float) else f"{k}={v}" for k, v in summary.items()))
    if args.smoke:
        drop_database(url)
    return 0


if __name__ == "__main__":
    sys.exit(main())
