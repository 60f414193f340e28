"""Benchmark of the catalog's Chinese full-text search (not a test).

    .venv/bin/python benchmarks/search.py --docs 200000            # SQLite (a file under /tmp)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python benchmarks/search.py --docs 200000
    .venv/bin/python benchmarks/search.py --smoke      # 300 documents, 30 searches: that it runs (make test)

Generates N realistic Chinese documents — titles and bodies drawn with the Zipf-like word frequencies of
the dictionary that ships inside the ``jieba`` package — in a fresh benchmark database, builds the search
index (``backend().rebuild()``, timed), then runs 1,000 searches of 2–6 characters the way the search page
does them (``queries.search_documents``: the top 20 ranked results, their documents and highlighted
excerpts, and the total count), a third with a filter and a tenth on page 500. The same searches are then
done as ``LIKE '%q%'`` scans over title, document number and body returning the same page and count (on a
sample, ``--like-sample``, since each scan reads the whole catalog). The ranking's check (``ranking_check``:
agreement with the ranking before the title-first rule, and that first pages start with the title matches) and
the CPU time per search (this process's: SQLite searches run in it; steadier than the clock on a busy machine)
go to stderr. Ends with one line:

    docs=N index_s=… p50_ms=… p95_ms=… deep_p95_ms=… like_p95_ms=… ratio=…

where ratio = like_p95 / p95. The database is dropped at the end unless ``--keep``.
"""

from __future__ import annotations

import argparse
import bisect
import datetime
import itertools
import os
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--docs", type=int, default=20000)
    parser.add_argument("--searches", type=int, default=1000)
    parser.add_argument(
        "--like-sample", type=int, default=100, help="how many of the searches to time as LIKE"
    )
    parser.add_argument("--agencies", type=int, default=100)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--keep", action="store_true", help="keep the benchmark database")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="use the documents of a database kept by --keep (same --docs and --seed) instead of generating them",
    )
    parser.add_argument(
        "--rankings",
        metavar="FILE",
        help="save the top-20 lists of the first 200 searches to FILE, or compare with those saved there",
    )
    parser.add_argument(
        "--smoke", action="store_true", help="300 documents, 30 searches, 5 agencies, own database name"
    )
    args = parser.parse_args()
    if args.smoke:
        args.docs, args.searches, args.like_sample, args.agencies = 300, 30, 5, 5
    return args


class Vocabulary:
    """Words of the jieba dictionary with their frequencies; draws are Zipf-like because they are."""

    def __init__(self, rng: random.Random):
        import jieba

        path = Path(jieba.__file__).parent / "dict.txt"
        words, weights = [], []
        with path.open(encoding="utf-8") as lines:
            for line in lines:
                word, freq, *_ = line.split()
                if 1 <= len(word) <= 4 and all("\u4e00" <= ch <= "\u9fff" for ch in word) and int(freq) >= 5:
                    words.append(word)
                    weights.append(int(freq))
        self.words = words
        self.cumulative = list(itertools.accumulate(weights))
        self.rng = rng
        by_weight = sorted(zip(weights, words, strict=True), reverse=True)
        self.common = [w for _, w in by_weight[:300] if len(w) >= 2]  # deep-page queries need many matches
        self.searchable = [w for _, w in by_weight[:20000] if 2 <= len(w) <= 4]

    def draw(self, k: int) -> list[str]:
        total = self.cumulative[-1]
        return [self.words[bisect.bisect(self.cumulative, self.rng.random() * total)] for _ in range(k)]

    def sentence(self, low: int, high: int) -> str:
        return "".join(self.draw(self.rng.randint(low, high)))


def setup_django(args: argparse.Namespace) -> None:
    url = os.environ.get("DATABASE_URL", "")
    suffix = f"_{os.getpid()}" if args.smoke else ""  # smoke runs of several checkouts may overlap
    if url.startswith("postgres"):
        os.environ.setdefault("GONGKAI_TEST_DATABASE", f"bench_catalog_search{suffix}")
    else:
        os.environ.setdefault(
            "GONGKAI_TEST_DATABASE", f"/tmp/gongkai-bench-search-{args.docs}{suffix}.sqlite3"
        )
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.db import connection

    if connection.vendor == "sqlite" and not args.reuse:
        Path(os.environ["GONGKAI_TEST_DATABASE"]).unlink(missing_ok=True)
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False, keepdb=args.reuse)


def generate(args: argparse.Namespace, vocabulary: Vocabulary, rng: random.Random) -> None:
    from django.db import transaction

    from gongkai.agencies.models import Agency
    from gongkai.catalog.models import Document, Genre, Topic
    from gongkai.lib import richtext

    root = Agency.objects.create(name="基准测试市人民政府", level=Agency.Level.CITY)
    agencies = [
        Agency.objects.create(name=f"基准测试第{i}局", level=Agency.Level.DEPARTMENT, parent=root)
        for i in range(args.agencies)
    ]
    topics, genres = list(Topic.objects.all()), list(Genre.objects.all())
    start = datetime.date(2008, 1, 1).toordinal()
    span = datetime.date(2024, 12, 31).toordinal() - start
    batch: list[Document] = []
    for i in range(args.docs):
        paragraphs = [vocabulary.sentence(20, 60) for _ in range(rng.randint(3, 8))]
        body = "".join(f"<p>{p}。</p>" for p in paragraphs)
        published = datetime.date.fromordinal(start + rng.randrange(span))
        agency = agencies[int(rng.paretovariate(1.2)) % len(agencies)]
        batch.append(
            Document(
                agency=agency,
                title="关于"
                + vocabulary.sentence(3, 7)
                + rng.choice(["的通知", "的公告", "的实施意见", "工作动态", "的批复"]),
                body=body,
                body_text=richtext.to_text(body),
                document_number=f"{agency.pk}号〔{published.year}〕{i % 300 + 1}号"
                if rng.random() < 0.4
                else "",
                index_number=f"{agency.pk:09d}/{published.year}-{i:06d}",
                written_on=published - datetime.timedelta(days=rng.randint(0, 30)),
                published_on=published,
                topic=rng.choice(topics),
                genre=rng.choice(genres),
                status=Document.Status.PUBLISHED,
                validity=Document.Validity.IN_FORCE if rng.random() < 0.9 else Document.Validity.REPEALED,
            )
        )
        if len(batch) == 5000:
            with transaction.atomic():
                Document.objects.bulk_create(batch, batch_size=1000)
            batch = []
    with transaction.atomic():
        Document.objects.bulk_create(batch, batch_size=1000)


def make_searches(args: argparse.Namespace, vocabulary: Vocabulary, rng: random.Random) -> list[dict]:
    from gongkai.agencies.models import Agency
    from gongkai.catalog.models import Topic

    agency_ids = list(Agency.objects.filter(parent__isnull=False).values_list("pk", flat=True))
    topic_ids = list(Topic.objects.values_list("pk", flat=True))
    searches = []
    for i in range(args.searches):
        deep = i % 10 == 0
        if deep:
            query = rng.choice(vocabulary.common)
        elif rng.random() < 0.3:  # a phrase of two words, 4–6 characters
            query = "".join(rng.sample(vocabulary.searchable, 2))[:6]
        else:
            query = rng.choice(vocabulary.searchable)
        filters: dict[str, Any] = {}
        if not deep and i % 3 == 1:
            kind = rng.choice(["agency", "topic", "year", "validity"])
            choices: dict[str, dict[str, Any]] = {
                "agency": {"agency_id": rng.choice(agency_ids)},
                "topic": {"topic_id": rng.choice(topic_ids)},
                "year": {"year": rng.randint(2008, 2024)},
                "validity": {"validity": "in_force"},
            }
            filters = choices[kind]
        searches.append({"q": query, "filters": filters, "page": 500 if deep else 1})
    return searches


def like_search(query: str, filters: dict, page: int) -> tuple[int, list[int]]:
    """The same search as a LIKE scan: matching public documents, newest first, the same page and count."""
    from django.db.models import Q

    from gongkai.catalog.models import Document

    documents = Document.objects.public().filter(
        Q(title__contains=query) | Q(document_number__contains=query) | Q(body_text__contains=query)
    )
    if "agency_id" in filters:
        documents = documents.filter(agency_id=filters["agency_id"])
    if "topic_id" in filters:
        documents = documents.filter(topic_id=filters["topic_id"])
    if "year" in filters:
        documents = documents.filter(published_on__year=filters["year"])
    if "validity" in filters:
        documents = documents.filter(validity=filters["validity"])
    total = documents.count()
    offset = (page - 1) * 20
    ids = list(documents.order_by("-published_on", "-id").values_list("pk", flat=True)[offset : offset + 20])
    list(Document.objects.filter(pk__in=ids))
    return total, ids


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def previous_ranking(query: str, filters: dict, today: datetime.date) -> tuple[list[int], set[int]]:
    """The first page as the search ranked before the title-first rule (SQLite: BM25 of all three columns ×
    recency over every match; PostgreSQL: ``ts_rank`` of the title and numbers × recency, a partial title
    overlap counting), and the set of the query's title or number matches (the rule's first group)."""
    from django.db import connection

    from gongkai.catalog.search import SearchFilters, postgresql, sqlite

    where, values = SearchFilters(**filters).conditions("e.")
    condition = "".join(f" AND {w}" for w in where)
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            expression = sqlite.match_expression(query)
            if expression is None:
                return [], set()
            source = "catalog_fts JOIN catalog_searchentry e ON e.order_key = catalog_fts.rowid"
            cursor.execute(
                f"SELECT e.document_id FROM {source} WHERE catalog_fts MATCH %s{condition} ORDER BY"
                " bm25(catalog_fts, 10.0, 5.0, 1.0) * (1.0 + 365.0 / (365.0 + max(0, %s - e.published_day))),"
                " e.published_day DESC, e.document_id DESC LIMIT 20",
                [expression, *values, today.toordinal()],
            )
            first = [row[0] for row in cursor.fetchall()]
            cursor.execute(
                f"SELECT e.document_id FROM {source} WHERE catalog_fts MATCH %s{condition}",
                [f"{{title number}} : ({expression})", *values],
            )
        else:
            text = postgresql.tsquery(query)
            if text is None:
                return [], set()
            cursor.execute(
                "SELECT document_id FROM catalog_searchentry e, to_tsquery('simple', %s) AS query"
                f" WHERE vector @@ query{condition} ORDER BY ts_rank(title_vector, query)"
                " * (1.0 + 365.0 / (365.0 + greatest(0, %s - published_day))) DESC,"
                " published_day DESC, document_id DESC LIMIT 20",
                [text, *values, today.toordinal()],
            )
            first = [row[0] for row in cursor.fetchall()]
            cursor.execute(
                "SELECT document_id FROM catalog_searchentry e, to_tsquery('simple', %s) AS query"
                f" WHERE title_vector @@ query{condition}",
                [text, *values],
            )
        return first, {row[0] for row in cursor.fetchall()}


def title_first(ids: list[int], titles: set[int]) -> bool:
    """Whether a first page starts with all the title matches it has room for."""
    head = ids[: min(len(ids), len(titles))]
    return all(pk in titles for pk in head)


def ranking_check(args: argparse.Namespace, searches: list[dict], today: datetime.date) -> str:
    """Ranking quality on the first page of each of the first 200 searches.

    Against the ranking before the title-first rule (computed here, ``previous_ranking``): the mean overlap@20
    (how many of the 20 are the same documents, in any order), over all and for broad queries (over 10,000
    matches). Measured at 200,000 documents: 0.89 over all, 0.975 for broad queries (their first page was already
    mostly title matches, which keep their BM25 × recency order); the change is in queries with fewer than 20
    title matches, whose body-only rest is now the newest instead of BM25's pick — and the
    share of searches whose first page starts with all its title or number matches, for the old ranking and
    the new (1.0 by the rule). With ``--rankings FILE``, the first run saves its top-20 lists there and a later
    run on the same documents (``--reuse``) also compares with them: mean and minimum overlap@20 and the share
    of searches whose top 10 are the same in the same order.
    """
    import json

    from gongkai.catalog.search import SearchFilters, backend

    lists = {}
    overlaps_previous, broad, first_new, first_old = [], [], 0, 0
    checked = min(200, len(searches))
    for search in searches[:checked]:
        key = json.dumps([search["q"], search["filters"]], ensure_ascii=False, sort_keys=True)
        page = backend().search(
            search["q"], SearchFilters(**search["filters"]), offset=0, limit=20, today=today
        )
        lists[key] = page.ids
        old, titles = previous_ranking(search["q"], search["filters"], today)
        size = max(len(old), len(page.ids))
        overlaps_previous.append(len(set(old) & set(page.ids)) / size if size else 1.0)
        if page.total > 10000:
            broad.append(overlaps_previous[-1])
        first_new += title_first(page.ids, titles)
        first_old += title_first(old, titles)
    result = (
        f"overlap20_vs_previous={statistics.mean(overlaps_previous):.3f}"
        f" overlap20_vs_previous_broad={statistics.mean(broad or [1.0]):.3f} (over 10,000 matches, n={len(broad)})"
        f" title_first_new={first_new / checked:.3f} title_first_previous={first_old / checked:.3f}"
    )
    if not args.rankings:
        return result
    path = Path(args.rankings)
    if not path.exists():
        path.write_text(json.dumps(lists, ensure_ascii=False))
        return f"{result} rankings_saved={len(lists)}"
    saved = json.loads(path.read_text())
    overlaps, same_order = [], 0
    for key, ids in lists.items():
        before = saved[key]
        size = max(len(before), len(ids))
        overlaps.append(len(set(before) & set(ids)) / size if size else 1.0)
        same_order += before[:10] == ids[:10]
    return (
        f"{result} overlap20_mean={statistics.mean(overlaps):.3f} overlap20_min={min(overlaps):.3f}"
        f" top10_same_order={same_order / len(lists):.3f}"
    )


def main() -> None:
    args = parse_args()
    setup_django(args)
    from django.db import connection, transaction

    from gongkai.catalog.queries import search_documents
    from gongkai.catalog.search import SearchFilters, backend

    rng = random.Random(args.seed)
    vocabulary = Vocabulary(rng)
    if args.reuse:
        with transaction.atomic():
            backend().clear()  # not timed: only the building of the index is
    else:
        started = time.perf_counter()
        generate(args, vocabulary, rng)
        print(f"generated {args.docs} documents in {time.perf_counter() - started:.1f} s", file=sys.stderr)

    started, started_cpu = time.perf_counter(), time.process_time()
    with transaction.atomic():
        indexed = backend().rebuild()
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO catalog_fts (catalog_fts) VALUES ('optimize')")
            cursor.execute("ANALYZE")
    else:
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE catalog_searchentry")
    index_s = time.perf_counter() - started
    # This process's CPU time (SQLite works in it): on a busy machine, steadier than the wall clock.
    print(
        f"indexed {indexed} documents in {index_s:.1f} s, {time.process_time() - started_cpu:.1f} s of CPU"
        f" ({connection.vendor})",
        file=sys.stderr,
    )

    today = datetime.date(2025, 1, 1)
    # The searches draw from their own generator, so that a --reuse run does the same ones.
    vocabulary.rng = rng = random.Random(args.seed + 1)
    searches = make_searches(args, vocabulary, rng)
    shallow: list[float] = []
    deep: list[float] = []
    started_cpu = time.process_time()
    for search in searches:
        t = time.perf_counter()
        search_documents(search["q"], SearchFilters(**search["filters"]), search["page"], today)
        elapsed = (time.perf_counter() - t) * 1000
        (deep if search["page"] > 1 else shallow).append(elapsed)
    all_times = shallow + deep
    searches_cpu_s = time.process_time() - started_cpu
    like_times = []
    for search in rng.sample(searches, min(args.like_sample, len(searches))):
        t = time.perf_counter()
        like_search(search["q"], search["filters"], search["page"])
        like_times.append((time.perf_counter() - t) * 1000)
    p95 = percentile(all_times, 95)
    like_p95 = percentile(like_times, 95)
    print(
        f"vendor={connection.vendor} shallow_p95_ms={percentile(shallow, 95):.1f} like_n={len(like_times)}"
        f" searches_cpu_s={searches_cpu_s:.1f} cpu_ms_per_search={searches_cpu_s / len(searches) * 1000:.1f}",
        file=sys.stderr,
    )
    print(ranking_check(args, searches, today), file=sys.stderr)
    print(
        f"docs={args.docs} index_s={index_s:.1f} p50_ms={statistics.median(all_times):.1f} p95_ms={p95:.1f} "
        f"deep_p95_ms={percentile(deep, 95):.1f} like_p95_ms={like_p95:.1f} ratio={like_p95 / p95:.1f}"
    )
    if not args.keep:
        connection.creation.destroy_test_db(os.environ["GONGKAI_TEST_DATABASE"], verbosity=0)


if __name__ == "__main__":
    main()
