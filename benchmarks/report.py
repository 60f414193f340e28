"""Benchmark of annual-report generation from the records (not a test).

    .venv/bin/python benchmarks/report.py --agencies 1000 --applications 1000000      # SQLite under /tmp
    .venv/bin/python benchmarks/report.py --smoke       # 5 agencies, 500 applications: that it runs (make test)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python benchmarks/report.py …

Generates a government with N−1 departments, M applications received from mid-2022 to early 2024 (most
decided within two months, in every decision row, some still open) and review cases for 1 % of them, in a
fresh benchmark database. Then, timed as ``build_s``: builds every agency's 2023 report
(``reports.build.build_reports`` — sections 二, 三 with provenance ids, 四), validates each with the rule set
(R1–R14, last year's built report for R6 excluded) and combines them into the government's roll-up. Timed as
``sql_floor_s``: one hand-written GROUP BY computing section 三 for all agencies. Ends with one line:

    agencies=N applications=M build_s=… sql_floor_s=… ratio=…

ratio = build_s / sql_floor_s. The database is dropped at the end unless ``--keep``.
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
YEAR = 2023
KINDS = (
    ("natural_person", 70),
    ("commercial_enterprise", 15),
    ("research_institution", 2),
    ("public_interest_org", 2),
    ("legal_service_org", 6),
    ("other_org", 5),
)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--agencies", type=int, default=100)
    parser.add_argument("--applications", type=int, default=100000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--keep", action="store_true", help="keep the benchmark database")
    parser.add_argument(
        "--smoke", action="store_true", help="5 agencies, 500 applications, own database name"
    )
    args = parser.parse_args()
    if args.smoke:
        args.agencies, args.applications = 5, 500
    return args


def setup_django(args: argparse.Namespace) -> None:
    url = os.environ.get("DATABASE_URL", "")
    suffix = f"_{os.getpid()}" if args.smoke else ""  # smoke runs of several checkouts may overlap
    if url.startswith("postgres"):
        os.environ.setdefault("GONGKAI_TEST_DATABASE", f"bench_reports{suffix}")
    else:
        os.environ.setdefault(
            "GONGKAI_TEST_DATABASE", f"/tmp/gongkai-bench-report-{args.applications}{suffix}.sqlite3"
        )
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.db import connection

    if connection.vendor == "sqlite":
        Path(os.environ["GONGKAI_TEST_DATABASE"]).unlink(missing_ok=True)
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)


def template_row(agency_id: int) -> dict[str, Any]:
    """One application saved through the model — ID number and contacts encrypted, the ID number's digest,
    every default — read back as the database holds it: the other rows are copies with a few columns varied,
    so that they are what the model would have written without a million saves."""
    from django.db import connection

    from gongkai.applications.models import Application
    from gongkai.lib import idcard

    id_first17 = "33041119850715231"
    template = Application.objects.create(
        agency_id=agency_id,
        tracking_code=f"B{0:09d}",
        access_secret="x",
        applicant_kind="natural_person",
        applicant_name="某",
        id_document="resident_id",
        id_number=id_first17 + idcard.check_character(id_first17),
        phone="13900000000",
        description="某项目资金拨付明细",
        form_wanted="electronic",
        delivery_wanted="email",
        channel="online",
        submitted_at=datetime.datetime(2024, 4, 1, tzinfo=datetime.UTC),
        received_on=datetime.date(2023, 3, 1),
        status="decided",
        closed_on=datetime.date(2023, 3, 20),
        decided_on=datetime.date(2023, 3, 20),
        outcome="granted",
    )
    columns = [f.column for f in Application._meta.concrete_fields if not f.primary_key]
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {', '.join(connection.ops.quote_name(c) for c in columns)} "
            f"FROM {Application._meta.db_table} WHERE id = %s",
            [template.pk],
        )
        return dict(zip(columns, cursor.fetchone(), strict=True))


def generate(args: argparse.Namespace, rng: random.Random) -> None:
    from django.db import connection, transaction
    from django.db.models import CharField, Value
    from django.db.models.functions import Cast, Concat

    from gongkai.agencies.models import Agency
    from gongkai.applications.models import Application
    from gongkai.applications.outcomes import outcomes_for
    from gongkai.reviews.models import Review

    with transaction.atomic():
        root = Agency.objects.create(name="基准市人民政府", level=Agency.Level.CITY)
        Agency.objects.bulk_create(
            [
                Agency(name=f"基准市第{n}局", level=Agency.Level.DEPARTMENT, parent=root, position=n)
                for n in range(1, args.agencies)
            ],
            batch_size=1000,
        )
        Agency.objects.filter(parent=root).update(
            path=Concat(Value(root.path), Cast("id", CharField()), Value("/"))
        )
    agency_ids = list(Agency.objects.values_list("id", flat=True))
    kinds = [kind for kind, _ in KINDS]
    weights = [weight for _, weight in KINDS]
    rows_by_year = {year: [o.key for o in outcomes_for(year)] for year in (2022, 2023, 2024)}
    first, span = datetime.date(2022, 6, 1), (datetime.date(2024, 3, 31) - datetime.date(2022, 6, 1)).days
    template = template_row(agency_ids[0])
    columns = list(template)
    sql = (
        f"INSERT INTO {Application._meta.db_table} ({', '.join(connection.ops.quote_name(c) for c in columns)}) "
        f"VALUES ({', '.join(['%s'] * len(columns))})"
    )
    day = connection.ops.adapt_datefield_value
    batch: list[Any] = []
    with transaction.atomic(), connection.cursor() as cursor:
        for n in range(1, args.applications):  # the template is the first application
            received = first + datetime.timedelta(days=rng.randrange(span))
            values = dict(template)
            values.update(
                agency_id=agency_ids[n % len(agency_ids)],
                tracking_code=f"B{n:09d}",
                received_on=day(received),
                applicant_kind=rng.choices(kinds, weights)[0],
            )
            if rng.random() < 0.05:
                values.update(status="in_progress", closed_on=None, decided_on=None, outcome="")
            else:
                closed = received + datetime.timedelta(days=rng.randrange(1, 60))
                values.update(
                    status="decided",
                    closed_on=day(closed),
                    decided_on=day(closed),
                    outcome=rng.choice(rows_by_year[min(closed.year, 2024)]),
                )
            batch.append([values[column] for column in columns])
            if len(batch) == 20000:
                cursor.executemany(sql, batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)
    decided = list(
        Application.objects.filter(status="decided", decided_on__year=YEAR).values_list(
            "id", "agency_id", "decided_on"
        )[::100]
    )
    reviews = []
    for pk, agency_id, decided_on in decided:
        assert decided_on is not None
        filed = decided_on + datetime.timedelta(days=rng.randrange(1, 40))
        decided_review = filed + datetime.timedelta(days=rng.randrange(10, 120))
        reviews.append(
            Review(
                kind=rng.choice(["reconsideration", "reconsideration", "litigation_direct"]),
                application_id=pk,
                agency_id=agency_id,
                filed_on=filed,
                body="基准市人民政府",
                outcome=rng.choice(["upheld", "corrected", "other", "pending"]),
                decided_on=decided_review,
            )
        )
    Review.objects.bulk_create(reviews, batch_size=5000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def sql_floor() -> float:
    """Section 三 for every agency in one hand-written GROUP BY."""
    from django.db import connection

    start, end = f"{YEAR}-01-01", f"{YEAR}-12-31"
    sql = """
        SELECT agency_id, applicant_kind,
               CASE WHEN received_on >= %s THEN 'new_received' ELSE 'carried_over' END AS intake,
               CASE WHEN closed_on <= %s THEN outcome ELSE 'carried_forward' END AS result,
               COUNT(*)
          FROM applications_application
         WHERE received_on <= %s AND (closed_on IS NULL OR closed_on >= %s)
         GROUP BY 1, 2, 3, 4
    """
    if connection.vendor == "postgresql":
        sql = sql.replace("%s THEN", "%s::date THEN").replace("<= %s AND", "<= %s::date AND")
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(sql, [start, end, end, start])
        cursor.fetchall()
    return time.perf_counter() - started


def build_everything() -> tuple[float, int]:
    from gongkai.agencies.models import Agency
    from gongkai.annual_report.rules import validate
    from gongkai.reports.build import build_reports
    from gongkai.reports.rollup import combine

    started = time.perf_counter()
    built = build_reports(None, YEAR)
    findings = {item.agency.name: validate(item.report) for item in built.values()}
    errors = sum(1 for found in findings.values() for finding in found if finding.severity == "error")
    root = Agency.objects.get(parent__isnull=True)
    reports = {item.agency.name: item.report for item in built.values()}
    order = [root.name] + [item.agency.name for item in built.values() if item.agency.pk != root.pk]
    combine(root.name, YEAR, reports, order, findings)
    return time.perf_counter() - started, errors


def main() -> None:
    args = parse_args()
    setup_django(args)
    from django.db import connection

    rng = random.Random(args.seed)
    started = time.perf_counter()
    generate(args, rng)
    print(
        f"generated {args.applications} applications in {time.perf_counter() - started:.1f} s",
        file=sys.stderr,
    )
    floor = min(sql_floor() for _ in range(3))
    build_s, errors = build_everything()
    print(f"vendor={connection.vendor} error_findings={errors}", file=sys.stderr)
    print(
        f"agencies={args.agencies} applications={args.applications} build_s={build_s:.2f} "
        f"sql_floor_s={floor:.2f} ratio={build_s / floor:.2f}"
    )
    if not args.keep:
        connection.creation.destroy_test_db(os.environ["GONGKAI_TEST_DATABASE"], verbosity=0)


if __name__ == "__main__":
    main()
