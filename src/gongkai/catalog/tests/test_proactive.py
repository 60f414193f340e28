import datetime
from decimal import Decimal

import pytest

from gongkai.annual_report.formats import FORMATS
from gongkai.catalog import actions
from gongkai.catalog.proactive import proactive_counts

from .helpers import publish


@pytest.fixture
def year_2021(cast):
    d = datetime.date
    kept = publish(
        cast,
        "规范性文件甲",
        article20_item="normative_documents",
        written_on=d(2020, 12, 1),
        today=d(2020, 12, 20),
    )
    gone = publish(
        cast,
        "规范性文件乙",
        article20_item="normative_documents",
        written_on=d(2021, 2, 1),
        today=d(2021, 2, 10),
    )
    publish(
        cast,
        "规范性文件丙",
        article20_item="normative_documents",
        written_on=d(2021, 6, 1),
        today=d(2021, 6, 10),
    )
    actions.do_create_document(cast.clerk, cast.agency, title="草稿", article20_item="normative_documents",
                               written_on=d(2021, 9, 1))  # fmt: skip
    actions.do_repeal_document(cast.approver, gone, d(2021, 11, 1), repealed_by=kept)
    actions.do_set_decision_counts(
        cast.approver, cast.agency, 2020, licensing_items=10, penalty_items=4, fee_items=2
    )
    actions.do_set_decision_counts(
        cast.approver, cast.agency, 2021, licensing_items=12, licensing_decisions=130, penalty_items=3,
        penalty_decisions=7, enforcement_decisions=0, fee_items=2, fee_amount_10k_yuan=Decimal("9116.36"),
        procurement_projects=4, procurement_amount="5394432.52元",
    )  # fmt: skip
    return cast


def test_the_2021_format_counts_issued_repealed_and_in_force(year_2021):
    assert proactive_counts(year_2021.agency, 2021) == {
        "rules": {"issued": 0, "repealed": 0, "in_force": 0},
        "normative_documents": {"issued": 2, "repealed": 1, "in_force": 2},
        "licensing": {"decisions": 130},
        "penalty": {"decisions": 7},
        "enforcement": {"decisions": 0},
        "fees": {"amount_10k_yuan": "9116.36"},
    }


def test_the_2019_format_counts_made_published_total_and_item_changes(year_2021):
    counts = proactive_counts(year_2021.agency, 2021, FORMATS["2019"])
    assert counts["normative_documents"] == {"made": 3, "published": 2, "total": 3}
    assert counts["licensing"] == {"prior_items": 10, "change": 2, "decisions": 130}
    assert counts["penalty"] == {"prior_items": 4, "change": -1, "decisions": 7}
    assert counts["other_services"] == {"prior_items": None, "change": None, "decisions": None}
    assert counts["fees"] == {"prior_items": 2, "change": 0}
    assert counts["procurement"] == {"projects": 4, "amount": "5394432.52元"}
    assert set(counts) == {"rules", "normative_documents", "licensing", "other_services", "penalty",
                           "enforcement", "fees", "procurement"}  # fmt: skip


def test_years_without_entered_counts_are_null_not_zero(cast):
    counts = proactive_counts(cast.agency, 2019)
    assert counts["licensing"] == {"prior_items": None, "change": None, "decisions": None}
    assert counts["rules"] == {"made": 0, "published": 0, "total": 0}
