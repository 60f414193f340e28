"""Section 二 for many agencies at once gives, for every agency, exactly its cells counted one by one."""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

import pytest

from gongkai.agencies.models import Agency
from gongkai.annual_report.formats import Documents, Entered, ReportFormat, format_for
from gongkai.catalog.models import DecisionCount, Document
from gongkai.catalog.proactive import Section, counted_documents, entered_value, proactive_for_many
from gongkai.reports.build import build_reports
from gongkai.testing import Cast

pytestmark = pytest.mark.django_db
D = datetime.date


def one_by_one(agency: Agency, year: int, report_format: ReportFormat) -> Section:
    """The oracle: every cell of section 二 for one agency, one query a cell, by the cell's definition."""
    documents = Document.objects.for_agency(agency)
    this = DecisionCount.objects.filter(agency=agency, year=year).first() or DecisionCount(year=year)
    prior = DecisionCount.objects.filter(agency=agency, year=year - 1).first() or DecisionCount(year=year - 1)
    cells: Section = {}
    for row in report_format.proactive_rows:
        cells[row.key] = {}
        for column in row.columns:
            measure = row.measures.get(column.key)
            if isinstance(measure, Documents):
                value = counted_documents(documents, row.key, measure.count, year).count()
            elif isinstance(measure, Entered):
                value = entered_value(measure, this, prior)
            else:
                value = None
            cells[row.key][column.key] = value
    return cells


@pytest.fixture
def catalog(cast: Cast) -> list:
    rng = random.Random(7)
    agencies = [cast.agency, cast.other_agency, cast.outside_agency, cast.district]
    for n in range(160):
        published = D(2019, 6, 1) + datetime.timedelta(days=rng.randrange(900))
        validity = rng.choice(["in_force", "in_force", "repealed", "expired"])
        Document.objects.create(
            agency=rng.choice(agencies[:3]),
            title=f"文件{n}",
            written_on=published - datetime.timedelta(days=rng.randrange(40)),
            published_on=published,
            status=rng.choice(["published", "published", "draft"]),
            disclosure_mode=rng.choice(["proactive", "proactive", "on_application"]),
            article20_item=rng.choice(["rules", "normative_documents", "licensing", ""]),
            validity=validity,
            validity_changed_on=None if validity == "in_force" else published + datetime.timedelta(days=200),
        )
    for year in (2019, 2020, 2021):
        DecisionCount.objects.create(
            agency=cast.agency,
            year=year,
            licensing_items=10 + year % 7,
            licensing_decisions=100,
            other_services_items=3,
            fee_items=2,
            fee_amount_10k_yuan=Decimal("1.2500"),
            procurement_projects=4,
            procurement_amount="12.5万元",
        )
    DecisionCount.objects.create(agency=cast.other_agency, year=2021, penalty_decisions=9)
    return agencies


@pytest.mark.parametrize("year", [2020, 2021])
def test_grouped_section_two_equals_each_agencys_cells_counted_one_by_one(catalog: list, year: int) -> None:
    fmt = format_for(year)
    many = proactive_for_many(catalog, year, fmt)
    for agency in catalog:
        assert many[agency.pk] == one_by_one(agency, year, fmt), agency
    built = build_reports(catalog, year)
    assert built[catalog[0].pk].report.proactive == one_by_one(catalog[0], year, fmt)
