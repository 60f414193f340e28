"""Section 二 for many agencies at once gives, for every agency, exactly the catalog's ``proactive_counts``."""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

import pytest

from gongkai.annual_report.formats import format_for
from gongkai.catalog.models import DecisionCount, Document
from gongkai.catalog.proactive import proactive_counts, proactive_for_many
from gongkai.reports.build import build_reports
from gongkai.testing import Cast

pytestmark = pytest.mark.django_db
D = datetime.date


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
def test_grouped_section_two_equals_the_catalog_function_for_every_agency(catalog: list, year: int) -> None:
    fmt = format_for(year)
    many = proactive_for_many(catalog, year, fmt)
    for agency in catalog:
        assert many[agency.pk] == proactive_counts(agency, year, fmt), agency
    built = build_reports(catalog, year)
    assert built[catalog[0].pk].report.proactive == proactive_counts(catalog[0], year)
