import datetime
from decimal import Decimal

import pytest

from gongkai.agencies.models import Agency
from gongkai.annual_report import AnnualReport, empty_report, validate
from gongkai.annual_report.formats import FORMATS, ReportFormat, format_for
from gongkai.catalog import actions
from gongkai.catalog.models import Document
from gongkai.catalog.proactive import Section, proactive_for_many
from gongkai.testing import Cast

from .helpers import publish


def proactive_counts(agency: Agency, year: int, report_format: ReportFormat | None = None) -> Section:
    return proactive_for_many([agency], year, report_format)[agency.pk]


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


def _2021_format_documents(cast: Cast, year: int) -> dict[str, object]:
    return proactive_counts(cast.agency, year)["normative_documents"]


def test_a_document_is_issued_in_the_year_it_was_written_not_the_year_it_went_online(cast: Cast) -> None:
    d = datetime.date
    publish(cast, "规范性文件丁", article20_item="normative_documents", written_on=d(2021, 12, 20),
            today=d(2022, 1, 10))  # fmt: skip
    # Without a date written, the publication date stands for it.
    publish(cast, "规范性文件戊", article20_item="normative_documents", today=d(2022, 3, 1))
    assert _2021_format_documents(cast, 2021) == {"issued": 1, "repealed": 0, "in_force": 1}
    assert _2021_format_documents(cast, 2022) == {"issued": 1, "repealed": 0, "in_force": 2}


def test_repealed_and_expired_documents_both_leave_through_the_repealed_column_so_r9_holds(
    cast: Cast,
) -> None:
    d = datetime.date

    def document(title: str, written: datetime.date, published: datetime.date) -> Document:
        return publish(cast, title, article20_item="normative_documents", written_on=written, today=published)

    kept = document("甲", d(2020, 5, 6), d(2020, 5, 20))
    repealed = document("乙", d(2021, 3, 1), d(2021, 3, 15))
    expired = document("丙", d(2021, 4, 1), d(2021, 4, 12))
    short_lived = document("丁", d(2022, 2, 1), d(2022, 2, 10))
    document("戊", d(2022, 12, 28), d(2023, 1, 5))  # written in 2022, online in 2023
    actions.do_repeal_document(cast.approver, repealed, d(2022, 6, 1), repealed_by=kept)
    actions.do_expire_document(cast.approver, expired, d(2022, 9, 30))
    actions.do_repeal_document(cast.approver, short_lived, d(2022, 10, 8))
    assert Document.objects.get(pk=expired.pk).validity == Document.Validity.EXPIRED  # not 废止

    assert _2021_format_documents(cast, 2021) == {"issued": 2, "repealed": 0, "in_force": 3}
    # 2022: 丁 and 戊 issued; 乙 repealed, 丙 expired, 丁 repealed; 甲 and 戊 in force: 3 + 2 − 3 = 2.
    assert _2021_format_documents(cast, 2022) == {"issued": 2, "repealed": 3, "in_force": 2}

    def report(year: int) -> AnnualReport:
        built = empty_report(format_for(year), cast.agency.name, year)
        built.proactive = proactive_counts(cast.agency, year)
        return built

    assert [finding for finding in validate(report(2022), report(2021)) if finding.rule == "R9"] == []
